package io.jetway.service.l4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class WeightedRoundRobinTest {

    private static WeightedRoundRobin<String> wrr(Integer... weights) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            names.add(String.valueOf((char) ('A' + i)));
        }
        return WeightedRoundRobin.of(names, List.of(weights));
    }

    private static String picks(WeightedRoundRobin<String> wrr, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(wrr.next());
        }
        return out.toString();
    }

    private static Map<String, Integer> counts(WeightedRoundRobin<String> wrr, int n) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(wrr.next(), 1, Integer::sum);
        }
        return counts;
    }

    // The sequences below follow Traefik's loop step by step (max weight, GCD, index from -1).

    @Test
    void equalWeightsAlternate() {
        assertEquals("ABABABAB", picks(wrr(1, 1), 8));
    }

    @Test
    void threeToOneSendsThreeInARowThenOne() {
        assertEquals("AAABAAABAAAB", picks(wrr(3, 1), 12));
    }

    @Test
    void twoFourSixInterleavesByGcd() {
        assertEquals("CBCABC" + "CBCABC", picks(wrr(2, 4, 6), 12));
    }

    @Test
    void oneTargetAlone() {
        assertEquals("AAAA", picks(wrr(5), 4));
    }

    @Test
    void zeroWeightIsNeverChosen() {
        assertEquals("ACACAC", picks(wrr(1, 0, 1), 6));
        assertEquals("BBBB", picks(wrr(0, 2), 4));
    }

    @Test
    void nothingToChooseGivesNull() {
        assertNull(wrr(0, 0).next());
        assertNull(WeightedRoundRobin.of(List.<String>of(), List.of()).next());
    }

    @Test
    void negativeWeightIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> wrr(1, -1));
    }

    @Test
    void thousandPicksFollowTheWeightsExactly() {
        assertEquals(Map.of("A", 750, "B", 250), counts(wrr(3, 1), 1000));
        assertEquals(Map.of("A", 500, "B", 500), counts(wrr(1, 1), 1000));
        assertEquals(Map.of("A", 200, "B", 800), counts(wrr(1, 4), 1000));
        assertEquals(Map.of("A", 167, "B", 334, "C", 501), counts(wrr(2, 4, 6), 1002));
    }

    @Test
    void unavailableTargetsAreSkippedAndTheRestKeepTheirOrder() {
        WeightedRoundRobin<String> wrr = wrr(3, 1, 2);
        assertEquals("AACACAACAC", pickAvailable(wrr, t -> !t.equals("B"), 10));
        assertNull(wrr.next(t -> false));
        assertNull(wrr(0, 1).next(t -> t.equals("A")), "weight 0 stays unchosen even when available");
    }

    private static String pickAvailable(WeightedRoundRobin<String> wrr, Predicate<String> ok, int n) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < n; i++) {
            out.append(wrr.next(ok));
        }
        return out.toString();
    }

    @Test
    void concurrentPicksKeepExactTotals() throws Exception {
        WeightedRoundRobin<String> wrr = wrr(3, 1);
        int threads = 8;
        int perThread = 1000;
        Map<String, LongAdder> totals = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        totals.computeIfAbsent(wrr.next(), k -> new LongAdder()).increment();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // Every pick is one step of a single sequence, so 8,000 picks are 2,000 whole cycles.
        assertEquals(6000, totals.get("A").sum());
        assertEquals(2000, totals.get("B").sum());
    }
}
