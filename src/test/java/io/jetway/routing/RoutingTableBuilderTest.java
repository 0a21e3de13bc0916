package io.jetway.routing;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServersTransport;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import io.jetway.service.Backend;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Model in, behaviour out: which routers serve, which are disabled and why. */
class RoutingTableBuilderTest {

    static final ObjectRef SRC = new ObjectRef("IngressRoute", "default", "r");
    static final List<String> ENTRY_POINTS = List.of("web", "websecure");

    static ServiceConfig lb(String... urls) {
        return new ServiceConfig.LoadBalancer(java.util.Arrays.stream(urls).map(u -> new ServiceConfig.Server(u, 1)).toList(),
                true, Duration.ofMillis(100), "wrr", null, null, SRC);
    }

    static ServiceConfig lbWithTransport(String transport, String url) {
        return new ServiceConfig.LoadBalancer(List.of(new ServiceConfig.Server(url, 1)),
                true, Duration.ofMillis(100), "wrr", null, transport, SRC);
    }

    static RouterConfig router(String name, String rule, String service, String... entryPoints) {
        return new RouterConfig(name, List.of(entryPoints), rule, 0, "v3", List.of(), service, SRC);
    }

    static RoutingTable build(Map<String, RouterConfig> routers, Map<String, ServiceConfig> services,
                              Map<String, MiddlewareConfig> middlewares, List<Problem> problems) {
        return RoutingTableBuilder.build(new DynamicConfig(routers, services, middlewares, problems), ENTRY_POINTS, new BalancerState());
    }

    static RouterStatus status(RoutingTable t, String router) {
        return t.routerStatuses().stream().filter(s -> s.name().equals(router)).findFirst().orElseThrow();
    }

    @Test
    void disablesOnlyTheRoutersThatCannotBeBuilt() {
        Map<String, RouterConfig> routers = new HashMap<>();
        routers.put("ok", router("ok", "Host(`ok`)", "svc"));
        routers.put("badrule", router("badrule", "Host(`x`) &&", "svc"));
        routers.put("nosvc", router("nosvc", "Host(`nosvc`)", "missing"));
        routers.put("mw", new RouterConfig("mw", List.of(), "Host(`mw`)", 0, "v3", List.of("strip@kubernetescrd", "ghost@file"), "svc", SRC));
        routers.put("mirror", router("mirror", "Host(`mirror`)", "mirroring"));
        routers.put("problem", router("problem", "Host(`problem`)", "svc"));
        routers.put("h2c", router("h2c", "Host(`h2c`)", "grpc"));
        routers.put("transport", router("transport", "Host(`t`)", "viaghost"));
        routers.put("badsyntax", new RouterConfig("badsyntax", List.of(), "Host(`s`)", 0, "v9", List.of(), "svc", SRC));
        RoutingTable t = build(routers,
                Map.of("svc", lb("http://127.0.0.1:1"), "grpc", lb("h2c://127.0.0.1:2"),
                        "viaghost", lbWithTransport("ghost@file", "https://127.0.0.1:3"),
                        "mirroring", new ServiceConfig.Mirroring("svc", List.of(), true, -1, SRC)),
                Map.of("strip@kubernetescrd", new MiddlewareConfig("strip@kubernetescrd", "plugin", Map.of(), SRC)),
                List.of(new Problem(SRC, "problem", "kubernetes service default/x not found")));

        assertEquals(RouterStatus.ENABLED, status(t, "ok").status());
        assertNotNull(t.route("web", new PlainGet("ok", "/")));
        assertTrue(status(t, "badrule").errors().get(0).startsWith("invalid rule Host(`x`) &&"), status(t, "badrule").toString());
        assertEquals(List.of("service \"missing\" does not exist"), status(t, "nosvc").errors());
        assertEquals(List.of("middleware \"strip@kubernetescrd\" of type plugin is not supported yet",
                "middleware \"ghost@file\" does not exist"), status(t, "mw").errors());
        assertEquals(RouterStatus.ENABLED, status(t, "mirror").status(), "a mirroring service without mirrors serves its main service");
        assertEquals(List.of("kubernetes service default/x not found"), status(t, "problem").errors());
        assertTrue(status(t, "badsyntax").errors().get(0).contains("v9"), status(t, "badsyntax").toString());
        assertEquals(RouterStatus.ENABLED, status(t, "h2c").status(), "h2c backends are served");
        assertEquals(List.of("service \"viaghost\": servers transport \"ghost@file\" does not exist"),
                status(t, "transport").errors());
        for (String disabled : List.of("badrule", "nosvc", "mw", "problem", "badsyntax", "transport")) {
            assertEquals(RouterStatus.DISABLED, status(t, disabled).status(), disabled);
        }
        assertNull(t.route("web", new PlainGet("mw", "/")), "a disabled router never matches");
    }

