package io.jetway.routing;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.service.Backend;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jetway.routing.RoutingTableBuilderTest.ENTRY_POINTS;
import static io.jetway.routing.RoutingTableBuilderTest.SRC;
import static io.jetway.routing.RoutingTableBuilderTest.lb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A build given the table it replaces compiles only the routers, services and middlewares a
 * change touches (counted by the builder itself) and takes everything else as it is, so a
 * balancer keeps its position.
 */
class IncrementalBuildTest {

    private static final int APPS = 1000;

    /** APPS routers app-i on Host(app-i) with their own service; every tenth uses the middleware "shared". */
    private static Map<String, RouterConfig> routers() {
        Map<String, RouterConfig> routers = new HashMap<>();
        for (int i = 0; i < APPS; i++) {
            routers.put("app-" + i, new RouterConfig("app-" + i, List.of(), "Host(`app-" + i + ".test`)", 0, "v3",
                    i % 10 == 0 ? List.of("shared") : List.of(), "svc-" + i, SRC));
        }
        return routers;
    }

    private static Map<String, ServiceConfig> services() {
        Map<String, ServiceConfig> services = new HashMap<>();
        for (int i = 0; i < APPS; i++) {
            services.put("svc-" + i, lb("http://10.0." + (i / 250) + "." + (i % 250) + ":80", "http://10.1.0.1:80"));
        }
        return services;
    }

    private static Map<String, MiddlewareConfig> middlewares(String prefix) {
        return Map.of("shared", new MiddlewareConfig("shared", "addPrefix", Map.of("prefix", prefix), SRC));
    }

    private static RoutingTable build(BalancerState state, Map<String, RouterConfig> routers,
                                      Map<String, ServiceConfig> services, Map<String, MiddlewareConfig> middlewares,
                                      RoutingTable previous) {
        return RoutingTableBuilder.build(new DynamicConfig(routers, services, middlewares, List.of()), ENTRY_POINTS, state,
                Set.of(), previous);
    }

    private static CompiledRouter router(RoutingTable table, String name) {
        return table.routers("web").stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aChangedRouterIsTheOnlyOneCompiled() {
        BalancerState state = new BalancerState();
        RoutingTable first = build(state, routers(), services(), middlewares("/a"), null);
        assertEquals(new BuildCounts(APPS, 0, APPS, 0, 1, 0), first.buildCounts(), "a first build compiles everything");

        Map<String, RouterConfig> changed = routers();
        changed.put("app-7", new RouterConfig("app-7", List.of(), "Host(`renamed.test`)", 0, "v3", List.of(), "svc-7", SRC));
        RoutingTable second = build(state, changed, services(), middlewares("/a"), first);

        // Equal definitions made again count as unchanged: a patch of the first table.
        assertEquals(new BuildCounts(1, APPS - 1, 0, APPS, 0, 1, true), second.buildCounts());
        assertSame(router(first, "app-8"), router(second, "app-8"), "an untouched router is the same object");
        assertNotSame(router(first, "app-7"), router(second, "app-7"));
        assertEquals("app-7", second.route("web", new PlainGet("renamed.test", "/")).name());
        assertEquals(null, second.route("web", new PlainGet("app-7.test", "/")));
        assertSame(router(first, "app-7").service(), router(second, "app-7").service(), "its unchanged service is kept");
    }

    @Test
    void aChangedMiddlewareRecompilesTheRoutersUsingItOnly() {
        BalancerState state = new BalancerState();
        RoutingTable first = build(state, routers(), services(), middlewares("/a"), null);
        RoutingTable second = build(state, routers(), services(), middlewares("/b"), first);

        assertEquals(new BuildCounts(APPS / 10, APPS - APPS / 10, 0, APPS, 1, 0), second.buildCounts());
        assertNotSame(router(first, "app-10").middlewares().get(0), router(second, "app-10").middlewares().get(0));
        assertSame(router(first, "app-11"), router(second, "app-11"));
    }

    @Test
    void aChangedServiceRebuildsItsBalancerAndItsRoutersOnly() {
        BalancerState state = new BalancerState();
        RoutingTable first = build(state, routers(), services(), middlewares("/a"), null);
        Map<String, ServiceConfig> services = services();
        services.put("svc-3", lb("http://10.9.9.9:80"));
        RoutingTable second = build(state, routers(), services, middlewares("/a"), first);

        assertEquals(new BuildCounts(1, APPS - 1, 1, APPS - 1, 0, 1, true), second.buildCounts());
        assertEquals(Map.of("http://10.9.9.9:80", "UP"), second.serverStatus("svc-3"));
        assertEquals(first.serverStatus("svc-4"), second.serverStatus("svc-4"));
    }

    @Test
    void aReusedBalancerContinuesItsRotation() {
        BalancerState state = new BalancerState();
        RoutingTable first = build(state, routers(), services(), middlewares("/a"), null);
        Backend a = router(first, "app-1").service().select(null, null);
        Map<String, RouterConfig> changed = routers();
        changed.remove("app-500");
        RoutingTable second = build(state, changed, services(), middlewares("/a"), first);

        Backend b = router(second, "app-1").service().select(null, null);
        assertEquals(Set.of("http://10.0.0.1:80", "http://10.1.0.1:80"), Set.of(a.baseUrl(), b.baseUrl()),
                "the next request goes to the other server, not back to the first");
        assertEquals(0, second.buildCounts().routersCompiled());
    }

    @Test
    void anotherStateOrNoPreviousTableBuildsEverything() {
        RoutingTable first = build(new BalancerState(), routers(), services(), middlewares("/a"), null);
        RoutingTable other = build(new BalancerState(), routers(), services(), middlewares("/a"), first);
        assertEquals(new BuildCounts(APPS, 0, APPS, 0, 1, 0), other.buildCounts(),
                "parts holding another state's positions are never taken");
    }
}
