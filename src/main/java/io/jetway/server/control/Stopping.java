package io.jetway.server.control;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether Jetway is shutting down: set once when a stop begins, read by {@code /ping} (503 from
 * then on, so load balancers take this instance out before it stops accepting). Also whether a
 * provider still owes its first snapshot: until then {@code /ping} answers 503 too.
 */
public final class Stopping {

    private volatile boolean stopping;
    private final Set<String> awaitingFirstSync = ConcurrentHashMap.newKeySet();

    /** A provider that emits its first snapshot later (the Kubernetes API server may be down). */
    public void awaitFirstSync(String provider) {
        awaitingFirstSync.add(provider);
    }

    public void firstSyncDone(String provider) {
        awaitingFirstSync.remove(provider);
    }

    /** Every provider has delivered its first snapshot. */
    public boolean isSynced() {
        return awaitingFirstSync.isEmpty();
    }

    public void begin() {
        stopping = true;
    }

    public boolean isStopping() {
        return stopping;
    }
}
