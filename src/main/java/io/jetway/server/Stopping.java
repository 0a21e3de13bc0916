package io.jetway.server;

/**
 * Whether Jetway is shutting down: set once when a stop begins, read by {@code /ping} (503 from
 * then on, so load balancers take this instance out before it stops accepting).
 */
public final class Stopping {

    private volatile boolean stopping;

    public void begin() {
        stopping = true;
    }

    public boolean isStopping() {
        return stopping;
    }
}
