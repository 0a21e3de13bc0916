package io.jetway.service.l4;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Traefik's layer-4 weighted round robin, one pick per TCP connection or UDP session
 * ({@code pkg/tcp/wrr_load_balancer.go}, the same in {@code pkg/udp}): interleaved by the maximum
 * weight and the weights' GCD, not HTTP's earliest-deadline-first order. With weights {3, 1} the
 * order is A A A B; with {2, 4, 6} it is C B C A B C. Weight 0 is never chosen.
 *
 * <p>The entries are fixed at construction. {@link #next} is thread-safe: a short lock around a
 * few integer steps, taken once per new connection or session, not per packet.
 */
public final class WeightedRoundRobin<T> {

    /** One target and its weight (0 keeps it in the list but never picks it). */
    public record Entry<T>(T target, int weight) {
        public Entry {
            Objects.requireNonNull(target, "target");
            if (weight < 0) {
                throw new IllegalArgumentException("negative weight " + weight + " for " + target);
            }
        }
    }

    private final List<Entry<T>> entries;
    private final int maxWeight;
    private final int gcd;
    /** Steps after which index and current weight are back where they were: every slot was seen once. */
    private final long cycle;

    // Guarded by this; start values as Traefik's constructor sets them.
    private int index = -1;
    private int currentWeight;

    public WeightedRoundRobin(List<Entry<T>> entries) {
        this.entries = List.copyOf(entries);
        int max = 0;
        int divisor = 0;
        for (Entry<T> e : this.entries) {
            max = Math.max(max, e.weight());
            divisor = gcd(divisor, e.weight()); // gcd(x, 0) = x, so zero weights change nothing
        }
        this.maxWeight = max;
        this.gcd = divisor;
        this.cycle = max == 0 ? 0 : (long) this.entries.size() * (max / divisor);
    }

    /** Convenience for tests and callers with parallel lists of targets and weights. */
    public static <T> WeightedRoundRobin<T> of(List<T> targets, List<Integer> weights) {
        if (targets.size() != weights.size()) {
            throw new IllegalArgumentException(targets.size() + " targets but " + weights.size() + " weights");
        }
        return new WeightedRoundRobin<>(IntStream.range(0, targets.size())
                .mapToObj(i -> new Entry<>(targets.get(i), weights.get(i))).toList());
    }

    public List<Entry<T>> entries() {
        return entries;
    }

    /** The next target, or null when no entry has a weight above 0. */
    public T next() {
        return next(null);
    }

    /**
     * The next target that {@code available} accepts, skipping the others in place as Traefik skips
     * a server marked down (the order of the rest is unchanged); null when none is acceptable.
     * The predicate runs under this balancer's lock, so it must be quick and must not call back.
     */
    public synchronized T next(Predicate<? super T> available) {
        if (cycle == 0) {
            return null;
        }
        // Traefik loops until it finds one; a full cycle visits every (index, weight) slot, so
        // stopping there is the same answer without spinning forever when nothing is available.
        for (long step = 0; step < cycle; step++) {
            index = (index + 1) % entries.size();
            if (index == 0) {
                currentWeight -= gcd;
                if (currentWeight <= 0) {
                    currentWeight = maxWeight;
                }
            }
            Entry<T> e = entries.get(index);
            if (e.weight() >= currentWeight && (available == null || available.test(e.target()))) {
                return e.target();
            }
        }
        return null;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
