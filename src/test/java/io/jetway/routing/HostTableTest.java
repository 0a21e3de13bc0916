package io.jetway.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HostTableTest {

    @Test
    void keysWithTheSameHashAreToldApartByTheirCharacters() {
        assertEquals("Aa".hashCode(), "BB".hashCode());
        HostTable table = new HostTable(Map.of("Aa", candidates(1), "BB", candidates(2), "AaBB", candidates(3)));

        assertEquals(1, priorityAt(table, "Aa", 0));
        assertEquals(2, priorityAt(table, "BB", 0));
        assertEquals(3, priorityAt(table, "AaBB", 0));
        assertEquals(-1, table.find("BBAa", 0), "same hash as AaBB, other characters");
        assertEquals(-1, table.find("aa", 0));
        assertEquals(3, table.bestPriority());
    }

    @Test
    void aSuffixIsLookedUpWithoutCuttingIt() {
        HostTable table = new HostTable(Map.of("example.com", candidates(7), "\u00fc.example.com", candidates(8)));

        assertEquals(7, priorityAt(table, "www.example.com", 4));
        assertEquals(8, priorityAt(table, "x.\u00fc.example.com", 2));
        assertEquals(-1, table.find("www.example.com", 3), "the dot is part of the key then");
        assertEquals(-1, table.find("example.co", 0));
        assertEquals(-1, table.find("example.comm", 0));
    }

    @Test
    void everyKeyOfALargeTableIsFoundWithItsCandidates() {
        Map<String, int[]> byHost = new HashMap<>();
        for (int h = 0; h < 5000; h++) {
            int[] c = new int[RouterNumbering.STRIDE * (1 + h % 4)];
            for (int k = 0; k < c.length; k++) {
                c[k] = h * 10 + k;
            }
            byHost.put("app-" + h + ".example.com", c);
        }
        HostTable table = new HostTable(byHost);

        byHost.forEach((host, expected) -> {
            int at = table.find(host, 0);
            int count = table.records()[at - 1];
            int[] found = Arrays.copyOfRange(table.records(), at, at + count * RouterNumbering.STRIDE);
            assertArrayEquals(expected, found, host);
        });
        assertEquals(-1, table.find("app-5000.example.com", 0));
        assertEquals(-1, table.find("", 0));
        assertEquals(49990, table.bestPriority());
    }

    @Test
    void anEmptyTableFindsNothing() {
        assertEquals(-1, HostTable.EMPTY.find("a.com", 0));
        assertEquals(-1, HostTable.EMPTY.find("", 0));
        assertTrue(HostTable.EMPTY.isEmpty());
    }

    private static int[] candidates(int rank) {
        return new int[] {rank, rank, 0};
    }

    private static int priorityAt(HostTable table, String host, int from) {
        int at = table.find(host, from);
        return at < 0 ? -1 : table.records()[at + RouterNumbering.PRIORITY];
    }
}
