package io.jetway.routing;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.HealthCheck;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.service.Backend;
import io.jetway.service.health.HealthTarget;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.jetway.routing.RoutingTableBuilderTest.ENTRY_POINTS;
import static io.jetway.routing.RoutingTableBuilderTest.SRC;
import static io.jetway.routing.RoutingTableBuilderTest.router;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * What Traefik forgets on every reload (its issues #8787 and #8275) and Jetway keeps for services
 * that are still there: round-robin position, health, requests in flight.
 */
class StateAcrossReloadsTest {

    static final HealthCheck CHECK = new HealthCheck(null, "http", "/health", "GET", 0, 0, null, Map.of(), true,
            Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(5));

    static ServiceConfig lb(String strategy, HealthCheck check, String... urls) {
        return new ServiceConfig.LoadBalancer(java.util.Arrays.stream(urls).map(u -> new ServiceConfig.Server(u, 1)).toList(),
                true, Duration.ofMillis(100), strategy, null, null, check, null, SRC);
    }

    static RoutingTable build(BalancerState state, ServiceConfig app, boolean withUnrelatedRouter) {
        Map<String, RouterConfig> routers = new java.util.HashMap<>(Map.of("app", router("app", "Host(`app`)", "app")));
        Map<String, ServiceConfig> services = new java.util.HashMap<>(Map.of("app", app));
        if (withUnrelatedRouter) {
            routers.put("other", router("other", "Host(`other`)", "other"));
            services.put("other", lb("wrr", null, "http://o:80"));
        }
        return RoutingTableBuilder.build(new DynamicConfig(routers, services, Map.of(), List.of()), ENTRY_POINTS, state);
    }

    static Backend pick(RoutingTable table) {
        return table.route("web", new PlainGet("app", "/")).service().select(null, null);
    }

    @Test
    void roundRobinContinuesWhereItWasAfterAnUnrelatedReload() {
        BalancerState state = new BalancerState();
        ServiceConfig app = lb("wrr", null, "http://a:80", "http://b:80", "http://c:80");
        assertEquals("http://a:80", pick(build(state, app, false)).baseUrl());
        RoutingTable reloaded = build(state, app, true);
        assertEquals("http://b:80", pick(reloaded).baseUrl(), "not sent back to the first server");
        assertEquals("http://c:80", pick(reloaded).baseUrl());
    }

    @Test
    void healthStatusSurvivesAReloadAndIsReportedAsServerStatus() {
        BalancerState state = new BalancerState();
        ServiceConfig app = lb("wrr", CHECK, "http://a:80", "http://b:80");
        RoutingTable first = build(state, app, false);
        assertEquals(Map.of("http://a:80", "UP", "http://b:80", "UP"), first.serverStatus("app"));
        HealthTarget b = first.healthTargets().stream().filter(t -> t.serverUrl().equals("http://b:80")).findFirst().orElseThrow();
        b.health().setActiveUp(false);

        RoutingTable reloaded = build(state, app, true);
        assertEquals(Map.of("http://a:80", "UP", "http://b:80", "DOWN"), reloaded.serverStatus("app"));
        for (int i = 0; i < 4; i++) {
            assertEquals("http://a:80", pick(reloaded).baseUrl());
        }
        assertSame(b.health(), reloaded.healthTargets().stream().filter(t -> t.serverUrl().equals("http://b:80"))
                .findFirst().orElseThrow().health(), "the same health object: the monitor keeps its probe");
    }

    @Test
    void aServerThatLeavesAndComesBackStartsFresh() {
        BalancerState state = new BalancerState();
        RoutingTable first = build(state, lb("wrr", CHECK, "http://a:80", "http://b:80"), false);
        first.healthTargets().forEach(t -> t.health().setActiveUp(!t.serverUrl().equals("http://b:80")));
        build(state, lb("wrr", CHECK, "http://a:80"), false);
        RoutingTable back = build(state, lb("wrr", CHECK, "http://a:80", "http://b:80"), false);
        assertEquals("UP", back.serverStatus("app").get("http://b:80"), "state of servers that are gone is dropped");
    }

    @Test
    void requestsInFlightAreStillCountedAfterAReload() {
        BalancerState state = new BalancerState();
        ServiceConfig app = lb("p2c", null, "http://a:80", "http://b:80");
        Backend busy = pick(build(state, app, false));
        busy.inFlight().addAndGet(10);
        RoutingTable reloaded = build(state, app, true);
        for (int i = 0; i < 20; i++) {
            Backend next = pick(reloaded);
            assertEquals(busy.baseUrl().equals("http://a:80") ? "http://b:80" : "http://a:80", next.baseUrl(),
                    "p2c still sees the busy server's requests");
        }
    }
}
