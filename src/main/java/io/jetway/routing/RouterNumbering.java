package io.jetway.routing;

import io.jetway.routing.rule.Rule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The routers of one index numbered, so that matching reads ints instead of each candidate's
 * {@link CompiledRouter}: at 100,000 routers each of those reads is a cache miss. Only a router
 * whose rule matched, or that ties on priority with another source's candidate, is read.
 *
 * <p>A candidate is {@link #STRIDE} ints: the router's priority, its number and the number of the
 * rule it must still match. Used while an index is built; the index keeps {@link #routers()} and
 * {@link #checks()}.
 */
final class RouterNumbering {

    static final int STRIDE = 3;
    static final int PRIORITY = 0;
    static final int ROUTER = 1;
    static final int CHECK = 2;

    private final CompiledRouter[] routers;
    private final Map<CompiledRouter, Integer> numbers;
    private final List<Rule> checks = new ArrayList<>();
    private final Map<Rule, Integer> checkNumbers = new IdentityHashMap<>();

    /** Numbers the routers in the order given, each once (as {@code distinct()} sees them). */
    RouterNumbering(List<CompiledRouter> routers) {
        this.routers = routers.stream().distinct().toArray(CompiledRouter[]::new);
        // By identity: a record's hashCode reads every component, and this is looked up once per candidate.
        this.numbers = new IdentityHashMap<>(routers.size());
        for (int i = 0; i < this.routers.length; i++) {
            numbers.put(this.routers[i], i);
        }
        if (this.routers.length < routers.size()) {
            // Some were given twice, or equal but not the same object: those share the number of the one kept.
            Map<CompiledRouter, Integer> byValue = new HashMap<>(numbers);
            routers.forEach(r -> numbers.putIfAbsent(r, byValue.get(r)));
        }
    }

    /** Every numbered router, by number. */
    CompiledRouter[] routers() {
        return routers;
    }

    /** The rules candidates refer to by number. */
    Rule[] checks() {
        return checks.toArray(Rule[]::new);
    }

    /**
     * The candidates for these routers, each once, in {@link CompiledRouter#ORDER} (equal ones in
     * the order given); {@code check} says what a router must still match when it is reached this way.
     */
    int[] candidates(Collection<CompiledRouter> some, Function<CompiledRouter, Rule> check) {
        List<Integer> sorted = some.stream().map(numbers::get).distinct()
                .sorted(Comparator.comparing(n -> routers[n], CompiledRouter.ORDER)).toList();
        int[] out = new int[sorted.size() * STRIDE];
        for (int k = 0; k < sorted.size(); k++) {
            CompiledRouter r = routers[sorted.get(k)];
            out[k * STRIDE + PRIORITY] = r.priority();
            out[k * STRIDE + ROUTER] = sorted.get(k);
            out[k * STRIDE + CHECK] = checkNumbers.computeIfAbsent(check.apply(r), rule -> {
                checks.add(rule);
                return checks.size() - 1;
            });
        }
        return out;
    }
}
