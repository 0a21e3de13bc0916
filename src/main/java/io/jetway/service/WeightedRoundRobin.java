package io.jetway.service;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Weighted round robin over child services with Traefik's earliest-deadline-first order: each
 * child has a deadline that advances by 1/weight when it is picked, and the earliest is picked
 * next, which interleaves children smoothly instead of sending bursts to one. The order of one
 * full cycle is computed when the table is built, so the request path is a lock-free counter
 * into that schedule (and the counter survives reloads through the balancer state).
 */
public final class WeightedRoundRobin implements ServiceHandler {

    /**
     * @param stickyName the name a sticky cookie hashes: the child's name as its provider wrote
     *                   it (Traefik hashes that, not the qualified name)
     */
    public record Child(ServiceHandler handler, int weight, String stickyName) {
        public Child(ServiceHandler handler, int weight) {
            this(handler, weight, handler.name());
        }
    }

    /** Longest cycle kept as a schedule; larger weight sums are scaled down proportionally. */
    static final int MAX_CYCLE = 10_000;

    private final String name;
    private final Child[] schedule;
    /** Each child with a positive weight once, in configuration order. */
    private final Child[] children;
    private final AtomicInteger position;
    private final StickyCookie sticky;
    /** Children by the cookie values that name them; null without a sticky cookie. */
    private final StickyTargets<Child> cookieValues;

    public WeightedRoundRobin(String name, List<Child> children, AtomicInteger position) {
        this(name, children, position, null);
    }

    public WeightedRoundRobin(String name, List<Child> children, AtomicInteger position, StickyCookie sticky) {
        this.name = name;
        this.position = position;
        this.schedule = schedule(children);
        this.children = children.stream().filter(c -> c.weight() > 0).toArray(Child[]::new);
        this.sticky = sticky;
        this.cookieValues = sticky == null ? null : new StickyTargets<>(List.of(this.children), Child::stickyName);
    }

    private static Child[] schedule(List<Child> children) {
        List<Child> active = new ArrayList<>();
        long total = 0;
        for (Child c : children) {
            if (c.weight() > 0) { // weight 0 (or less) removes a child
                active.add(c);
                total += c.weight();
            }
        }
        if (active.isEmpty()) {
            return new Child[0];
        }
        int[] weights = new int[active.size()];
        int gcd = 0;
        for (int i = 0; i < weights.length; i++) {
            gcd = gcd(gcd, active.get(i).weight());
        }
        long reduced = total / gcd;
        for (int i = 0; i < weights.length; i++) {
            long w = active.get(i).weight() / gcd;
            weights[i] = reduced <= MAX_CYCLE ? (int) w : (int) Math.max(1, Math.round((double) w * MAX_CYCLE / reduced));
        }
        int length = 0;
        for (int w : weights) {
            length += w;
        }
        double[] deadline = new double[weights.length];
        for (int i = 0; i < weights.length; i++) {
            deadline[i] = 1.0 / weights[i];
        }
        Child[] order = new Child[length];
        for (int n = 0; n < length; n++) {
            int best = 0;
            for (int i = 1; i < weights.length; i++) {
                if (deadline[i] < deadline[best]) {
                    best = i;
                }
            }
            order[n] = active.get(best);
            deadline[best] += 1.0 / weights[best];
        }
        return order;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Backend select(HttpServletRequest request, HttpServletResponse response) {
        if (sticky != null) {
            StickyTargets.Match<Child> kept = cookieValues.find(sticky.read(request));
            Backend backend = kept == null ? null : kept.target().handler().select(request, response);
            if (backend != null) {
                if (kept.outdated()) {
                    sticky.write(response, cookieValues.currentValue(kept.target()));
                }
                return backend;
            }
        }
        int n = schedule.length;
        // A child without an available server passes its turn on to the next in the schedule.
        int ticket = 0;
        for (int attempt = 0; attempt < n; attempt++) {
            ticket = position.getAndIncrement();
            Backend backend = picked(schedule[Math.floorMod(ticket, n)], request, response);
            if (backend != null) {
                return backend;
            }
        }
        // Other threads drew the positions in between, so those draws may all have hit children
        // without a server while one has: ask each child once before answering that none has.
        for (int offset = 1; offset <= children.length; offset++) {
            Backend backend = picked(children[Math.floorMod(ticket + offset, children.length)], request, response);
            if (backend != null) {
                return backend;
            }
        }
        return null;
    }

    /** The child's backend, with the cookie naming the child when it has one; null when it has none. */
    private Backend picked(Child child, HttpServletRequest request, HttpServletResponse response) {
        Backend backend = child.handler().select(request, response);
        if (backend != null && sticky != null) {
            sticky.write(response, cookieValues.currentValue(child));
        }
        return backend;
    }
}
