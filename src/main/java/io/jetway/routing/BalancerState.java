package io.jetway.routing;

import io.jetway.model.ServiceConfig;
import io.jetway.service.MirrorCounters;

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

    /** Mirroring counts per service, with the definition they were counted for. */
    private final Map<String, KeptMirrorCounters> mirrorCounters = new ConcurrentHashMap<>();

    private record KeptMirrorCounters(ServiceConfig.Mirroring definition, MirrorCounters counters) {
    }

    AtomicInteger positionOf(String serviceName) {
        return positions.computeIfAbsent(serviceName, k -> new AtomicInteger());
    }

    AtomicInteger inFlightOf(String serviceName, String serverUrl) {
        return inFlight.computeIfAbsent(serviceName, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(serverUrl, k -> new AtomicInteger());
    }

    /** The same counters while the service's definition is unchanged; fresh ones once it changes. */
    MirrorCounters mirrorCountersOf(String serviceName, ServiceConfig.Mirroring definition) {
        return mirrorCounters.compute(serviceName, (name, kept) -> kept != null && kept.definition().equals(definition) ? kept
                : new KeptMirrorCounters(definition, new MirrorCounters(definition.mirrors().size()))).counters();
    }

    /** Forgets services that no longer exist so state does not grow without bound. */
    void retainOnly(Set<String> serviceNames) {
        positions.keySet().retainAll(serviceNames);
        inFlight.keySet().retainAll(serviceNames);
        mirrorCounters.keySet().retainAll(serviceNames);
    }
}