    @Test
    void backendsCarryTheirServersTransport() {
        ServersTransport mtls = new ServersTransport("default-mtls@kubernetescrd", "backend.internal", false, List.of(),
                List.of(), 200, false, "", ServersTransport.ForwardingTimeouts.DEFAULTS, SRC);
        RoutingTable t = RoutingTableBuilder.build(new DynamicConfig(
                        Map.of("a", router("a", "Host(`a`)", "secure"), "b", router("b", "Host(`b`)", "plain")),
                        Map.of("secure", lbWithTransport("default-mtls@kubernetescrd", "https://127.0.0.1:1"),
                                "plain", lbWithTransport("default@internal", "http://127.0.0.1:2")),
                        Map.of(), List.of(), Map.of(mtls.name(), mtls)),
                ENTRY_POINTS, new BalancerState());
        Backend secure = t.route("web", new PlainGet("a", "/")).service().select(null, null);
        Backend plain = t.route("web", new PlainGet("b", "/")).service().select(null, null);
        assertEquals(mtls, secure.transport());
        assertNull(plain.transport(), "default@internal is the default transport");
        assertEquals(java.util.Set.of(mtls), t.transports());
    }

    @Test
    void entryPointsAttachAndUnknownOnesWarn() {
        RoutingTable t = build(Map.of(
                        "all", router("all", "Host(`all`)", "svc"),
                        "secure", router("secure", "Host(`secure`)", "svc", "websecure", "nope"),
                        "nowhere", router("nowhere", "Host(`nowhere`)", "svc", "nope")),
                Map.of("svc", lb("http://127.0.0.1:1")), Map.of(), List.of());
        assertNotNull(t.route("web", new PlainGet("all", "/")));
        assertNotNull(t.route("websecure", new PlainGet("all", "/")), "no entryPoints means every entry point");
        assertNull(t.route("web", new PlainGet("secure", "/")));
        assertNotNull(t.route("websecure", new PlainGet("secure", "/")));
        assertEquals(RouterStatus.WARNING, status(t, "secure").status());
        assertEquals(List.of("entry point \"nope\" does not exist"), status(t, "secure").warnings());
        assertEquals(RouterStatus.DISABLED, status(t, "nowhere").status());
    }

    static ServiceConfig mirroring(String main, String... mirrors) {
        return new ServiceConfig.Mirroring(main, java.util.Arrays.stream(mirrors).map(m -> new ServiceConfig.Mirror(m, 50)).toList(),
                true, -1, SRC);
    }

    @Test
    void aMirroringServiceNamingAMissingServiceDisablesOnlyItsRouters() {
        RoutingTable t = build(Map.of(
                        "mirrored", router("mirrored", "Host(`m`)", "mirroring"),
                        "nomain", router("nomain", "Host(`n`)", "headless"),
                        "plain", router("plain", "Host(`p`)", "svc")),
                Map.of("svc", lb("http://127.0.0.1:1"), "copy", lb("http://127.0.0.1:2"),
                        "mirroring", mirroring("svc", "copy", "ghost"),
                        "headless", mirroring("gone", "copy")),
                Map.of(), List.of());
        assertEquals(RouterStatus.DISABLED, status(t, "mirrored").status());
        assertEquals(List.of("service \"mirroring\": mirrors[1]: service \"ghost\" does not exist"), status(t, "mirrored").errors());
        assertEquals(List.of("service \"headless\": service: service \"gone\" does not exist"), status(t, "nomain").errors());
        assertEquals(RouterStatus.ENABLED, status(t, "plain").status());
        assertNotNull(t.route("web", new PlainGet("p", "/")));
    }

    @Test
    void mirroringCyclesAreErrorsNotHangs() {
        RoutingTable t = build(Map.of(
                        "viaMirror", router("viaMirror", "Host(`a`)", "a"),
                        "self", router("self", "Host(`s`)", "s")),
                Map.of("svc", lb("http://127.0.0.1:1"),
                        "a", mirroring("svc", "b"),
                        "b", mirroring("a"),
                        "s", mirroring("s")),
                Map.of(), List.of());
        for (String router : List.of("viaMirror", "self")) {
            assertEquals(RouterStatus.DISABLED, status(t, router).status(), router);
            assertTrue(status(t, router).errors().get(0).contains("reference cycle"), status(t, router).toString());
        }
    }

