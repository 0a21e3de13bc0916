package io.jetway.routing;

import io.jetway.routing.rule.HostKeys;
import io.jetway.routing.rule.RequestView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routers of one entry point, indexed by host so a request only evaluates routers that can
 * match it: those keyed by its exact host, those keyed by its one-label wildcard, and those whose
 * rule cannot be keyed by host. The three sorted arrays are walked in merged priority order, so
 * the first rule that matches is the one Traefik would pick, without allocating per request.
 */
public final class RouterIndex {

    private static final CompiledRouter[] NONE = new CompiledRouter[0];

    private final Map<String, CompiledRouter[]> exact;
    private final Map<String, CompiledRouter[]> wildcard;
    private final CompiledRouter[] unindexed;

    RouterIndex(List<CompiledRouter> routers) {
        Map<String, List<CompiledRouter>> byExact = new HashMap<>();
        Map<String, List<CompiledRouter>> byWildcard = new HashMap<>();
        List<CompiledRouter> rest = new ArrayList<>();
        for (CompiledRouter r : routers) {
            HostKeys keys = r.rule().hostKeys();
            if (!keys.indexable()) {
                rest.add(r);
                continue;
            }
            keys.exact().forEach(h -> byExact.computeIfAbsent(h, k -> new ArrayList<>()).add(r));
            keys.wildcards().forEach(h -> byWildcard.computeIfAbsent(h, k -> new ArrayList<>()).add(r));
        }
        this.exact = sorted(byExact);
        this.wildcard = sorted(byWildcard);
        this.unindexed = rest.stream().sorted(CompiledRouter.ORDER).toArray(CompiledRouter[]::new);
    }

    private static Map<String, CompiledRouter[]> sorted(Map<String, List<CompiledRouter>> in) {
        Map<String, CompiledRouter[]> out = new HashMap<>(in.size() * 2);
        in.forEach((k, v) -> out.put(k, v.stream().distinct().sorted(CompiledRouter.ORDER).toArray(CompiledRouter[]::new)));
        return out;
    }

    /** The highest-priority router whose rule matches, or null. */
    public CompiledRouter match(RequestView request) {
        String host = request.host();
        CompiledRouter[] a = exact.getOrDefault(host, NONE);
        String suffix = HostKeys.wildcardSuffixOf(host);
        CompiledRouter[] b = suffix == null ? NONE : wildcard.getOrDefault(suffix, NONE);
        CompiledRouter[] c = unindexed;
        int i = 0, j = 0, k = 0;
        while (i < a.length || j < b.length || k < c.length) {
            CompiledRouter best = null;
            int from = -1;
            if (i < a.length) {
                best = a[i];
                from = 0;
            }
            if (j < b.length && (best == null || CompiledRouter.ORDER.compare(b[j], best) < 0)) {
                best = b[j];
                from = 1;
            }
            if (k < c.length && (best == null || CompiledRouter.ORDER.compare(c[k], best) < 0)) {
                best = c[k];
                from = 2;
            }
            switch (from) {
                case 0 -> i++;
                case 1 -> j++;
                default -> k++;
            }
            if (best.rule().matches(request)) {
                return best;
            }
        }
        return null;
    }

    /** Every router of the index, highest priority first (for explanations and the API). */
    public List<CompiledRouter> all() {
        java.util.Set<CompiledRouter> routers = new java.util.LinkedHashSet<>();
        exact.values().forEach(a -> routers.addAll(List.of(a)));
        wildcard.values().forEach(a -> routers.addAll(List.of(a)));
        routers.addAll(List.of(unindexed));
        return routers.stream().sorted(CompiledRouter.ORDER).toList();
    }
}
