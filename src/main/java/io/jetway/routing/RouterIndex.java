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
 * a prefix of its path, and those whose rule can be keyed by neither. The four sorted candidate
 * lists are walked in merged priority order, so the first rule that matches is the one Traefik
 * would pick, without allocating per request. A router reached through its exact host is checked
 * without its {@code Host} operand ({@link HostlessChecks}): the lookup has already compared the host.
 *
 * <p>The data a request touches is kept flat (int arrays of {@link RouterNumbering} candidates, a
 * {@link HostTable} for hosts): at 100,000 routers the table is far bigger than the CPU caches and
 * the time goes to cache misses, one per object reached. The wildcard and path lookups are made
 * only when their best candidate could come before the candidates found so far.
 */
public final class RouterIndex {

    private static final int[] NONE = new int[0];

    /** Every router that a request can reach, highest priority first; candidates refer to them by number. */
    private final CompiledRouter[] routers;
    /** What a candidate must still match, by number. */
    private final Rule[] checks;
    private final HostTable exact;
    private final HostTable wildcard;
    private final PathPrefixIndex byPath;
    private final int[] unindexed;

    RouterIndex(List<CompiledRouter> routers) {
        Map<String, List<CompiledRouter>> byExact = new HashMap<>();
        Map<String, List<CompiledRouter>> byWildcard = new HashMap<>();
        List<CompiledRouter> pathKeyed = new ArrayList<>();
        List<CompiledRouter> rest = new ArrayList<>();
        List<CompiledRouter> reachable = new ArrayList<>();
        for (CompiledRouter r : routers) {
            HostKeys keys = r.rule().hostKeys();
            if (!keys.indexable()) {
                if (!r.rule().pathKeys().indexable()) {
                    rest.add(r);
                    reachable.add(r);
                } else if (!r.rule().pathKeys().prefixes().isEmpty()) {
                    pathKeyed.add(r);
                    reachable.add(r);
                }
                continue;
            }
            keys.exact().forEach(h -> byExact.computeIfAbsent(h, k -> new ArrayList<>()).add(r));
            keys.wildcards().forEach(h -> byWildcard.computeIfAbsent(h, k -> new ArrayList<>()).add(r));
            if (!keys.exact().isEmpty() || !keys.wildcards().isEmpty()) {
                reachable.add(r);
            }
        }
        RouterNumbering numbering = new RouterNumbering(reachable);
        HostlessChecks hostless = new HostlessChecks();
        Map<String, int[]> exactCandidates = new HashMap<>(byExact.size() * 2);
        byExact.forEach((host, list) ->
                exactCandidates.put(host, numbering.candidates(list, r -> hostless.afterHost(r.rule(), host))));
        Map<String, int[]> wildcardCandidates = new HashMap<>(byWildcard.size() * 2);
        byWildcard.forEach((suffix, list) -> wildcardCandidates.put(suffix, numbering.candidates(list, CompiledRouter::rule)));
        this.exact = new HostTable(exactCandidates);
        this.wildcard = wildcardCandidates.isEmpty() ? HostTable.EMPTY : new HostTable(wildcardCandidates);
        this.byPath = new PathPrefixIndex(pathKeyed, numbering);
        this.unindexed = rest.isEmpty() ? NONE : numbering.candidates(rest, CompiledRouter::rule);
        this.routers = numbering.routers();
        this.checks = numbering.checks();
    }

    /** The highest-priority router whose rule matches, or null. */
    public CompiledRouter match(RequestView request) {
        String host = request.host();
        // Each source is an array and a range of candidates in it, highest priority first.
        int[] a = exact.records();
        int ia = host == null ? -1 : exact.find(host, 0);
        int ea = ia < 0 ? (ia = 0) : ia + a[ia - 1] * RouterNumbering.STRIDE;
        int[] b = wildcard.records();
        int ib = 0, eb = 0;
        boolean wildcardPending = host != null && wildcard.bestRank() != Integer.MAX_VALUE;
        int[] c = byPath.candidates();
        int ic = 0, ec = 0;
        boolean pathPending = byPath.bestRank() != Integer.MAX_VALUE;
        int[] d = unindexed;
        int id = 0, ed = d.length;
        while (true) {
            int best = Integer.MAX_VALUE;
            int source = -1;
            if (ia < ea) {
                best = a[ia];
                source = 0;
            }
            if (wildcardPending && wildcard.bestRank() < best) {
                wildcardPending = false;
                int found = findWildcard(host);
                if (found >= 0) {
                    ib = found;
                    eb = found + b[found - 1] * RouterNumbering.STRIDE;
                }
            }
            if (ib < eb && b[ib] < best) {
                best = b[ib];
                source = 1;
            }
            if (pathPending && byPath.bestRank() < best) {
                pathPending = false;
                int key = byPath.keyFor(request.routingPath());
                if (key >= 0) {
                    ic = byPath.start(key);
                    ec = byPath.end(key);
                }
            }
            if (ic < ec && c[ic] < best) {
                best = c[ic];
                source = 2;
            }
            if (id < ed && d[id] < best) {
                source = 3;
            }
            int[] from;
            int at;
            switch (source) {
                case 0 -> {
                    from = a;
                    at = ia;
                    ia += RouterNumbering.STRIDE;
                }
                case 1 -> {
                    from = b;
                    at = ib;
                    ib += RouterNumbering.STRIDE;
                }
                case 2 -> {
                    from = c;
                    at = ic;
                    ic += RouterNumbering.STRIDE;
                }
                case 3 -> {
                    from = d;
                    at = id;
                    id += RouterNumbering.STRIDE;
                }
                default -> {
                    return null;
                }
            }
            if (checks[from[at + RouterNumbering.CHECK]].matches(request)) {
                return routers[from[at + RouterNumbering.ROUTER]];
            }
        }
    }

    /** The candidates of the request host's one-label wildcard, as {@link HostTable#find}. */
    private int findWildcard(String host) {
        int dot = host.indexOf('.');
        // A leading or trailing dot leaves an empty label, which a one-label wildcard never matches.
        if (dot <= 0 || dot == host.length() - 1) {
            return -1;
        }
        return wildcard.find(host, dot + 1);
    }

    /** Every router of the index, highest priority first (for explanations and the API). */
    public List<CompiledRouter> all() {
        return List.of(routers);
    }
}
