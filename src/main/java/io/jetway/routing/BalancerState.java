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

    AtomicInteger positionOf(String serviceName) {
        return positions.computeIfAbsent(serviceName, k -> new AtomicInteger());
    }

    /** Forgets services that no longer exist so state does not grow without bound. */
    void retainOnly(Set<String> serviceNames) {
        positions.keySet().retainAll(serviceNames);
    }
}
