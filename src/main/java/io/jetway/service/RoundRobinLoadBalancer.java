package io.jetway.service;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Round robin over a fixed list of servers, lock-free on the request path, skipping servers that
 * are down. With a sticky cookie, a client that names a server keeps it while it is up (also a
 * terminating one, which gets no new clients; a cookie in one of Traefik's older forms is set
 * again in the current one), and anyone else is given one and the cookie.
 */
public final class RoundRobinLoadBalancer implements ServiceHandler {

    private final String name;
    private final Backend[] backends;
    private final AtomicInteger next;
    private final StickyCookie sticky;
    /** Servers by the cookie values that name them by URL; null without a sticky cookie. */
    private final StickyTargets<Backend> cookieValues;

    /** @param position shared with the previous table's balancer of the same name, so a reload keeps the spread even */
    public RoundRobinLoadBalancer(String name, List<Backend> backends, AtomicInteger position, StickyCookie sticky) {
        this(name, backends, List.of(), position, sticky);
    }

    /** @param terminating servers that keep their sticky clients but get no new ones */
    public RoundRobinLoadBalancer(String name, List<Backend> backends, List<Backend> terminating,
                                  AtomicInteger position, StickyCookie sticky) {
        this.name = name;
        this.backends = backends.toArray(Backend[]::new);
        this.next = position;
        this.sticky = sticky;
        List<Backend> all = new ArrayList<>(backends);
        all.addAll(terminating);
        this.cookieValues = sticky == null ? null : new StickyTargets<>(all, Backend::baseUrl);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Backend> requestFreeServers() {
        return sticky == null ? List.of(backends) : null;
    }

    @Override
    public Backend select(HttpServletRequest request, HttpServletResponse response) {
        if (sticky != null) {
            StickyTargets.Match<Backend> kept = cookieValues.find(sticky.read(request));
            if (kept != null && kept.target().isUp()) {
                if (kept.outdated()) {
                    sticky.write(response, cookieValues.currentValue(kept.target()));
                }
                return kept.target();
            }
        }
        Backend picked = next();
        if (sticky != null && picked != null) {
            sticky.write(response, cookieValues.currentValue(picked));
        }
        return picked;
    }

    private Backend next() {
        int n = backends.length;
        if (n == 0) {
            return null;
        }
        if (n == 1) {
            return backends[0].isUp() ? backends[0] : null;
        }
        // A server that is down passes its turn on: each skip draws the next ticket, which keeps
        // the spread over the servers that are up even.
        int ticket = 0;
        for (int attempt = 0; attempt < n; attempt++) {
            ticket = next.getAndIncrement();
            Backend candidate = backends[Math.floorMod(ticket, n)];
            if (candidate.isUp()) {
                return candidate;
            }
        }
        // Other threads drew the tickets in between, so those draws may all have hit servers that
        // are down while one is up: look at each server once before answering that none is.
        for (int offset = 1; offset <= n; offset++) {
            Backend candidate = backends[Math.floorMod(ticket + offset, n)];
            if (candidate.isUp()) {
                return candidate;
            }
        }
        return null;
    }
}