    @Test
    void weightedCyclesAreErrorsNotHangs() {
        RoutingTable t = build(Map.of("r", router("r", "Host(`c`)", "a")),
                Map.of("a", new ServiceConfig.Weighted(List.of(new ServiceConfig.WeightedChild("b", 1)), null, SRC),
                        "b", new ServiceConfig.Weighted(List.of(new ServiceConfig.WeightedChild("a", 1)), null, SRC)),
                Map.of(), List.of());
        assertEquals(RouterStatus.DISABLED, status(t, "r").status());
        assertTrue(status(t, "r").errors().get(0).contains("reference cycle"), status(t, "r").toString());
    }

    @Test
    void weightedRoundRobinFollowsTheWeights() {
        RoutingTable t = build(Map.of("r", router("r", "Host(`w`)", "w")),
                Map.of("w", new ServiceConfig.Weighted(List.of(new ServiceConfig.WeightedChild("a", 3),
                                new ServiceConfig.WeightedChild("b", 1), new ServiceConfig.WeightedChild("off", 0)), null, SRC),
                        "a", lb("http://10.0.0.1:80"), "b", lb("http://10.0.0.2:80"), "off", lb("http://10.0.0.3:80")),
                Map.of(), List.of());
        CompiledRouter r = t.route("web", new PlainGet("w", "/"));
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            counts.merge(r.service().select(null, null).baseUrl(), 1, Integer::sum);
        }
        assertEquals(Map.of("http://10.0.0.1:80", 300, "http://10.0.0.2:80", 100), counts, "weight 0 removes a child");
    }

    @Test
    void failoverUsesTheFallbackWhileTheMainServiceHasNoServer() {
        RoutingTable t = build(Map.of("r", router("r", "Host(`f`)", "fo"), "r2", router("r2", "Host(`g`)", "fo-up")),
                Map.of("fo", new ServiceConfig.Failover("empty", "backup", SRC),
                        "fo-up", new ServiceConfig.Failover("main", "backup", SRC),
                        "empty", lb(), "main", lb("http://10.0.0.1:80"), "backup", lb("http://10.0.0.9:80")),
                Map.of(), List.of());
        assertEquals("http://10.0.0.9:80", t.route("web", new PlainGet("f", "/")).service().select(null, null).baseUrl());
        assertEquals("http://10.0.0.1:80", t.route("web", new PlainGet("g", "/")).service().select(null, null).baseUrl());
        RoutingTable missing = build(Map.of("r", router("r", "Host(`f`)", "fo")),
                Map.of("fo", new ServiceConfig.Failover("main", "ghost", SRC), "main", lb("http://10.0.0.1:80")),
                Map.of(), List.of());
        assertEquals(List.of("service \"fo\": service \"ghost\" does not exist"), status(missing, "r").errors());
    }

    @Test
    void priorityOrderAcrossIndexedAndUnindexedRouters() {
        RoutingTable t = build(Map.of(
                        "host", router("host", "Host(`h.example.com`)", "a"),
                        "wild", router("wild", "Host(`*.example.com`) && PathPrefix(`/api/v1`)", "a"),
                        "path", new RouterConfig("path", List.of(), "PathPrefix(`/`)", 1000, "v3", List.of(), "a", SRC),
                        "regexp", router("regexp", "HostRegexp(`^x\\.example\\.com$`)", "a")),
                Map.of("a", lb("http://127.0.0.1:1")), Map.of(), List.of());
        assertEquals("path", t.route("web", new PlainGet("h.example.com", "/")).name(), "explicit 1000 beats everything");
        RoutingTable noCatchAll = build(Map.of(
                        "host", router("host", "Host(`h.example.com`)", "a"),
                        "wild", router("wild", "Host(`*.example.com`) && PathPrefix(`/api/v1`)", "a"),
                        "regexp", router("regexp", "HostRegexp(`^x\\.example\\.com$`)", "a")),
                Map.of("a", lb("http://127.0.0.1:1")), Map.of(), List.of());
        assertEquals("wild", noCatchAll.route("web", new PlainGet("h.example.com", "/api/v1/x")).name(), "longer wildcard rule first");
        assertEquals("host", noCatchAll.route("web", new PlainGet("h.example.com", "/other")).name());
        assertEquals("regexp", noCatchAll.route("web", new PlainGet("x.example.com", "/other")).name());
        assertEquals("wild", noCatchAll.route("web", new PlainGet("x.example.com", "/api/v1")).name());
        assertNull(noCatchAll.route("web", new PlainGet("a.b.example.com", "/api/v1")), "a wildcard matches one label only");
    }
}
