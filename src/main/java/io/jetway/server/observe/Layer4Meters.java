package io.jetway.server.observe;

import io.jetway.config.MetricsConfig;
import io.jetway.server.tcp.Layer4Metrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * TCP tunnels per router and per service. These metrics are Jetway's: Traefik counts only the
 * open connections of an entry point for TCP. They follow Traefik's switches for the HTTP ones:
 * routers with {@code addRoutersLabels}, services with {@code addServicesLabels}.
 * <ul>
 *   <li>{@code traefik_tcp_router_connections_total} and {@code traefik_tcp_router_open_connections}
 *       {entrypoint, router, service}: the router's service, as in {@code traefik_router_*};</li>
 *   <li>{@code traefik_tcp_service_connections_total} and {@code traefik_tcp_service_open_connections}
 *       {service}: the router's service and, below a weighted one, the load balancer that picked the
 *       server (as Traefik's HTTP service metrics count every service level).</li>
 * </ul>
 */
final class Layer4Meters implements Layer4Metrics {

    private record GaugeKey(String name, Tags tags) {
    }

    private final MeterRegistry registry;
    private final boolean routers;
    private final boolean services;
    private final Map<GaugeKey, AtomicLong> open = new ConcurrentHashMap<>();

    Layer4Meters(MeterRegistry registry, MetricsConfig config) {
        this.registry = registry;
        this.routers = config.addRoutersLabels();
        this.services = config.addServicesLabels();
    }

    @Override
    public void tunnelOpened(TunnelLabels labels) {
        if (routers) {
            Tags tags = routerTags(labels);
            Counter.builder("traefik.tcp.router.connections").description("TCP connections a router forwarded")
                    .tags(tags).register(registry).increment();
            openGauge("traefik.tcp.router.open.connections", tags).incrementAndGet();
        }
        if (services) {
            for (String service : serviceLevels(labels)) {
                Tags tags = Tags.of("service", service);
                Counter.builder("traefik.tcp.service.connections").description("TCP connections a service forwarded")
                        .tags(tags).register(registry).increment();
                openGauge("traefik.tcp.service.open.connections", tags).incrementAndGet();
            }
        }
    }

    @Override
    public void tunnelClosed(TunnelLabels labels) {
        if (routers) {
            openGauge("traefik.tcp.router.open.connections", routerTags(labels)).decrementAndGet();
        }
        if (services) {
            for (String service : serviceLevels(labels)) {
                openGauge("traefik.tcp.service.open.connections", Tags.of("service", service)).decrementAndGet();
            }
        }
    }

    private static List<String> serviceLevels(TunnelLabels labels) {
        return labels.loadBalancer().equals(labels.service()) ? List.of(labels.service())
                : List.of(labels.service(), labels.loadBalancer());
    }

    private static Tags routerTags(TunnelLabels labels) {
        return Tags.of("entrypoint", labels.entryPoint(), "router", labels.router(), "service", labels.service());
    }

    /** The gauge's value, registered on first use; the map holds it, so the registry may keep a weak reference. */
    private AtomicLong openGauge(String name, Tags tags) {
        return open.computeIfAbsent(new GaugeKey(name, tags), key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, AtomicLong::get).description("Open TCP tunnels").tags(tags).register(registry);
            return value;
        });
    }
}
