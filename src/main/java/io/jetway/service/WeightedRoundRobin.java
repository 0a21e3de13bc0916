package io.jetway.service;

import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Weighted round robin over child services with Traefik's earliest-deadline-first scheme: each
 * child has a deadline; the earliest is picked and its deadline advances by 1/weight. The result
 * is a smooth interleaving (a 3:1 split gives A A B A ... rather than A A A B).
 */
public final class WeightedRoundRobin implements ServiceHandler {

    public record Child(ServiceHandler handler, int weight) {
    }

    private final String name;
    private final ServiceHandler[] children;
    private final double[] step;
    private final double[] deadline;
    private double now;

    public WeightedRoundRobin(String name, List<Child> children) {
        this.name = name;
        List<Child> active = new ArrayList<>();
        for (Child c : children) {
            if (c.weight() > 0) { // weight 0 removes a child
                active.add(c);
            }
        }
        this.children = new ServiceHandler[active.size()];
        this.step = new double[active.size()];
        this.deadline = new double[active.size()];
        for (int i = 0; i < active.size(); i++) {
            this.children[i] = active.get(i).handler();
            this.step[i] = 1.0 / active.get(i).weight();
            this.deadline[i] = step[i];
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Backend select(HttpServletRequest request) {
        int n = children.length;
        // Children without an available server are skipped; each is tried at most once.
        for (int attempt = 0; attempt < n; attempt++) {
            ServiceHandler pick = nextChild();
            Backend backend = pick.select(request);
            if (backend != null) {
                return backend;
            }
        }
        return null;
    }

    private synchronized ServiceHandler nextChild() {
        int best = 0;
        for (int i = 1; i < children.length; i++) {
            if (deadline[i] < deadline[best]) {
                best = i;
            }
        }
        now = deadline[best];
        deadline[best] = now + step[best];
        return children[best];
    }
}
