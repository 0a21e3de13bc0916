package io.jetway.service;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Round robin over a fixed list of servers; lock-free on the request path. */
public final class RoundRobinLoadBalancer implements ServiceHandler {

    private final String name;
    private final Backend[] backends;
    private final AtomicInteger next;

    /** @param position shared with the previous table's balancer of the same name, so a reload keeps the spread even */
    public RoundRobinLoadBalancer(String name, List<Backend> backends, AtomicInteger position) {
        this.name = name;
        this.backends = backends.toArray(Backend[]::new);
        this.next = position;
    }

    @Override
    public String name() {
        return name;
    }

    public List<Backend> backends() {
        return List.of(backends);
    }

    @Override
    public Backend select(HttpServletRequest request, HttpServletResponse response) {
        int n = backends.length;
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            return backends[0];
        }
        return backends[Math.floorMod(next.getAndIncrement(), n)];
    }
}
