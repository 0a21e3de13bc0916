package io.jetway.routing;

import io.jetway.routing.rule.HostKeys;
import io.jetway.routing.rule.HostlessChecks;
import io.jetway.routing.rule.RequestView;
import io.jetway.routing.rule.Rule;

import java.util.ArrayList;
import java.util.Arrays;
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

    /** Every router that a request can reach; candidates refer to them by number. */
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
        this.unindexed = numbering.candidates(rest, CompiledRouter::rule);
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
        boolean wildcardPending = host != null && !wildcard.isEmpty();
        int[] c = byPath.candidates();
        int ic = 0, ec = 0;
        boolean pathPending = !byPath.isEmpty();
        int[] d = unindexed;
        int id = 0, ed = d.length;
        while (true) {
            int source = -1;
            int priority = 0;
            int router = 0;
            if (ia < ea) {
                source = 0;
                priority = a[ia];
                router = a[ia + RouterNumbering.ROUTER];
            }
            if (wildcardPending && (source < 0 || wildcard.bestPriority() >= priority)) {
                wildcardPending = false;
                int found = findWildcard(host);
                if (found >= 0) {
                    ib = found;
                    eb = found + b[found - 1] * RouterNumbering.STRIDE;
                }
            }
            if (ib < eb && (source < 0 || precedes(b[ib], b[ib + RouterNumbering.ROUTER], priority, router))) {
                source = 1;
                priority = b[ib];
                router = b[ib + RouterNumbering.ROUTER];
            }
            if (pathPending && (source < 0 || byPath.bestPriority() >= priority)) {
                pathPending = false;
                int key = byPath.keyFor(request.routingPath());
                if (key >= 0) {
                    ic = byPath.start(key);
                    ec = byPath.end(key);
                }
            }
            if (ic < ec && (source < 0 || precedes(c[ic], c[ic + RouterNumbering.ROUTER], priority, router))) {
                source = 2;
                priority = c[ic];
                router = c[ic + RouterNumbering.ROUTER];
            }
            if (id < ed && (source < 0 || precedes(d[id], d[id + RouterNumbering.ROUTER], priority, router))) {
                source = 3;
            }
            int check;
            switch (source) {
                case 0 -> {
                    check = a[ia + RouterNumbering.CHECK];
                    ia += RouterNumbering.STRIDE;
                }
                case 1 -> {
                    check = b[ib + RouterNumbering.CHECK];
                    ib += RouterNumbering.STRIDE;
                }
                case 2 -> {
                    check = c[ic + RouterNumbering.CHECK];
                    ic += RouterNumbering.STRIDE;
                }
                case 3 -> {
                    check = d[id + RouterNumbering.CHECK];
                    router = d[id + RouterNumbering.ROUTER];
                    id += RouterNumbering.STRIDE;
                }
                default -> {
                    return null;
                }
            }
            if (checks[check].matches(request)) {
                return routers[router];
            }
        }
    }

    /**
     * {@link CompiledRouter#ORDER}, on the candidates' ints: the routers themselves are read only
     * on a tie in priority, which is rare between the sources.
     */
    private boolean precedes(int priority, int router, int bestPriority, int best) {
        if (priority != bestPriority) {
            return priority > bestPriority;
        }
        return routers[router].name().compareTo(routers[best].name()) < 0;
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
        return Arrays.stream(routers).sorted(CompiledRouter.ORDER).toList();
    }
}
