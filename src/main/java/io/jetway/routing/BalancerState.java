package io.jetway.routing;

import io.jetway.dynamic.ServiceConfig;
import io.jetway.middleware.MiddlewareState;
import io.jetway.service.MirrorCounters;
import io.jetway.service.health.ServerHealth;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load-balancer state kept by service name across reloads: positions, so a reload does not send
 * the next requests of every service back to its first server (Traefik #8787), requests in flight
 * and server health.
 */
public final class BalancerState {

    private final Map<String, AtomicInteger> positions = new ConcurrentHashMap<>();
    /** Middleware state (rate-limit buckets and the like) lives beside the balancers' for the same reason. */
    private final MiddlewareState middlewareState = new MiddlewareState();
    /** Requests in flight per service and server URL: a reload must not forget busy servers. */
    private final Map<String, Map<String, AtomicInteger>> inFlight = new ConcurrentHashMap<>();
    /** Health per service and server URL: a reload neither revives a dead server nor forgets a live one. */
    private final Map<String, Map<String, ServerHealth>> health = new ConcurrentHashMap<>();

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

    MiddlewareState middlewareState() {
        return middlewareState;
    }

    ServerHealth healthOf(String serviceName, String serverUrl) {
        return health.computeIfAbsent(serviceName, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(serverUrl, k -> new ServerHealth());
    }

    /**
     * Forgets services and servers that no longer exist so state does not grow without bound as
     * pods come and go.
     *
     * @param serverUrls the server URLs in use, by service
     */
    void retainOnly(Set<String> serviceNames, Map<String, Set<String>> serverUrls) {
        positions.keySet().retainAll(serviceNames);
        retain(inFlight, serviceNames, serverUrls);
        retain(health, serviceNames, serverUrls);
        mirrorCounters.keySet().retainAll(serviceNames);
    }

    /** What {@link #retainOnly} does to one service: a defined one keeps these servers' state, another loses all. */
    void retainService(String serviceName, boolean defined, Set<String> serverUrls) {
        if (!defined) {
            positions.remove(serviceName);
            inFlight.remove(serviceName);
            health.remove(serviceName);
            mirrorCounters.remove(serviceName);
            return;
        }
        Map<String, AtomicInteger> busy = inFlight.get(serviceName);
        if (busy != null) {
            busy.keySet().retainAll(serverUrls);
        }
        Map<String, ServerHealth> healths = health.get(serviceName);
        if (healths != null) {
            healths.keySet().retainAll(serverUrls);
        }
    }

    private static <V> void retain(Map<String, Map<String, V>> perService, Set<String> serviceNames,
                                   Map<String, Set<String>> serverUrls) {
        perService.keySet().retainAll(serviceNames);
        perService.forEach((service, servers) -> servers.keySet().retainAll(serverUrls.getOrDefault(service, Set.of())));
    }
}
