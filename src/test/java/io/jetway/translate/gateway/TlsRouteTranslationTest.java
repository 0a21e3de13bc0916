package io.jetway.translate.gateway;

import io.jetway.dynamic.GatewayCondition;

import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TcpRouterTls;
import io.jetway.dynamic.TcpServiceConfig;
import io.jetway.kube.ObjectRef;
import io.jetway.routing.layer4.Layer4Builder;
import io.jetway.routing.layer4.Layer4State;
import io.jetway.routing.layer4.Layer4Table;
import io.jetway.routing.layer4.TcpEntryPointRoutes;
import io.jetway.routing.layer4.TcpRoute;
import io.jetway.routing.tcp.TcpConnectionInfo;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

import static io.jetway.translate.gateway.GatewayFixtures.CLASS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLSRoutes in, Traefik's TCP routers and services out (names, rules, priorities, TLS mode, deny-unknown-host, conditions). */
class TlsRouteTranslationTest {

    private static final ObjectRef ROUTE = new ObjectRef("TLSRoute", "default", "tls-app-1");
    private static final ObjectRef GATEWAY_REF = new ObjectRef("Gateway", "default", "my-gateway");
    private static final String P = "@kubernetesgateway";
    private static final String DENY = "deny-unknown-host" + P;

    /** The entry points of Traefik's TestLoadTLSRoutes cases, beside the usual ones. */
    static final GatewayOptions OPTIONS = new GatewayOptions(false, List.of(), false, null, List.of(
            new GatewayOptions.EntryPoint("web", 80, false, false),
            new GatewayOptions.EntryPoint("tls", 9001, false, false),
            new GatewayOptions.EntryPoint("TCP", 8080, false, false)), true);

    /** Traefik's services.yml whoamitcp: Service ports tcp-1 9000 and tcp-2 10000, two ready endpoints. */
    static final String WHOAMITCP = """
            apiVersion: v1
            kind: Service
            metadata: {name: whoamitcp, namespace: default}
            spec:
              clusterIP: 10.10.10.1
              ports: [{protocol: TCP, port: 9000, name: tcp-1}, {protocol: TCP, port: 10000, name: tcp-2}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: whoamitcp-abc, namespace: default, labels: {kubernetes.io/service-name: whoamitcp}}
            addressType: IPv4
            ports: [{name: tcp-1, protocol: TCP, port: 9000}, {name: tcp-2, protocol: TCP, port: 10000}]
            endpoints: [{addresses: [10.10.0.9, 10.10.0.10], conditions: {ready: true}}]
            ---
            """;

    /** Traefik's fixture tlsroute/with_multiple_SNI_matching.yml's Gateway: a Passthrough listener for *.example.com. */
    static final String PASSTHROUGH_GATEWAY = """
            apiVersion: gateway.networking.k8s.io/v1
            kind: Gateway
            metadata: {name: my-gateway, namespace: default}
            spec:
              gatewayClassName: my-gateway-class
              listeners:
                - name: tls
                  protocol: TLS
                  port: 9001
                  hostname: "*.example.com"
                  tls: {mode: Passthrough}
                  allowedRoutes:
                    kinds: [{kind: TLSRoute, group: gateway.networking.k8s.io}]
                    namespaces: {from: Same}
            ---
            """;

