package io.jetway.routing;

import io.jetway.routing.rule.HostKeys;
import io.jetway.routing.rule.HostlessChecks;
import io.jetway.routing.rule.RequestView;
import io.jetway.routing.rule.Rule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The routers of one entry point, indexed so a request only evaluates routers that can match it:
 * those keyed by its exact host, those keyed by its one-label wildcard, the host-less ones keyed by
 * a prefix of its path, and those whose rule can be keyed by neither. The four sorted arrays are
 * walked in merged priority order, so the first rule that matches is the one Traefik would pick,
 * without allocating per request. A router reached through its exact host is checked without its
 * {@code Host} operand ({@link HostlessChecks}): the lookup has already compared the host.
 */
public final class RouterIndex {

    private static final CompiledRouter[] NONE = new CompiledRouter[0];
    private static final HostBucket NO_HOST = new HostBucket(NONE, new Rule[0]);

    private final Map<String, HostBucket> exact;
    private final Map<String, CompiledRouter[]> wildcard;
    private final PathPrefixIndex byPath;
    private final CompiledRouter[] unindexed;

    RouterIndex(List<CompiledRouter> routers) {
        Map<String, List<CompiledRouter>> byExact = new HashMap<>();
        Map<String, List<CompiledRouter>> byWildcard = new HashMap<>();
        List<CompiledRouter> pathKeyed = new ArrayList<>();
        List<CompiledRouter> rest = new ArrayList<>();
        for (CompiledRouter r : routers) {
            HostKeys keys = r.rule().hostKeys();
            if (!keys.indexable()) {
                (r.rule().pathKeys().indexable() ? pathKeyed : rest).add(r);
                continue;
            }
            keys.exact().forEach(h -> byExact.computeIfAbsent(h, k -> new ArrayList<>()).add(r));
            keys.wildcards().forEach(h -> byWildcard.computeIfAbsent(h, k -> new ArrayList<>()).add(r));
        }
        HostlessChecks checks = new HostlessChecks();
        this.exact = new HashMap<>(byExact.size() * 2);
        byExact.forEach((host, list) -> exact.put(host, HostBucket.of(host, sortedArray(list), checks)));
        this.wildcard = sorted(byWildcard);
        this.byPath = new PathPrefixIndex(pathKeyed);
        this.unindexed = rest.stream().sorted(CompiledRouter.ORDER).toArray(CompiledRouter[]::new);
    }

    private static Map<String, CompiledRouter[]> sorted(Map<String, List<CompiledRouter>> in) {
        Map<String, CompiledRouter[]> out = new HashMap<>(in.size() * 2);
        in.forEach((k, v) -> out.put(k, sortedArray(v)));
        return out;
    }

    private static CompiledRouter[] sortedArray(List<CompiledRouter> routers) {
        return routers.stream().distinct().sorted(CompiledRouter.ORDER).toArray(CompiledRouter[]::new);
    }

    /** The routers of one exact host, highest priority first, and what each must still check. */
    private record HostBucket(CompiledRouter[] routers, Rule[] checks) {

        static HostBucket of(String host, CompiledRouter[] routers, HostlessChecks hostless) {
            Rule[] checks = new Rule[routers.length];
            for (int i = 0; i < routers.length; i++) {
                checks[i] = hostless.afterHost(routers[i].rule(), host);
            }
            return new HostBucket(routers, checks);
        }
    }

    /** The highest-priority router whose rule matches, or null. */
    public CompiledRouter match(RequestView request) {
        String host = request.host();
        HostBucket bucket = exact.getOrDefault(host, NO_HOST);
        CompiledRouter[] a = bucket.routers;
        CompiledRouter[] b = NONE;
        if (!wildcard.isEmpty()) {
            // Only then: the suffix is a new string per request.
            String suffix = HostKeys.wildcardSuffixOf(host);
            b = suffix == null ? NONE : wildcard.getOrDefault(suffix, NONE);
        }
        CompiledRouter[] c = byPath.isEmpty() ? NONE : byPath.candidates(request.routingPath());
        CompiledRouter[] d = unindexed;
        int i = 0, j = 0, k = 0, l = 0;
        while (true) {
            CompiledRouter best = null;
            int from = -1;
            if (i < a.length) {
                best = a[i];
                from = 0;
            }
            if (j < b.length && precedes(b[j], best)) {
                best = b[j];
                from = 1;
            }
            if (k < c.length && precedes(c[k], best)) {
                best = c[k];
                from = 2;
            }
            if (l < d.length && precedes(d[l], best)) {
                best = d[l];
                from = 3;
            }
            Rule check = switch (from) {
                case 0 -> bucket.checks[i++];
                case 1 -> b[j++].rule();
                case 2 -> c[k++].rule();
                case 3 -> d[l++].rule();
                default -> null;
            };
            if (check == null) {
                return null;
            }
            if (check.matches(request)) {
                return best;
            }
        }
    }

    /** {@link CompiledRouter#ORDER}, written out: this runs for every candidate of every request. */
    private static boolean precedes(CompiledRouter candidate, CompiledRouter best) {
        if (best == null) {
            return true;
        }
        if (candidate.priority() != best.priority()) {
            return candidate.priority() > best.priority();
        }
        return candidate.name().compareTo(best.name()) < 0;
    }

    /** Every router of the index, highest priority first (for explanations and the API). */
    public List<CompiledRouter> all() {
        java.util.Set<CompiledRouter> routers = new java.util.LinkedHashSet<>();
        exact.values().forEach(bucket -> routers.addAll(List.of(bucket.routers)));
        wildcard.values().forEach(a -> routers.addAll(List.of(a)));
        routers.addAll(byPath.all());
        routers.addAll(List.of(unindexed));
        return routers.stream().sorted(CompiledRouter.ORDER).toList();
    }
}
