package io.jetway.routing;

import io.jetway.routing.rule.Rule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The routers of one index numbered in priority order, so matching compares ints instead of reading
 * each candidate's {@link CompiledRouter} (its priority, and its name on a tie): at 100,000 routers
 * each of those reads is a cache miss. Only a router whose rule matched is read, by its number.
 *
 * <p>A candidate is {@link #STRIDE} ints: its rank (the number of the first router equal to it in
 * {@link CompiledRouter#ORDER}, so a lower rank goes first and equal ones tie as before), its own
 * number and the number of the rule it must still match. Used while an index is built; the index
 * keeps {@link #routers()} and {@link #checks()}.
 */
final class RouterNumbering {

    static final int STRIDE = 3;
    static final int RANK = 0;
    static final int ROUTER = 1;
    static final int CHECK = 2;

    private final CompiledRouter[] routers;
    private final int[] ranks;
    private final Map<CompiledRouter, Integer> numbers;
    private final List<Rule> checks = new ArrayList<>();
    private final Map<Rule, Integer> checkNumbers = new IdentityHashMap<>();

    RouterNumbering(List<CompiledRouter> routers) {
        this.routers = routers.stream().distinct().sorted(CompiledRouter.ORDER).toArray(CompiledRouter[]::new);
        this.ranks = new int[this.routers.length];
        this.numbers = new HashMap<>(this.routers.length * 2);
        for (int i = 0; i < this.routers.length; i++) {
            boolean tie = i > 0 && CompiledRouter.ORDER.compare(this.routers[i - 1], this.routers[i]) == 0;
            ranks[i] = tie ? ranks[i - 1] : i;
            numbers.put(this.routers[i], i);
        }
    }

    /** Every numbered router, highest priority first. */
    CompiledRouter[] routers() {
        return routers;
    }

    /** The rules candidates refer to by number. */
    Rule[] checks() {
        return checks.toArray(Rule[]::new);
    }

    /**
     * The candidates for these routers, each once, highest priority first; {@code check} says what
     * a router must still match when it is reached this way.
     */
    int[] candidates(Collection<CompiledRouter> some, Function<CompiledRouter, Rule> check) {
        int[] chosen = some.stream().mapToInt(numbers::get).distinct().sorted().toArray();
        int[] out = new int[chosen.length * STRIDE];
        for (int k = 0; k < chosen.length; k++) {
            int n = chosen[k];
            out[k * STRIDE + RANK] = ranks[n];
            out[k * STRIDE + ROUTER] = n;
            out[k * STRIDE + CHECK] = checkNumbers.computeIfAbsent(check.apply(routers[n]), rule -> {
                checks.add(rule);
                return checks.size() - 1;
            });
        }
        return out;
    }
}