    static String tlsRoute(String spec) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: TLSRoute
                metadata: {name: tls-app-1, namespace: default}
                spec:
                """ + spec.indent(2) + "---\n";
    }

    private static GatewayTranslation translate(String yaml) throws Exception {
        return GatewayFixtures.translate(yaml, OPTIONS);
    }

    @Test
    void traefiksMultipleSniFixtureGivesTraefiksRouterServicesAndDenyUnknownHost() throws Exception {
        GatewayTranslation t = translate(CLASS + WHOAMITCP + PASSTHROUGH_GATEWAY + tlsRoute("""
                parentRefs: [{name: my-gateway, kind: Gateway, group: gateway.networking.k8s.io}]
                hostnames: [foo.example.com, bar.example.com]
                rules:
                  - backendRefs: [{name: whoamitcp, port: 9000, weight: 1, kind: Service, group: ""}]
                """));
        Layer4Config l4 = t.config().layer4();
        String name = "tlsroute-default-tls-app-1-gw-default-my-gateway-ep-tls-0-e3b0c44298fc1c149afb";
        assertEquals(new TcpRouterConfig(name + P, List.of("tls"), "HostSNI(\"foo.example.com\") || HostSNI(\"bar.example.com\")", 15,
                "v3", List.of(), name + "-wrr" + P, new TcpRouterTls(true, null, null, List.of()), ROUTE), l4.tcpRouters().get(name + P));
        assertEquals(new TcpServiceConfig.Weighted(List.of(new ServiceConfig.WeightedChild(name + "-svc-default-whoamitcp-0" + P, 1)), ROUTE),
                l4.tcpServices().get(name + "-wrr" + P));
        assertEquals(List.of(new TcpServiceConfig.Server("10.10.0.9:9000", false), new TcpServiceConfig.Server("10.10.0.10:9000", false)),
                ((TcpServiceConfig.LoadBalancer) l4.tcpServices().get(name + "-svc-default-whoamitcp-0" + P)).servers());
        assertEquals(new TcpRouterConfig(DENY, List.of(), "HostSNI(`*`) && !ALPN(`h2`) && !ALPN(`http/1.1`)", 1, "v3", List.of(), DENY,
                new TcpRouterTls(false, null, null, List.of()), null), l4.tcpRouters().get(DENY));
        assertEquals(List.of(), ((TcpServiceConfig.LoadBalancer) l4.tcpServices().get(DENY)).servers());
        assertEquals(2, l4.tcpRouters().size());
        assertEquals(3, l4.tcpServices().size());
        assertTrue(t.config().routers().isEmpty());
        assertEquals(List.of(), t.config().problems());
        assertEquals(List.of(GatewayCondition.isTrue("Accepted", "Accepted", ""), GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", "")),
                t.routes().get(ROUTE).get(0).conditions());
        assertEquals(1, t.gateways().get(GATEWAY_REF).listeners().get(0).attachedRoutes());
    }

    @Test
    void traefiksWrongServicePortFixture() throws Exception {
        String gateway = """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: my-gateway, namespace: default}
                spec:
                  gatewayClassName: my-gateway-class
                  listeners:
                    - name: tls
                      protocol: TLS
                      port: 8080
                      tls: {certificateRefs: [{kind: Secret, name: tls-cert, group: ""}]}
                      allowedRoutes: {kinds: [{kind: TLSRoute, group: gateway.networking.k8s.io}], namespaces: {from: Same}}
                ---
                """;
        GatewayTranslation t = translate(CLASS + WHOAMITCP + SecretFixture.SECRET + gateway + tlsRoute("""
                parentRefs: [{name: my-gateway, kind: Gateway, group: gateway.networking.k8s.io}]
                rules:
                  - backendRefs: [{name: whoamitcp, weight: 1, port: 9001, kind: Service, group: ""}]
                """));
        Layer4Config l4 = t.config().layer4();
        String name = "tlsroute-default-tls-app-1-gw-default-my-gateway-ep-TCP-0-e3b0c44298fc1c149afb";
        assertEquals(new TcpRouterConfig(name + P, List.of("TCP"), "HostSNI(\"*\")", 0, "v3", List.of(), name + "-wrr" + P,
                new TcpRouterTls(false, null, null, List.of()), ROUTE), l4.tcpRouters().get(name + P), "Terminate mode, default TLS");
        assertEquals(List.of(new ServiceConfig.WeightedChild(name + "-err-lb" + P, 1)),
                ((TcpServiceConfig.Weighted) l4.tcpServices().get(name + "-wrr" + P)).services());
        assertEquals(List.of(), ((TcpServiceConfig.LoadBalancer) l4.tcpServices().get(name + "-err-lb" + P)).servers());
        assertTrue(l4.tcpRouters().containsKey(DENY));
        assertEquals(1, t.config().tls().certificates().size(), "the listener's certificate is in the default store");
        assertEquals(List.of(GatewayCondition.isTrue("Accepted", "Accepted", ""), GatewayCondition.isFalse("ResolvedRefs", "BackendNotFound",
                "Cannot load TLSRoute BackendRef default/whoamitcp: service port 9001 not found")), t.routes().get(ROUTE).get(0).conditions());
    }

    @Test
    void hostSniRules() {
        record Case(List<String> hostnames, String rule, int priority) {
        }
        for (Case c : List.of(
                new Case(List.of(), "HostSNI(\"*\")", 0),
                new Case(List.of(""), "HostSNI(\"*\")", 0),
                new Case(List.of("foo.com"), "HostSNI(\"foo.com\")", 7),
                new Case(List.of("*.foo.com"), "HostSNIRegexp(\"^[a-z0-9-]+\\\\.foo\\\\.com$\")", 8),
                new Case(List.of("a.b.com", "*.foo.com", "a.b.com"), "HostSNI(\"a.b.com\") || HostSNIRegexp(\"^[a-z0-9-]+\\\\.foo\\\\.com$\")", 8),
                new Case(List.of("*.longer-name.org", "x.io"), "HostSNIRegexp(\"^[a-z0-9-]+\\\\.longer-name\\\\.org$\") || HostSNI(\"x.io\")", 16))) {
            HttpMatchRules.MatchRule rule = Layer4Routes.hostSniRule(c.hostnames());
            assertEquals(c.rule(), rule.rule(), String.valueOf(c.hostnames()));
            assertEquals(c.priority(), rule.priority(), String.valueOf(c.hostnames()));
        }
    }

    /** The translation compiled as Jetway serves it: one label for a wildcard, and deny-unknown-host closes what no route names. */
    @Test
    void compiledRoutesMatchAsTraefiksAndDenyUnknownHostHasNoServer() throws Exception {
        GatewayTranslation t = translate(CLASS + WHOAMITCP + PASSTHROUGH_GATEWAY + tlsRoute("""
                parentRefs: [{name: my-gateway}]
                rules:
                  - backendRefs: [{name: whoamitcp, port: 9000}]
                """));
        Layer4Table table = Layer4Builder.build(t.config().layer4(), Set.of(),
                new Layer4Builder.EntryPointNames(List.of("web", "tls"), List.of("web", "tls"), List.of()), new Layer4State());
        TcpEntryPointRoutes tls = table.tcp("tls");
        InetAddress client = InetAddress.getLoopbackAddress();
        TcpRoute route = tls.matchTls(new TcpConnectionInfo("a.example.com", List.of("h2"), client), false);
        assertEquals("tlsroute-default-tls-app-1-gw-default-my-gateway-ep-tls-0-e3b0c44298fc1c149afb" + P, route.name(),
                "the listener's *.example.com, one label");
        assertTrue(route.passthrough());
        assertTrue(route.service().next() != null);
        TcpRoute deep = tls.matchTls(new TcpConnectionInfo("a.b.example.com", List.of(), client), false);
        assertEquals(DENY, deep.name(), "two labels: not the route's; deny-unknown-host takes it");
        assertNull(deep.service().next(), "no server: the connection is closed");
        assertNull(tls.matchTls(new TcpConnectionInfo("a.b.example.com", List.of("http/1.1"), client), false),
                "with ALPN http/1.1 deny-unknown-host leaves the connection to HTTPS routers");
        assertEquals(DENY, table.tcp("web").matchTls(new TcpConnectionInfo("x.org", List.of(), client), false).name(),
                "deny-unknown-host is on the default entry points");
        assertTrue(table.tcpRouterStatuses().values().stream().allMatch(s -> s.errors().isEmpty()), String.valueOf(table.tcpRouterStatuses()));
    }

    @Test
    void backendsTheRouteCannotUse() throws Exception {
        record Case(String backends, String reason, String message) {
        }
        for (Case c : List.of(
                new Case("[{name: whoamitcp, namespace: other, port: 9000}]", "RefNotPermitted",
                        "Cannot load TLSRoute BackendRef core/Service/other/whoamitcp: missing ReferenceGrant"),
                new Case("[{group: traefik.io, kind: TraefikService, name: wrr}]", "InvalidKind",
                        "Cannot load TLSRoute BackendRef traefik.io/TraefikService/default/wrr: unsupported BackendRef traefik.io/TraefikService/wrr"),
                new Case("[{name: whoamitcp}]", "UnsupportedProtocol", "Cannot load TLSRoute BackendRef core/Service/default/whoamitcp port is required"),
                new Case("[{name: whoamitcp, port: 9000, weight: 3}, {name: gone, port: 1}]", "BackendNotFound",
                        "Cannot load TLSRoute BackendRef default/gone: getting service: service not found"))) {
            GatewayTranslation t = translate(CLASS + WHOAMITCP + PASSTHROUGH_GATEWAY + tlsRoute("""
                    parentRefs: [{name: my-gateway}]
                    hostnames: [foo.example.com]
                    rules:
                      - backendRefs: %s
                    """.formatted(c.backends())));
            Layer4Config l4 = t.config().layer4();
            TcpRouterConfig router = l4.tcpRouters().values().stream().filter(r -> !r.name().equals(DENY)).findFirst().orElseThrow();
            List<ServiceConfig.WeightedChild> children = ((TcpServiceConfig.Weighted) l4.tcpServices().get(router.service())).services();
            assertEquals(router.name().replace(P, "") + "-err-lb" + P, children.get(children.size() - 1).name(), c.backends());
            assertEquals(GatewayCondition.isFalse("ResolvedRefs", c.reason(), c.message()), t.routes().get(ROUTE).get(0).conditions().get(1));
        }

        GatewayTranslation weighted = translate(CLASS + WHOAMITCP + PASSTHROUGH_GATEWAY + tlsRoute("""
                parentRefs: [{name: my-gateway}]
                rules:
                  - backendRefs: [{name: whoamitcp, port: 9000, weight: 3}, {name: whoamitcp, port: 10000}, {group: traefik.io, kind: TraefikService, name: other@file}]
                """));
        String name = "tlsroute-default-tls-app-1-gw-default-my-gateway-ep-tls-0-e3b0c44298fc1c149afb";
        assertEquals(List.of(new ServiceConfig.WeightedChild(name + "-svc-default-whoamitcp-0" + P, 3),
                        new ServiceConfig.WeightedChild(name + "-svc-default-whoamitcp-1" + P, 1), new ServiceConfig.WeightedChild("other@file", 1)),
                ((TcpServiceConfig.Weighted) weighted.config().layer4().tcpServices().get(name + "-wrr" + P)).services());
        assertEquals(List.of(new TcpServiceConfig.Server("10.10.0.9:10000", false), new TcpServiceConfig.Server("10.10.0.10:10000", false)),
                ((TcpServiceConfig.LoadBalancer) weighted.config().layer4().tcpServices().get(name + "-svc-default-whoamitcp-1" + P)).servers());
    }

    @Test
    void internalServiceOutsideCrossProviderNamespacesGetsNoRouter() throws Exception {
        GatewayOptions options = new GatewayOptions(false, List.of(), false, List.of("kube-system"), OPTIONS.entryPoints(), true);
        GatewayTranslation t = GatewayFixtures.translate(CLASS + PASSTHROUGH_GATEWAY + tlsRoute("""
                parentRefs: [{name: my-gateway}]
                rules:
                  - backendRefs: [{group: traefik.io, kind: TraefikService, name: api@internal}]
                """), options);
        assertTrue(t.config().layer4().tcpRouters().isEmpty(), "no router, so no deny-unknown-host either");
        assertEquals(GatewayCondition.isFalse("ResolvedRefs", "RefNotPermitted", "Cannot load TLSRoute BackendRef api@internal: internal service"
                + " reference is not allowed: TLSRoute namespace \"default\" is not in crossProviderNamespaces"), t.routes().get(ROUTE).get(0).conditions().get(1));
        assertEquals(GatewayCondition.isTrue("Accepted", "Accepted", ""), t.routes().get(ROUTE).get(0).conditions().get(0));
    }

    @Test
    void routesThatDoNotAttachMakeNoRouterAndNoDenyUnknownHost() throws Exception {
        String httpGateway = GatewayFixtures.GATEWAY;
        GatewayTranslation onHttp = translate(CLASS + WHOAMITCP + httpGateway + tlsRoute("""
                parentRefs: [{name: my-gateway}]
                rules:
                  - backendRefs: [{name: whoamitcp, port: 9000}]
                """));
        assertTrue(onHttp.config().layer4().isEmpty(), String.valueOf(onHttp.config().layer4()));
        assertEquals(GatewayCondition.isFalse("Accepted", "NotAllowedByListeners", ""), onHttp.routes().get(ROUTE).get(0).conditions().get(0));
        assertEquals(0, onHttp.gateways().get(GATEWAY_REF).listeners().get(0).attachedRoutes());

        GatewayTranslation otherHost = translate(CLASS + WHOAMITCP + PASSTHROUGH_GATEWAY + tlsRoute("""
                parentRefs: [{name: my-gateway}]
                hostnames: [foo.example.org]
                rules:
                  - backendRefs: [{name: whoamitcp, port: 9000}]
                """));
        assertTrue(otherHost.config().layer4().isEmpty());
        assertEquals(GatewayCondition.isFalse("Accepted", "NoMatchingListenerHostname", ""),
                otherHost.routes().get(ROUTE).get(0).conditions().get(0));
    }
}
