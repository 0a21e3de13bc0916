package io.jetway.server.udp;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The counters one selector thread writes and any thread reads. */
final class UdpStats {

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    private final AtomicLong noRoute = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    void sessionOpened() {
        opened.incrementAndGet();
        open.incrementAndGet();
    }

    void sessionClosed() {
        closed.incrementAndGet();
        open.decrementAndGet();
    }

    void noRoute() {
        noRoute.incrementAndGet();
    }

    void dropped() {
        dropped.incrementAndGet();
    }

    int openSessions() {
        return open.get();
    }

    UdpCounters snapshot() {
        return new UdpCounters(opened.get(), closed.get(), noRoute.get(), dropped.get());
    }
}
