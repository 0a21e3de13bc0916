package io.jetway.service;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The counts behind Traefik's mirroring percentages: requests seen by the mirroring service and,
 * per mirror, requests copied to it. Kept across reloads while the service is unchanged, so a
 * percentage stays exact over time instead of restarting at every reload.
 */
public final class MirrorCounters {

    private final AtomicLong total = new AtomicLong();
    private final AtomicLong[] mirrored;

    public MirrorCounters(int mirrors) {
        mirrored = new AtomicLong[mirrors];
        for (int i = 0; i < mirrors; i++) {
            mirrored[i] = new AtomicLong();
        }
    }

    /** Counts one more request and returns the new total. */
    long nextRequest() {
        return total.incrementAndGet();
    }

    /** Traefik's rule: the request is copied to the mirror while {@code count*100 < total*percent}. */
    boolean take(int mirror, long total, int percent) {
        AtomicLong count = mirrored[mirror];
        while (true) {
            long seen = count.get();
            if (seen * 100 >= total * percent) {
                return false;
            }
            if (count.compareAndSet(seen, seen + 1)) {
                return true;
            }
        }
    }
}
