package io.jetway.provider;

import io.jetway.kube.ResourceSnapshot;

import java.util.function.Consumer;

/**
 * A source of Kubernetes-shaped objects. It only produces immutable snapshots and knows nothing
 * of routing: each call of the sink replaces this provider's previous snapshot.
 */
public interface Provider extends AutoCloseable {

    /** A short name for logs, e.g. {@code file}. */
    String name();

    /**
     * Emits the first snapshot before returning, then later ones from its own thread; unless
     * {@link #firstSnapshotLater()}, when the first one may come later too.
     */
    void start(Consumer<ResourceSnapshot> sink) throws Exception;

    /** True when {@link #start} returns before the first snapshot (Jetway is not ready until it arrives). */
    default boolean firstSnapshotLater() {
        return false;
    }

    @Override
    void close();
}
