package io.jetway.routing;

import io.jetway.routing.rule.PathKeys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Routers without a host, keyed by the path prefixes their rules require, so a request only
 * evaluates those whose prefix its routing path starts with.
 *
 * <p>The prefixes are sorted. Every key that is a prefix of a path lies on the "parent" chain of
 * the greatest key not after the path (the floor): a key k with {@code k <= floor <= path} that is
 * a prefix of the path is also a prefix of the floor. So a lookup is one binary search and a walk
 * up that chain, and each key holds the candidates ({@link RouterNumbering}) of itself and of all
 * its ancestors, merged in priority order when the index is built, not per request.
 */
final class PathPrefixIndex {

    private final String[] prefixes;
    /** {@link #head} of each prefix: the binary search compares these and rarely reads a prefix. */
    private final long[] heads;
    /** The longest other key that is a prefix of prefixes[i], or -1. */
    private final int[] parents;
    /** The candidates of every key, one after the other. */
    private final int[] candidates;
    /** Key i's candidates are candidates[starts[i]] up to candidates[starts[i + 1]]. */
    private final int[] starts;
    /** The highest priority of any candidate; meaningless when there are none. */
    private final int bestPriority;

    PathPrefixIndex(List<CompiledRouter> indexable, RouterNumbering numbering) {
        Map<String, List<CompiledRouter>> byPrefix = new TreeMap<>();
        for (CompiledRouter r : indexable) {
            PathKeys keys = r.rule().pathKeys();
            keys.prefixes().forEach(p -> byPrefix.computeIfAbsent(p, k -> new ArrayList<>()).add(r));
        }
        int n = byPrefix.size();
        prefixes = byPrefix.keySet().toArray(String[]::new);
        heads = Arrays.stream(prefixes).mapToLong(PathPrefixIndex::head).toArray();
        parents = new int[n];
        starts = new int[n + 1];
        List<Set<CompiledRouter>> withAncestors = new ArrayList<>(n);
        List<int[]> perKey = new ArrayList<>(n);
        int best = Integer.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            // The same argument as for a lookup: the ancestors of prefixes[i] are on the chain of i - 1.
            int parent = chainEntryFor(i - 1, prefixes[i]);
            parents[i] = parent;
            Set<CompiledRouter> own = new LinkedHashSet<>(byPrefix.get(prefixes[i]));
            if (parent >= 0) {
                own.addAll(withAncestors.get(parent));
            }
            withAncestors.add(own);
            int[] keyCandidates = numbering.candidates(own, CompiledRouter::rule);
            perKey.add(keyCandidates);
            starts[i + 1] = starts[i] + keyCandidates.length;
            best = Math.max(best, keyCandidates[RouterNumbering.PRIORITY]);
        }
        candidates = new int[starts[n]];
        for (int i = 0; i < n; i++) {
            System.arraycopy(perKey.get(i), 0, candidates, starts[i], perKey.get(i).length);
        }
        bestPriority = best;
    }

    boolean isEmpty() {
        return prefixes.length == 0;
    }

    int bestPriority() {
        return bestPriority;
    }

    int[] candidates() {
        return candidates;
    }

    /** The key whose candidates the path's routers are (see {@link #start}, {@link #end}), or -1. */
    int keyFor(String path) {
        return chainEntryFor(floor(path), path);
    }

    /** The greatest prefix not after the path, or -1 (Arrays.binarySearch, with the heads first). */
    private int floor(String path) {
        long head = head(path);
        int low = 0;
        int high = prefixes.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int c = Long.compare(heads[mid], head);
            if (c == 0) {
                c = prefixes[mid].compareTo(path);
            }
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return low - 1;
    }

    /**
     * The first eight characters of s as a long that orders as they do: one byte each, first in the
     * highest, 0 past the end; a character from U+00FF up makes its byte and all later ones 0xFF.
     * So heads that differ order their strings, and equal heads leave it to the strings.
     * The sign bit is flipped so that a signed comparison is an unsigned one.
     */
    private static long head(String s) {
        long head = 0;
        boolean saturated = false;
        for (int i = 0; i < 8; i++) {
            int c = i < s.length() ? s.charAt(i) : 0;
            saturated |= c >= 0xFF;
            head = head << 8 | (saturated ? 0xFF : c);
        }
        return head ^ Long.MIN_VALUE;
    }

    /** Where the key's candidates start in {@link #candidates()}. */
    int start(int key) {
        return starts[key];
    }

    /** Where the key's candidates end in {@link #candidates()}. */
    int end(int key) {
        return starts[key + 1];
    }

    /** Walks up from key to the first key on its chain that the path starts with, or -1. */
    private int chainEntryFor(int key, String path) {
        while (key >= 0 && !path.startsWith(prefixes[key])) {
            key = parents[key];
        }
        return key;
    }
}
