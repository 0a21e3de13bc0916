package io.jetway.service;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * TraefikService failover: the main service while it has a server to offer, the fallback
 * otherwise. "Down" is what the main service reports (no available server); active health
 * checks, when they land, feed the same signal.
 */
public final class FailoverHandler implements ServiceHandler {

    private final String name;
    private final ServiceHandler main;
    private final ServiceHandler fallback;

    public FailoverHandler(String name, ServiceHandler main, ServiceHandler fallback) {
        this.name = name;
        this.main = main;
        this.fallback = fallback;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Backend select(HttpServletRequest request, HttpServletResponse response) {
        Backend backend = main.select(request, response);
        return backend != null ? backend : fallback.select(request, response);
    }
}
