package io.jetway.routing;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load-balancer positions kept by service name across reloads, so a reload does not send the
 * next requests of every service back to its first server (Traefik #8787).
 */
public final class BalancerState {

    private final Map<String, AtomicInteger> positions = new ConcurrentHashMap<>();
    /** Requests in flight per service and server URL: a reload must not forget busy servers. */
    private final Map<String, Map<String, AtomicInteger>> inFlight = new ConcurrentHashMap<>();

    AtomicInteger positionOf(String serviceName) {
        return positions.computeIfAbsent(serviceName, k -> new AtomicInteger());
    }

    AtomicInteger inFlightOf(String serviceName, String serverUrl) {
        return inFlight.computeIfAbsent(serviceName, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(serverUrl, k -> new AtomicInteger());
    }

    /** Forgets services that no longer exist so state does not grow without bound. */
    void retainOnly(Set<String> serviceNames) {
        positions.keySet().retainAll(serviceNames);
        inFlight.keySet().retainAll(serviceNames);
    }
}
