package io.jetway.routing;

import io.jetway.routing.rule.PathKeys;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Routers without a host, keyed by the path prefixes their rules require, so a request only
 * evaluates those whose prefix its routing path starts with.
 *
 * <p>The prefixes are sorted. Every key that is a prefix of a path lies on the "parent" chain of
 * the greatest key not after the path (the floor): a key k with {@code k <= floor <= path} that is
 * a prefix of the path is also a prefix of the floor. So a lookup is one binary search and a walk
 * up that chain, and each key holds the routers of itself and of all its ancestors, merged in
 * priority order when the index is built, not per request.
 */
final class PathPrefixIndex {

    private static final CompiledRouter[] NONE = new CompiledRouter[0];

    private final String[] prefixes;
    /** The longest other key that is a prefix of prefixes[i], or -1. */
    private final int[] parents;
    /** The routers of prefixes[i] and of its ancestors, highest priority first. */
    private final CompiledRouter[][] routers;

    PathPrefixIndex(List<CompiledRouter> indexable) {
        Map<String, List<CompiledRouter>> byPrefix = new TreeMap<>();
        for (CompiledRouter r : indexable) {
            PathKeys keys = r.rule().pathKeys();
            keys.prefixes().forEach(p -> byPrefix.computeIfAbsent(p, k -> new ArrayList<>()).add(r));
        }
        int n = byPrefix.size();
        prefixes = byPrefix.keySet().toArray(String[]::new);
        parents = new int[n];
        routers = new CompiledRouter[n][];
        for (int i = 0; i < n; i++) {
            // The same argument as for a lookup: the ancestors of prefixes[i] are on the chain of i - 1.
            int parent = chainEntryFor(i - 1, prefixes[i]);
            parents[i] = parent;
            List<CompiledRouter> own = new ArrayList<>(byPrefix.get(prefixes[i]));
            if (parent >= 0) {
                own.addAll(List.of(routers[parent]));
            }
            routers[i] = own.stream().distinct().sorted(CompiledRouter.ORDER).toArray(CompiledRouter[]::new);
        }
    }

    boolean isEmpty() {
        return prefixes.length == 0;
    }

    /** The routers whose prefix the path starts with, highest priority first; never null. */
    CompiledRouter[] candidates(String path) {
        int found = Arrays.binarySearch(prefixes, path);
        int floor = found >= 0 ? found : -found - 2;
        int key = chainEntryFor(floor, path);
        return key < 0 ? NONE : routers[key];
    }

    /** Walks up from key to the first key on its chain that the path starts with, or -1. */
    private int chainEntryFor(int key, String path) {
        while (key >= 0 && !path.startsWith(prefixes[key])) {
            key = parents[key];
        }
        return key;
    }

    /** Every router of the index, once each. */
    List<CompiledRouter> all() {
        List<CompiledRouter> all = new ArrayList<>();
        for (CompiledRouter[] a : routers) {
            all.addAll(List.of(a));
        }
        return all.stream().distinct().toList();
    }
}
