package io.jetway.routing;

import io.jetway.routing.rule.Rule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * The routers of one index numbered, so that matching reads ints instead of each candidate's
 * {@link CompiledRouter}: at 100,000 routers each of those reads is a cache miss. Only a router
 * whose rule matched, or that ties on priority with another source's candidate, is read.
 *
 * <p>A candidate is {@link #STRIDE} ints: the router's priority, its number and the number of the
 * rule it must still match. Used while an index is built; the index keeps {@link #routers()} and
 * {@link #checks()}, and gives them back through {@link #continuing} when it is updated: removed
 * routers leave a null number behind, added ones get the next numbers, so the candidates of
 * everything else stay valid.
 */
final class RouterNumbering {

    static final int STRIDE = 3;
    static final int PRIORITY = 0;
    static final int ROUTER = 1;
    static final int CHECK = 2;

    private CompiledRouter[] routers;
    private int size;
    private final Map<CompiledRouter, Integer> numbers;
    private final List<Rule> checks;
    private final Map<Rule, Integer> checkNumbers;

    /** Numbers the routers in the order given, each once (as {@code distinct()} sees them). */
    RouterNumbering(List<CompiledRouter> routers) {
        this.routers = routers.stream().distinct().toArray(CompiledRouter[]::new);
        this.size = this.routers.length;
        this.checks = new ArrayList<>();
        this.checkNumbers = new IdentityHashMap<>();
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

    private RouterNumbering(RouterNumbering kept) {
        this.routers = kept.routers.clone();
        this.size = kept.size;
        this.numbers = kept.numbers;
        this.checks = kept.checks;
        this.checkNumbers = kept.checkNumbers;
    }

    private final java.util.concurrent.atomic.AtomicBoolean continued = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * The numbering to update, once. The index that owns this one is still serving, so the array
     * it matches with is copied; the maps from routers and rules to numbers, which matching never
     * reads, are handed over and changed in place (copying 30,000 entries cost more than the
     * update), after which this numbering no longer answers {@link #numberOf} truly: an index whose
     * numbering was continued is never updated again ({@link #continued()}), only built afresh.
     */
    RouterNumbering continuing() {
        if (!continued.compareAndSet(false, true)) {
            throw new IllegalStateException("a numbering is continued once");
        }
        return new RouterNumbering(this);
    }

    /** Whether an update has continued this numbering (and changed its maps). */
    boolean continued() {
        return continued.get();
    }

    /** The router's number, or null when it has none. */
    Integer numberOf(CompiledRouter router) {
        return numbers.get(router);
    }

    /** The router's number, giving it the next one when it has none. */
    int add(CompiledRouter router) {
        Integer number = numbers.get(router);
        if (number != null) {
            return number;
        }
        if (size == routers.length) {
            routers = Arrays.copyOf(routers, Math.max(8, size + (size >> 1)));
        }
        routers[size] = router;
        numbers.put(router, size);
        return size++;
    }

    /** Takes the router's number away; candidates must no longer refer to it. */
    void remove(CompiledRouter router) {
        Integer number = numbers.remove(router);
        if (number != null) {
            routers[number] = null;
        }
    }

    /** Every number given so far, removed ones included. */
    int size() {
        return size;
    }

    /** The router of a number, or null when it was removed. */
    CompiledRouter router(int number) {
        return routers[number];
    }

    /** Every numbered router, by number; null where one was removed. */
    CompiledRouter[] routers() {
        return routers.length == size ? routers : Arrays.copyOf(routers, size);
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
            out[k * STRIDE + CHECK] = checkNumber(check.apply(r));
        }
        return out;
    }

    /**
     * Candidates {@code old} (of this numbering) without those whose router number {@code dropped}
     * says, merged with candidates for {@code added} (numbered already), in {@link CompiledRouter#ORDER}.
     */
    int[] merged(int[] old, IntPredicate dropped, List<CompiledRouter> added, Function<CompiledRouter, Rule> check) {
        List<int[]> entries = new ArrayList<>(old.length / STRIDE + added.size());
        for (int at = 0; at < old.length; at += STRIDE) {
            if (!dropped.test(old[at + ROUTER])) {
                entries.add(new int[]{old[at + PRIORITY], old[at + ROUTER], old[at + CHECK]});
            }
        }
        for (CompiledRouter r : added) {
            int number = numbers.get(r);
            if (entries.stream().noneMatch(e -> e[1] == number)) {
                entries.add(new int[]{r.priority(), number, checkNumber(check.apply(r))});
            }
        }
        entries.sort(Comparator.comparing(e -> routers[e[1]], CompiledRouter.ORDER));
        int[] out = new int[entries.size() * STRIDE];
        for (int k = 0; k < entries.size(); k++) {
            System.arraycopy(entries.get(k), 0, out, k * STRIDE, STRIDE);
        }
        return out;
    }

    private int checkNumber(Rule rule) {
        return checkNumbers.computeIfAbsent(rule, r -> {
            checks.add(r);
            return checks.size() - 1;
        });
    }
}
