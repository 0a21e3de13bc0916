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
    /** The longest other key that is a prefix of prefixes[i], or -1. */
    private final int[] parents;
    /** The candidates of every key, one after the other. */
    private final int[] candidates;
    /** Key i's candidates are candidates[starts[i]] up to candidates[starts[i + 1]]. */
    private final int[] starts;
    /** The lowest rank of any candidate, {@link Integer#MAX_VALUE} when there are none. */
    private final int bestRank;

    PathPrefixIndex(List<CompiledRouter> indexable, RouterNumbering numbering) {
        Map<String, List<CompiledRouter>> byPrefix = new TreeMap<>();
        for (CompiledRouter r : indexable) {
            PathKeys keys = r.rule().pathKeys();
            keys.prefixes().forEach(p -> byPrefix.computeIfAbsent(p, k -> new ArrayList<>()).add(r));
        }
        int n = byPrefix.size();
        prefixes = byPrefix.keySet().toArray(String[]::new);
        parents = new int[n];
        starts = new int[n + 1];
        List<Set<CompiledRouter>> withAncestors = new ArrayList<>(n);
        List<int[]> perKey = new ArrayList<>(n);
        int best = Integer.MAX_VALUE;
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
            best = Math.min(best, keyCandidates[RouterNumbering.RANK]);
        }
        candidates = new int[starts[n]];
        for (int i = 0; i < n; i++) {
            System.arraycopy(perKey.get(i), 0, candidates, starts[i], perKey.get(i).length);
        }
        bestRank = best;
    }

    int bestRank() {
        return bestRank;
    }

    int[] candidates() {
        return candidates;
    }

    /** The key whose candidates the path's routers are (see {@link #start}, {@link #end}), or -1. */
    int keyFor(String path) {
        int found = Arrays.binarySearch(prefixes, path);
        int floor = found >= 0 ? found : -found - 2;
        return chainEntryFor(floor, path);
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
