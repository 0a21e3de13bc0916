package io.jetway.service;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class WeightedRoundRobinTest {

    record Fixed(String name, Backend backend) implements ServiceHandler {
        static Fixed up(String name) {
            return new Fixed(name, Backend.of("http://" + name + ":80", true, name));
        }

        static Fixed down(String name) {
            return new Fixed(name, null);
        }

        @Override
        public Backend select(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response) {
            return backend;
        }
    }

    static Map<String, Integer> spread(ServiceHandler h, int requests) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < requests; i++) {
            Backend b = h.select(null, null);
            counts.merge(b == null ? "none" : b.serviceName(), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void canary90To10IsExactOverWholeCycles() {
        var wrr = new WeightedRoundRobin("w", List.of(new WeightedRoundRobin.Child(Fixed.up("main"), 90),
                new WeightedRoundRobin.Child(Fixed.up("canary"), 10)), new AtomicInteger());
        assertEquals(Map.of("main", 9000, "canary", 1000), spread(wrr, 10_000));
    }

    @Test
    void interleavesInsteadOfBursting() {
        var wrr = new WeightedRoundRobin("w", List.of(new WeightedRoundRobin.Child(Fixed.up("a"), 1),
                new WeightedRoundRobin.Child(Fixed.up("b"), 1), new WeightedRoundRobin.Child(Fixed.up("c"), 2)), new AtomicInteger());
        StringBuilder order = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            order.append(wrr.select(null, null).serviceName());
        }
        // Earliest deadline first for weights 1, 1, 2: one cycle is c a b c, then it repeats.
        assertEquals("cabccabc", order.toString());
    }

    @Test
    void skipsChildrenWithoutServersAndZeroWeights() {
        var wrr = new WeightedRoundRobin("w", List.of(new WeightedRoundRobin.Child(Fixed.down("dead"), 5),
                new WeightedRoundRobin.Child(Fixed.up("alive"), 1), new WeightedRoundRobin.Child(Fixed.up("off"), 0)), new AtomicInteger());
        assertEquals(Map.of("alive", 60), spread(wrr, 60));
        var allDown = new WeightedRoundRobin("w", List.of(new WeightedRoundRobin.Child(Fixed.down("x"), 1)), new AtomicInteger());
        assertNull(allDown.select(null, null));
        assertNull(new WeightedRoundRobin("w", List.of(), new AtomicInteger()).select(null, null));
    }

    @Test
    void hugeWeightsAreScaledNotRefused() {
        var wrr = new WeightedRoundRobin("w", List.of(new WeightedRoundRobin.Child(Fixed.up("a"), 3_000_000),
                new WeightedRoundRobin.Child(Fixed.up("b"), 1_000_001)), new AtomicInteger());
        Map<String, Integer> counts = spread(wrr, 10_000);
        assertEquals(7500, counts.get("a"), 2);
    }

    @Test
    void positionIsSharedAcrossRebuilds() {
        AtomicInteger position = new AtomicInteger();
        List<WeightedRoundRobin.Child> children = List.of(new WeightedRoundRobin.Child(Fixed.up("a"), 1),
                new WeightedRoundRobin.Child(Fixed.up("b"), 1));
        var before = new WeightedRoundRobin("w", children, position);
        assertEquals("a", before.select(null, null).serviceName());
        var afterReload = new WeightedRoundRobin("w", children, position);
        assertEquals("b", afterReload.select(null, null).serviceName(), "a reload does not restart the cycle");
    }
}
