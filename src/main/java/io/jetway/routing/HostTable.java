package io.jetway.routing;

import java.util.Map;

/**
 * Host names to their candidates ({@link RouterNumbering}), in two flat int arrays, so a lookup at
 * 100,000 hosts touches about two cache lines that are not hot: the slot and the host's record.
 * A {@code HashMap<String, ...>} reaches the same data through its slot, node, key string, the
 * key's bytes, the value and its arrays, each a cache miss when the host was not seen recently.
 *
 * <p>Open addressing with linear probing; a slot is two ints (the key's {@link String#hashCode},
 * the record's offset + 1, 0 for an empty slot). A record is the key's length, its characters two
 * per int, the number of candidates and the candidates themselves.
 */
final class HostTable {

    static final HostTable EMPTY = new HostTable(Map.of());

    private final int[] slots;
    private final int mask;
    /** The records; {@link #find} gives the offset of a host's first candidate in here. */
    private final int[] records;
    /** The highest priority of any candidate; meaningless when there are none. */
    private final int bestPriority;

    /** @param candidates each host's candidates, highest priority first, none empty */
    HostTable(Map<String, int[]> candidates) {
        int capacity = Integer.highestOneBit(Math.max(2, candidates.size() * 2) - 1) << 1;
        this.slots = new int[capacity * 2];
        this.mask = capacity - 1;
        int size = 0;
        for (Map.Entry<String, int[]> e : candidates.entrySet()) {
            size += 2 + (e.getKey().length() + 1) / 2 + e.getValue().length;
        }
        this.records = new int[size];
        int best = Integer.MIN_VALUE;
        int at = 0;
        for (Map.Entry<String, int[]> e : candidates.entrySet()) {
            String host = e.getKey();
            int[] entries = e.getValue();
            int slot = spread(host.hashCode()) & mask;
            while (slots[slot * 2 + 1] != 0) {
                slot = (slot + 1) & mask;
            }
            slots[slot * 2] = host.hashCode();
            slots[slot * 2 + 1] = at + 1;
            records[at++] = host.length();
            for (int i = 0; i < host.length(); i += 2) {
                records[at++] = pair(host, i, host.length());
            }
            records[at++] = entries.length / RouterNumbering.STRIDE;
            System.arraycopy(entries, 0, records, at, entries.length);
            at += entries.length;
            best = Math.max(best, entries[RouterNumbering.PRIORITY]);
        }
        this.bestPriority = best;
    }

    int[] records() {
        return records;
    }

    boolean isEmpty() {
        return records.length == 0;
    }

    int bestPriority() {
        return bestPriority;
    }

    /**
     * The offset in {@link #records()} of the first candidate of the host
     * {@code host.substring(from)} (their number is at offset - 1), or -1 when it has none.
     */
    int find(String host, int from) {
        int hash = hash(host, from);
        int slot = spread(hash) & mask;
        while (true) {
            int record = slots[slot * 2 + 1] - 1;
            if (record < 0) {
                return -1;
            }
            if (slots[slot * 2] == hash && sameKey(record, host, from)) {
                return record + 1 + (records[record] + 1) / 2 + 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    private boolean sameKey(int record, String host, int from) {
        int length = host.length() - from;
        if (records[record] != length) {
            return false;
        }
        for (int i = 0, at = record + 1; i < length; i += 2, at++) {
            if (records[at] != pair(host, from + i, host.length())) {
                return false;
            }
        }
        return true;
    }

    /** Characters i and i + 1 of s, the second 0 past the end. */
    private static int pair(String s, int i, int end) {
        return s.charAt(i) | (i + 1 < end ? s.charAt(i + 1) << 16 : 0);
    }

    /** {@code host.substring(from).hashCode()}, without the substring. */
    private static int hash(String host, int from) {
        if (from == 0) {
            return host.hashCode();
        }
        int h = 0;
        for (int i = from; i < host.length(); i++) {
            h = 31 * h + host.charAt(i);
        }
        return h;
    }

    /** As HashMap: mixes the high bits in, since the mask keeps only the low ones. */
    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
