package io.jetway.service;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Traefik's mirroring arithmetic, and how nested mirrors limit the body of a copy. */
class MirrorCountersTest {

    @ParameterizedTest(name = "{0}% of {1} requests -> {2}, first at request {3}")
    @CsvSource({
            "0, 100, 0, 0",
            "1, 100, 1, 1",
            "10, 100, 10, 1",
            "33, 100, 33, 1",
            "50, 7, 4, 1",
            "100, 40, 40, 1",
    })
    void mirrorsWhileCountTimes100IsBelowTotalTimesPercent(int percent, int requests, long mirrored, int first) {
        MirrorCounters counters = new MirrorCounters(1);
        long count = 0;
        int firstMirrored = 0;
        for (int i = 1; i <= requests; i++) {
            if (counters.take(0, counters.nextRequest(), percent)) {
                count++;
                firstMirrored = firstMirrored == 0 ? i : firstMirrored;
            }
        }
        assertEquals(mirrored, count);
        assertEquals(first, firstMirrored);
    }

    @Test
    void mirrorsAreCountedApart() {
        MirrorCounters counters = new MirrorCounters(2);
        int tens = 0;
        int halves = 0;
        for (int i = 0; i < 20; i++) {
            long total = counters.nextRequest();
            tens += counters.take(0, total, 10) ? 1 : 0;
            halves += counters.take(1, total, 50) ? 1 : 0;
        }
        assertEquals(2, tens);
        assertEquals(10, halves);
    }

    @Test
    void aCopyOfACopyCarriesNoMoreBodyThanItsSource() {
        Backend b = Backend.of("http://127.0.0.1:1", true, "s");
        assertEquals(new MirrorTarget(b, false, 10), new MirrorTarget(b, true, 10).within(false, -1));
        assertEquals(new MirrorTarget(b, true, 10), new MirrorTarget(b, true, -1).within(true, 10));
        assertEquals(new MirrorTarget(b, true, 5), new MirrorTarget(b, true, 5).within(true, 10));
        assertEquals(new MirrorTarget(b, true, -1), new MirrorTarget(b, true, -1).within(true, -1));
    }
}
