package io.jetway.routing;

import io.jetway.service.health.HealthTarget;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Compares a table made incrementally (replayed, reused, patched) with one built from scratch by
 * what serving and the API read of it: statuses, errors, the routers of each entry point in
 * order, health targets, transports, each service's servers, and the router sample requests get.
 */
public final class SameTables {

    private SameTables() {
    }

    /**
     * @param requests sample requests, each tried on every entry point, plain and over TLS
     */
    public static void assertSameTable(RoutingTable expected, RoutingTable actual, List<String> entryPoints,
                                       List<PlainGet> requests, String where) {
        assertEquals(expected.routerStatuses(), actual.routerStatuses(), where + ": statuses");
        assertEquals(expected.serviceErrors(), actual.serviceErrors(), where + ": service errors");
        assertEquals(expected.middlewareErrors(), actual.middlewareErrors(), where + ": middleware errors");
        for (String ep : entryPoints) {
            assertEquals(describe(expected.routers(ep)), describe(actual.routers(ep)), where + ": routers of " + ep);
            assertEquals(describe(expected.tlsRouters(ep)), describe(actual.tlsRouters(ep)), where + ": tls routers of " + ep);
        }
        assertEquals(targets(expected.healthTargets()), targets(actual.healthTargets()), where + ": health targets");
        assertEquals(expected.transports(), actual.transports(), where + ": transports");
        for (String service : expected.config().services().keySet()) {
            assertEquals(expected.serverStatus(service), actual.serverStatus(service), where + ": servers of " + service);
        }
        assertEquals(expected.serversByService().keySet(), actual.serversByService().keySet(), where + ": built balancers");
        for (PlainGet request : requests) {
            for (String ep : entryPoints) {
                for (boolean tls : List.of(false, true)) {
                    assertEquals(answer(expected.route(ep, tls, request)), answer(actual.route(ep, tls, request)),
                            where + ": " + ep + (tls ? " over TLS " : " ") + request);
                }
            }
        }
    }

    private static List<String> describe(List<CompiledRouter> routers) {
        return routers.stream().map(r -> r.name() + " " + r.priority() + " " + r.rule() + " "
                + r.middlewares().size() + " " + (r.service() == null ? "-" : r.service().name())).toList();
    }

    private static List<String> targets(List<HealthTarget> targets) {
        return targets.stream().map(t -> t.service() + " " + t.serverUrl() + " " + t.check()).toList();
    }

    private static String answer(CompiledRouter router) {
        return router == null ? "none" : router.name() + " -> " + (router.service() == null ? "-" : router.service().name());
    }
}
