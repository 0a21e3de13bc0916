package io.jetway.server.proxy;

import io.jetway.service.Backend;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Decrements a backend's in-flight count once, when the async exchange ends however it ends, or
 * earlier when a retry moves the request to another server.
 */
final class InFlightRelease implements AsyncListener {
    private final Backend backend;
    private final AtomicBoolean released = new AtomicBoolean();

    InFlightRelease(Backend backend) {
        this.backend = backend;
    }

    void release() {
        if (released.compareAndSet(false, true)) {
            backend.inFlight().decrementAndGet();
        }
    }

    @Override
    public void onComplete(AsyncEvent event) {
        release();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        release();
    }

    @Override
    public void onError(AsyncEvent event) {
        release();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
