package io.jetway.status;

import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.TcpMiddlewareConfig;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TcpServiceConfig;
import io.jetway.dynamic.UdpRouterConfig;
import io.jetway.dynamic.UdpServiceConfig;
import io.jetway.kube.ObjectRef;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.layer4.Layer4Builder;
import io.jetway.routing.layer4.Layer4State;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 19: the layer-4 build errors land on the objects that caused them, as the HTTP ones do. */
class ReadyConditionsLayer4Test {

    private static final ObjectRef ROUTE = new ObjectRef("IngressRouteTCP", "default", "db");
    private static final ObjectRef OTHER_ROUTE = new ObjectRef("IngressRouteTCP", "default", "fine");
    private static final ObjectRef WARNED_ROUTE = new ObjectRef("IngressRouteTCP", "default", "half");
    private static final ObjectRef UDP_ROUTE = new ObjectRef("IngressRouteUDP", "default", "dns");
    private static final ObjectRef MIDDLEWARE = new ObjectRef("MiddlewareTCP", "default", "empty");
    private static final Layer4Builder.EntryPointNames EPS = new Layer4Builder.EntryPointNames(
            List.of("web"), List.of("web"), List.of("udp"));

    private static Map<ObjectRef, Set<String>> errors() {
        TcpServiceConfig lb = new TcpServiceConfig.LoadBalancer(List.of(new TcpServiceConfig.Server("127.0.0.1:1", false)),
                null, null, 0, OTHER_ROUTE);
        TcpServiceConfig noTransport = new TcpServiceConfig.LoadBalancer(
                List.of(new TcpServiceConfig.Server("127.0.0.1:2", false)), "default-gone@kubernetescrd", null, 0, ROUTE);
        Map<String, TcpRouterConfig> routers = Map.of(
                "sni", router("sni", List.of("web"), "HostSNI(`db.example`)", "lb", ROUTE),
                "transport", router("transport", List.of("web"), "ClientIP(`10.0.0.1`)", "no-transport", ROUTE),
                "guarded", router("guarded", List.of("web"), "ClientIP(`10.0.0.2`)", "lb", OTHER_ROUTE,
                        "default-empty@kubernetescrd"),
                "ok", router("ok", List.of("web"), "HostSNI(`*`)", "lb", OTHER_ROUTE),
                "half", router("half", List.of("web", "nosuch"), "ClientIP(`10.0.0.3`)", "lb", WARNED_ROUTE));
        Map<String, TcpMiddlewareConfig> middlewares = Map.of("default-empty@kubernetescrd", new TcpMiddlewareConfig(
                "default-empty@kubernetescrd", "ipAllowList", Map.of("sourceRange", List.of()), MIDDLEWARE));
        Map<String, UdpRouterConfig> udpRouters = Map.of("dns", new UdpRouterConfig("dns", List.of("web"), "u", UDP_ROUTE));
        Map<String, UdpServiceConfig> udpServices = Map.of("u",
                new UdpServiceConfig.LoadBalancer(List.of("127.0.0.1:53"), 0, UDP_ROUTE));
        Layer4Config config = new Layer4Config(routers, Map.of("lb", lb, "no-transport", noTransport), middlewares,
                Map.of(), udpRouters, udpServices);
        RoutingTable table = RoutingTable.EMPTY.withLayer4(Layer4Builder.build(config, Set.of(), EPS, new Layer4State()));
        return ReadyConditions.errorsByObject(table);
    }

    private static TcpRouterConfig router(String name, List<String> eps, String rule, String service, ObjectRef source,
                                          String... middlewares) {
        return new TcpRouterConfig(name, eps, rule, 0, null, List.of(middlewares), service, null, source);
    }

    @Test
    void aDisabledTcpRouterAndItsServiceMakeTheirIngressRouteTcpNotReady() {
        ReadyConditions.Ready ready = ReadyConditions.of(ROUTE, errors());

        assertFalse(ready.ready());
        assertEquals(ReadyConditions.INVALID, ready.reason());
        assertTrue(ready.message().contains("HostSNI"), ready.message());
        assertTrue(ready.message().contains("no transport configuration found for \"default-gone@kubernetescrd\""),
                ready.message());
    }

    @Test
    void aBrokenMiddlewareTcpIsNotReadyAndNeitherIsTheRouteThatUsesIt() {
        Map<ObjectRef, Set<String>> errors = errors();

        ReadyConditions.Ready middleware = ReadyConditions.of(MIDDLEWARE, errors);
        ReadyConditions.Ready route = ReadyConditions.of(OTHER_ROUTE, errors);

        assertFalse(middleware.ready());
        assertTrue(middleware.message().contains("sourceRange is empty"), middleware.message());
        assertFalse(route.ready(), "its router 'guarded' is disabled, though 'ok' serves");
        assertTrue(route.message().contains("sourceRange is empty"), route.message());
    }

    @Test
    void aUdpRouterWithoutAUdpEntryPointIsNotReady() {
        ReadyConditions.Ready ready = ReadyConditions.of(UDP_ROUTE, errors());

        assertFalse(ready.ready());
        assertTrue(ready.message().contains("not of the router's protocol"), ready.message());
    }

    @Test
    void aRouterWithOnlyWarningsStaysReady() {
        assertTrue(ReadyConditions.of(WARNED_ROUTE, errors()).ready(), "it serves on web; nosuch is a warning");
    }
}
