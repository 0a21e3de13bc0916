package io.jetway.routing;

import io.jetway.routing.rule.HostKeys;
import io.jetway.routing.rule.HostlessChecks;
import io.jetway.routing.rule.RequestView;
import io.jetway.routing.rule.Rule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
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

    /** Every router that a request can reach; candidates refer to them by number (null: removed by an update). */
    private final CompiledRouter[] routers;
    /** What a candidate must still match, by number. */
    private final Rule[] checks;
    private final HostTable exact;
    private final HostTable wildcard;
    private final PathPrefixIndex byPath;
    private final int[] unindexed;

    // Kept so that the next table's index can be this one updated (see updated).
    private final RouterNumbering numbering;
    private final Map<String, int[]> exactCandidates;
    private final Map<String, int[]> wildcardCandidates;
    /** The reachable routers without host keys (path-keyed or unindexed), in the order given. */
    private final List<CompiledRouter> hostless;
    private final HostlessChecks hostlessChecks;
    /** Numbers whose router was removed by updates; past a share of the live ones, an update builds afresh. */
    private final int removedNumbers;

    RouterIndex(List<CompiledRouter> routers) {
        Map<String, List<CompiledRouter>> byExact = new HashMap<>();
        Map<String, List<CompiledRouter>> byWildcard = new HashMap<>();
        List<CompiledRouter> hostless = new ArrayList<>();
        List<CompiledRouter> reachable = new ArrayList<>();
        for (CompiledRouter r : routers) {
            HostKeys keys = r.rule().hostKeys();
            if (!keys.indexable()) {
                if (!r.rule().pathKeys().indexable() || !r.rule().pathKeys().prefixes().isEmpty()) {
                    hostless.add(r);
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
        HostlessChecks hostlessChecks = new HostlessChecks();
        Map<String, int[]> exactCandidates = new HashMap<>(byExact.size() * 2);
        byExact.forEach((host, list) ->
                exactCandidates.put(host, numbering.candidates(list, r -> hostlessChecks.afterHost(r.rule(), host))));
        Map<String, int[]> wildcardCandidates = new HashMap<>(byWildcard.size() * 2);
        byWildcard.forEach((suffix, list) -> wildcardCandidates.put(suffix, numbering.candidates(list, CompiledRouter::rule)));
        this.numbering = numbering;
        this.exactCandidates = exactCandidates;
        this.wildcardCandidates = wildcardCandidates;
        this.hostless = hostless;
        this.hostlessChecks = hostlessChecks;
        this.removedNumbers = 0;
        this.exact = new HostTable(exactCandidates);
        this.wildcard = wildcardCandidates.isEmpty() ? HostTable.EMPTY : new HostTable(wildcardCandidates);
        this.byPath = new PathPrefixIndex(pathKeyed(hostless), numbering);
        this.unindexed = numbering.candidates(unindexed(hostless), CompiledRouter::rule);
        this.routers = numbering.routers();
        this.checks = numbering.checks();
    }

    private RouterIndex(RouterNumbering numbering, Map<String, int[]> exactCandidates, HostTable exact,
                        Map<String, int[]> wildcardCandidates, HostTable wildcard, List<CompiledRouter> hostless,
                        PathPrefixIndex byPath, int[] unindexed, HostlessChecks hostlessChecks, int removedNumbers) {
        this.numbering = numbering;
        this.exactCandidates = exactCandidates;
        this.exact = exact;
        this.wildcardCandidates = wildcardCandidates;
        this.wildcard = wildcard;
        this.hostless = hostless;
        this.byPath = byPath;
        this.unindexed = unindexed;
        this.hostlessChecks = hostlessChecks;
        this.removedNumbers = removedNumbers;
        this.routers = numbering.routers();
        this.checks = numbering.checks();
    }

    private static List<CompiledRouter> pathKeyed(List<CompiledRouter> hostless) {
        return hostless.stream().filter(r -> r.rule().pathKeys().indexable()).toList();
    }

    private static List<CompiledRouter> unindexed(List<CompiledRouter> hostless) {
        return hostless.stream().filter(r -> !r.rule().pathKeys().indexable()).toList();
    }

    /**
     * The index of {@code routers}, made from {@code previous} (the index they replace, or null)
     * when few routers differ from its own: a change to one IngressRoute among 10,000 then
     * recomputes the candidates of the hosts it names instead of every host's. Routers are told
     * apart by identity, as an incremental build keeps the unchanged ones (the same objects).
     * Matching gives what a new index of {@code routers} gives; {@code previous} is left as it is.
     */
    static RouterIndex updated(RouterIndex previous, List<CompiledRouter> routers) {
        if (previous == null || previous.numbering.continued()) {
            return new RouterIndex(routers);
        }
        RouterNumbering before = previous.numbering;
        boolean[] kept = new boolean[before.size()];
        List<CompiledRouter> added = new ArrayList<>();
        Map<CompiledRouter, Boolean> seenAdded = new IdentityHashMap<>();
        for (CompiledRouter r : routers) {
            Integer number = before.numberOf(r);
            if (number != null) {
                kept[number] = true;
            } else if (seenAdded.put(r, Boolean.TRUE) == null) {
                added.add(r);
            }
        }
        List<CompiledRouter> removed = new ArrayList<>();
        int live = 0;
        for (int n = 0; n < kept.length; n++) {
            CompiledRouter r = before.router(n);
            if (r != null && !kept[n]) {
                removed.add(r);
            } else if (r != null) {
                live++;
            }
        }
        if (added.isEmpty() && removed.isEmpty()) {
            return previous;
        }
        int changes = added.size() + removed.size();
        // Many changes, or many dead numbers: a new index costs about as much and is compact again.
        if (changes * 8 > live || (previous.removedNumbers + removed.size()) * 4 > live) {
            return new RouterIndex(routers);
        }
        return previous.with(added, removed, kept);
    }

    /**
     * The same, told what changed instead of given every router: {@code removed} routers leave,
     * {@code added} ones join (either may be null). For a patched table, which never lists the
     * routers that stayed.
     */
    static RouterIndex updated(RouterIndex previous, List<CompiledRouter> added, List<CompiledRouter> removed) {
        List<CompiledRouter> joining = added == null ? List.of() : added;
        if (previous == null) {
            return new RouterIndex(joining);
        }
        if (previous.numbering.continued()) {
            // Another update already started from it (and took its maps): start from its routers.
            // One told to leave and to join stays as it was (in, or out), as below.
            Map<CompiledRouter, Boolean> leaving = new IdentityHashMap<>();
            (removed == null ? List.<CompiledRouter>of() : removed).forEach(r -> leaving.put(r, Boolean.TRUE));
            Map<CompiledRouter, Boolean> in = new IdentityHashMap<>();
            joining.forEach(r -> in.put(r, Boolean.TRUE));
            List<CompiledRouter> all = new ArrayList<>();
            Map<CompiledRouter, Boolean> present = new IdentityHashMap<>();
            for (CompiledRouter r : previous.routers) {
                if (r != null && (!leaving.containsKey(r) || in.containsKey(r)) && present.put(r, Boolean.TRUE) == null) {
                    all.add(r);
                }
            }
            for (CompiledRouter r : joining) {
                if (!leaving.containsKey(r) && present.put(r, Boolean.TRUE) == null) {
                    all.add(r);
                }
            }
            return new RouterIndex(all);
        }
        RouterNumbering before = previous.numbering;
        boolean[] kept = new boolean[before.size()];
        int live = 0;
        for (int n = 0; n < kept.length; n++) {
            kept[n] = before.router(n) != null;
            live += kept[n] ? 1 : 0;
        }
        List<CompiledRouter> leaving = new ArrayList<>();
        for (CompiledRouter r : removed == null ? List.<CompiledRouter>of() : removed) {
            Integer number = before.numberOf(r);
            if (number != null && kept[number]) {
                kept[number] = false;
                live--;
                leaving.add(r);
            }
        }
        Map<CompiledRouter, Boolean> told = new IdentityHashMap<>();
        (removed == null ? List.<CompiledRouter>of() : removed).forEach(r -> told.put(r, Boolean.TRUE));
        List<CompiledRouter> newcomers = new ArrayList<>();
        Map<CompiledRouter, Boolean> seen = new IdentityHashMap<>();
        for (CompiledRouter r : joining) {
            Integer number = before.numberOf(r);
            if (told.containsKey(r)) {
                // Told to leave and to join: it stays as it was (in, or out).
                if (number != null && !kept[number] && removeSame(leaving, r)) {
                    kept[number] = true;
                    live++;
                }
                continue;
            }
            if (number != null && kept[number]) {
                continue; // already in, and staying
            }
            if (seen.put(r, Boolean.TRUE) == null) {
                newcomers.add(r);
            }
        }
        if (newcomers.isEmpty() && leaving.isEmpty()) {
            return previous;
        }
        int changes = newcomers.size() + leaving.size();
        if (changes * 8 > live || (previous.removedNumbers + leaving.size()) * 4 > live) {
            List<CompiledRouter> all = new ArrayList<>(live + newcomers.size());
            for (int n = 0; n < kept.length; n++) {
                if (kept[n]) {
                    all.add(before.router(n));
                }
            }
            // Routers the numbering left out (never reachable through this index) are left out again.
            all.addAll(newcomers);
            return new RouterIndex(all);
        }
        return previous.with(newcomers, leaving, kept);
    }

    private static boolean removeSame(List<CompiledRouter> list, CompiledRouter r) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == r) {
                list.remove(i);
                return true;
            }
        }
        return false;
    }

    /** Whether no router can be reached through this index. */
    boolean isEmpty() {
        for (CompiledRouter r : routers) {
            if (r != null) {
                return false;
            }
        }
        return hostless.isEmpty();
    }

    private RouterIndex with(List<CompiledRouter> added, List<CompiledRouter> removed, boolean[] kept) {
        RouterNumbering next = numbering.continuing();
        removed.forEach(next::remove);
        java.util.Set<String> exactTouched = new java.util.HashSet<>();
        java.util.Set<String> wildcardTouched = new java.util.HashSet<>();
        boolean hostlessTouched = false;
        List<CompiledRouter> addedReachable = new ArrayList<>();
        for (CompiledRouter r : added) {
            HostKeys keys = r.rule().hostKeys();
            if (!keys.indexable()) {
                if (!r.rule().pathKeys().indexable() || !r.rule().pathKeys().prefixes().isEmpty()) {
                    hostlessTouched = true;
                    addedReachable.add(r);
                }
            } else if (!keys.exact().isEmpty() || !keys.wildcards().isEmpty()) {
                exactTouched.addAll(keys.exact());
                wildcardTouched.addAll(keys.wildcards());
                addedReachable.add(r);
            }
        }
        addedReachable.forEach(next::add);
        for (CompiledRouter r : removed) {
            HostKeys keys = r.rule().hostKeys();
            if (!keys.indexable()) {
                hostlessTouched = true;
            } else {
                exactTouched.addAll(keys.exact());
                wildcardTouched.addAll(keys.wildcards());
            }
        }
        // A number is dropped when its router is gone; the new ones are past the end of kept.
        java.util.function.IntPredicate dropped = n -> n < kept.length && !kept[n];
        HostlessChecks checks = hostlessChecks.copy();
        Map<String, int[]> nextExact = exactCandidates;
        HostTable nextExactTable = patched(nextExact, exactTouched, addedReachable, next, dropped,
                r -> r.rule().hostKeys().exact(), host -> r -> checks.afterHost(r.rule(), host)) ? new HostTable(nextExact) : exact;
        Map<String, int[]> nextWildcard = wildcardCandidates;
        boolean wildcardChanged = patched(nextWildcard, wildcardTouched, addedReachable, next, dropped,
                r -> r.rule().hostKeys().wildcards(), suffix -> CompiledRouter::rule);
        HostTable nextWildcardTable = !wildcardChanged ? wildcard
                : nextWildcard.isEmpty() ? HostTable.EMPTY : new HostTable(nextWildcard);
        List<CompiledRouter> nextHostless = hostless;
        PathPrefixIndex nextByPath = byPath;
        int[] nextUnindexed = unindexed;
        if (hostlessTouched) {
            List<CompiledRouter> list = new ArrayList<>(hostless.size() + added.size());
            hostless.forEach(r -> {
                Integer number = numbering.numberOf(r);
                if (number != null && kept[number]) {
                    list.add(r);
                }
            });
            addedReachable.stream().filter(r -> !r.rule().hostKeys().indexable()).forEach(list::add);
            nextHostless = list;
            nextByPath = new PathPrefixIndex(pathKeyed(list), next);
            nextUnindexed = next.candidates(unindexed(list), CompiledRouter::rule);
        }
        return new RouterIndex(next, nextExact, nextExactTable, nextWildcard, nextWildcardTable, nextHostless, nextByPath,
                nextUnindexed, checks, removedNumbers + removed.size());
    }

    private static final int[] EMPTY = new int[0];

    /** How many numbers updates have left unused (tests: whether an update was made in place). */
    int removedNumbers() {
        return removedNumbers;
    }

    /**
     * Merges the candidates of the touched keys again, in place: the old ones without the dropped
     * numbers, plus the added routers whose keys include it. False when none is touched. The map
     * is the previous index's, which matching never reads (it reads the host tables) and which no
     * update starts from again (its numbering is continued).
     */
    private static boolean patched(Map<String, int[]> candidates, java.util.Set<String> touched,
                                              List<CompiledRouter> added, RouterNumbering numbering,
                                              java.util.function.IntPredicate dropped,
                                              java.util.function.Function<CompiledRouter, java.util.Set<String>> keysOf,
                                              java.util.function.Function<String, java.util.function.Function<CompiledRouter, Rule>> checkFor) {
        if (touched.isEmpty()) {
            return false;
        }
        for (String key : touched) {
            List<CompiledRouter> mine = added.stream().filter(r -> keysOf.apply(r).contains(key)).toList();
            int[] merged = numbering.merged(candidates.getOrDefault(key, EMPTY), dropped, mine, checkFor.apply(key));
            if (merged.length == 0) {
                candidates.remove(key);
            } else {
                candidates.put(key, merged);
            }
        }
        return true;
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
        return Arrays.stream(routers).filter(java.util.Objects::nonNull).sorted(CompiledRouter.ORDER).toList();
    }
}
