package io.jetway.routing;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.service.Backend;
import io.jetway.service.ServiceHandler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jetway.routing.RoutingTableBuilderTest.ENTRY_POINTS;
import static io.jetway.routing.RoutingTableBuilderTest.SRC;
import static io.jetway.routing.RoutingTableBuilderTest.lb;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A weighted child's own middlewares (Traefik's service middlewares, a Gateway API backendRef's
 * filters): the servers it picks carry them, the other children's do not, and a reload that changes
 * only such a middleware builds the weighted service again.
 */
class WeightedChildMiddlewaresTest {

    private static DynamicConfig config(String prefix, String childMiddleware) {
        return new DynamicConfig(
                Map.of("r", new RouterConfig("r", List.of(), "Host(`w.test`)", 0, "v3", List.of(), "w", SRC)),
                Map.of("w", new ServiceConfig.Weighted(List.of(new ServiceConfig.WeightedChild("a", 1, null, List.of(childMiddleware)),
                                new ServiceConfig.WeightedChild("b", 1)), null, SRC),
                        "a", lb("http://10.0.0.1:80"), "b", lb("http://10.0.0.2:80")),
                Map.of("m-a", new MiddlewareConfig("m-a", "addPrefix", Map.of("prefix", prefix), SRC)), List.of());
    }

    private static ServiceHandler service(RoutingTable table) {
        return table.routers("web").stream().filter(r -> r.name().equals("r")).findFirst().orElseThrow().service();
    }

    /** The backends of a full cycle by server URL. */
    private static Map<String, Backend> picks(ServiceHandler service) {
        Map<String, Backend> picks = new java.util.TreeMap<>();
        for (int i = 0; i < 4; i++) {
            Backend b = service.select(null, null);
            picks.put(b.baseUrl(), b);
        }
        return picks;
    }

    @Test
    void onlyTheChildsServersCarryItsMiddlewares() {
        BalancerState state = new BalancerState();
        RoutingTable first = RoutingTableBuilder.build(config("/a", "m-a"), ENTRY_POINTS, state, Set.of(), null);
        Map<String, Backend> picks = picks(service(first));
        assertEquals(Set.of("http://10.0.0.1:80", "http://10.0.0.2:80"), picks.keySet());
        assertEquals(1, picks.get("http://10.0.0.1:80").middlewares().size());
        assertEquals(List.of(), picks.get("http://10.0.0.2:80").middlewares());

        RoutingTable same = RoutingTableBuilder.build(config("/a", "m-a"), ENTRY_POINTS, state, Set.of(), first);
        assertSame(service(first), service(same), "nothing changed: the same weighted service");

        RoutingTable changed = RoutingTableBuilder.build(config("/x", "m-a"), ENTRY_POINTS, state, Set.of(), same);
        assertNotSame(service(same), service(changed), "its child's middleware changed: built again");
        assertNotSame(picks.get("http://10.0.0.1:80").middlewares().get(0),
                picks(service(changed)).get("http://10.0.0.1:80").middlewares().get(0));
    }

    @Test
    void aMissingChildMiddlewareIsTheWeightedServicesError() {
        RoutingTable t = RoutingTableBuilder.build(config("/a", "nowhere"), ENTRY_POINTS, new BalancerState(), Set.of(), null);
        String error = t.serviceErrors().get("w");
        assertTrue(error != null && error.contains("middleware \"nowhere\" does not exist"), String.valueOf(error));
    }
}
