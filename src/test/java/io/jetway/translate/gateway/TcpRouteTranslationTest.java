package io.jetway.translate.gateway;

import io.jetway.dynamic.GatewayCondition;
import io.jetway.dynamic.GatewayApiStatus;

import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TcpServiceConfig;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import io.jetway.routing.layer4.Layer4Builder;
import io.jetway.routing.layer4.Layer4State;
import io.jetway.routing.layer4.Layer4Table;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.jetway.translate.gateway.GatewayFixtures.CLASS;
import static io.jetway.translate.gateway.GatewayFixtures.WHOAMI;
import static io.jetway.translate.gateway.TlsRouteTranslationTest.WHOAMITCP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TCPRoutes (experimental channel) in, Traefik's TCP routers and services out. */
class TcpRouteTranslationTest {

    private static final String P = "@kubernetesgateway";

    static final GatewayOptions EXPERIMENTAL = new GatewayOptions(true, List.of(), false, null, List.of(
            new GatewayOptions.EntryPoint("web", 80, false, false),
            new GatewayOptions.EntryPoint("tcp", 9000, false, false),
            new GatewayOptions.EntryPoint("TCP", 8080, false, false)), true);

    /** Traefik's fixture tcproute/simple.yml. */
    static final String SIMPLE = """
            kind: Gateway
            apiVersion: gateway.networking.k8s.io/v1
            metadata: {name: my-tcp-gateway, namespace: default}
            spec:
              gatewayClassName: my-gateway-class
              listeners:
                - name: tcp
                  protocol: TCP
                  port: 9000
                  allowedRoutes:
                    namespaces: {from: Same}
                    kinds: [{kind: TCPRoute, group: gateway.networking.k8s.io}]
            ---
            kind: TCPRoute
            apiVersion: gateway.networking.k8s.io/v1alpha2
            metadata: {name: tcp-app-1, namespace: default}
            spec:
              parentRefs: [{name: my-tcp-gateway, kind: Gateway, group: gateway.networking.k8s.io}]
              rules:
                - backendRefs: [{name: whoamitcp, port: 9000, weight: 1, kind: Service, group: ""}]
            ---
            """;

    private static String tcpRoute(String name, String spec) {
        return """
                apiVersion: gateway.networking.k8s.io/v1alpha2
                kind: TCPRoute
                metadata: {name: %s, namespace: default}
                spec:
                """.formatted(name) + spec.indent(2) + "---\n";
    }

    private static String tcpGateway(String listener) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: my-gateway, namespace: default}
                spec:
                  gatewayClassName: my-gateway-class
                  listeners:
                """ + listener.indent(4) + "---\n";
    }

    @Test
    void traefiksSimpleFixture() throws Exception {
        GatewayTranslation t = GatewayFixtures.translate(CLASS + WHOAMITCP + SIMPLE, EXPERIMENTAL);
        ObjectRef route = new ObjectRef("TCPRoute", "default", "tcp-app-1");
        Layer4Config l4 = t.config().layer4();
        String name = "tcproute-default-tcp-app-1-gw-default-my-tcp-gateway-ep-tcp-0-e3b0c44298fc1c149afb";
        assertEquals(new TcpRouterConfig(name + P, List.of("tcp"), "HostSNI(\"*\")", 0, "v3", List.of(), name + "-wrr" + P, null, route),
                l4.tcpRouters().get(name + P), String.valueOf(l4.tcpRouters()));
        assertEquals(1, l4.tcpRouters().size(), "no deny-unknown-host without TLSRoutes");
        assertEquals(new TcpServiceConfig.Weighted(List.of(new ServiceConfig.WeightedChild(name + "-svc-default-whoamitcp-0" + P, 1)), route),
                l4.tcpServices().get(name + "-wrr" + P), "weighted even for one backend");
        assertEquals(List.of(new TcpServiceConfig.Server("10.10.0.9:9000", false), new TcpServiceConfig.Server("10.10.0.10:9000", false)),
                ((TcpServiceConfig.LoadBalancer) l4.tcpServices().get(name + "-svc-default-whoamitcp-0" + P)).servers());
        assertEquals(List.of(GatewayCondition.isTrue("Accepted", "Accepted", ""), GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", "")),
                t.routes().get(route).get(0).conditions());
        GatewayApiStatus.ListenerStatus listener = t.gateways().get(new ObjectRef("Gateway", "default", "my-tcp-gateway")).listeners().get(0);
        assertEquals(1, listener.attachedRoutes());
        assertEquals(List.of("TCPRoute"), listener.supportedKinds());
        assertEquals(List.of(), t.config().problems());

        Layer4Table table = Layer4Builder.build(l4, Set.of(),
                new Layer4Builder.EntryPointNames(List.of("web", "tcp"), List.of("web", "tcp"), List.of()), new Layer4State());
        assertEquals(name + P, table.tcp("tcp").plainCatchAll().name(), "a plain catch-all: takes every connection on tcp");
        assertNotNull(table.tcp("tcp").plainCatchAll().service().next());
    }

    @Test
    void traefiksWrongServicePortFixture() throws Exception {
        GatewayTranslation t = GatewayFixtures.translate(CLASS + WHOAMI + tcpGateway("""
                - name: http
                  protocol: TCP
                  port: 8080
                  allowedRoutes: {namespaces: {from: Same}, kinds: [{kind: TCPRoute, group: gateway.networking.k8s.io}]}
                """) + tcpRoute("TCP-app-1", """
                parentRefs: [{name: my-gateway, kind: Gateway, group: gateway.networking.k8s.io}]
                rules:
                  - backendRefs: [{name: whoami, weight: 1, port: 9000, kind: Service, group: ""}]
                """), EXPERIMENTAL);
        Layer4Config l4 = t.config().layer4();
        String name = "tcproute-default-TCP-app-1-gw-default-my-gateway-ep-TCP-0-e3b0c44298fc1c149afb";
        assertEquals(new TcpRouterConfig(name + P, List.of("TCP"), "HostSNI(\"*\")", 0, "v3", List.of(), name + "-wrr" + P, null,
                new ObjectRef("TCPRoute", "default", "TCP-app-1")), l4.tcpRouters().get(name + P), String.valueOf(l4.tcpRouters()));
        assertEquals(List.of(new ServiceConfig.WeightedChild(name + "-err-lb" + P, 1)),
                ((TcpServiceConfig.Weighted) l4.tcpServices().get(name + "-wrr" + P)).services());
        assertEquals(List.of(), ((TcpServiceConfig.LoadBalancer) l4.tcpServices().get(name + "-err-lb" + P)).servers());
        assertEquals(GatewayCondition.isFalse("ResolvedRefs", "BackendNotFound", "Cannot load TCPRoute BackendRef default/whoami: service port 9000 not found"),
                t.routes().get(new ObjectRef("TCPRoute", "default", "TCP-app-1")).get(0).conditions().get(1));
    }

    @Test
    void withoutTheExperimentalChannelTcpRoutesAreIgnoredWithAWarning() throws Exception {
        GatewayOptions stable = new GatewayOptions(false, List.of(), false, null, EXPERIMENTAL.entryPoints(), true);
        GatewayTranslation t = GatewayFixtures.translate(CLASS + WHOAMITCP + SIMPLE, stable);
        assertTrue(t.config().layer4().isEmpty());
        ObjectRef route = new ObjectRef("TCPRoute", "default", "tcp-app-1");
        assertTrue(t.routes().get(route) == null, "no status, as Traefik does not read them");
        assertTrue(t.config().problems().stream().anyMatch(p -> p.isWarning() && route.equals(p.object())
                && p.message().contains("experimental")), String.valueOf(t.config().problems()));
        assertEquals("ProtocolConflict", t.gateways().get(new ObjectRef("Gateway", "default", "my-tcp-gateway"))
                .listeners().get(0).conditions().get(0).reason());
    }

    @Test
    void backendChecksAndHostnamesPlayNoPart() throws Exception {
        String udp = """
                apiVersion: v1
                kind: Service
                metadata: {name: dns, namespace: default}
                spec:
                  ports: [{name: dns, port: 53, protocol: UDP}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: dns-1, namespace: default, labels: {kubernetes.io/service-name: dns}}
                addressType: IPv4
                ports: [{name: dns, port: 53}]
                endpoints: [{addresses: [10.0.0.53], conditions: {ready: true}}]
                ---
                """;
        GatewayTranslation t = GatewayFixtures.translate(CLASS + WHOAMITCP + udp + tcpGateway("""
                - {name: tcp, protocol: TCP, port: 9000, hostname: only.example.com}
                """) + tcpRoute("mixed", """
                parentRefs: [{name: my-gateway, sectionName: tcp}]
                rules:
                  - backendRefs: [{name: whoamitcp, port: 10000, weight: 2}, {name: dns, port: 53}]
                """), EXPERIMENTAL);
        ObjectRef route = new ObjectRef("TCPRoute", "default", "mixed");
        assertEquals(GatewayCondition.isTrue("Accepted", "Accepted", ""), t.routes().get(route).get(0).conditions().get(0),
                "a listener hostname does not concern TCPRoutes");
        assertEquals(GatewayCondition.isFalse("ResolvedRefs", "UnsupportedProtocol", "Cannot load TCPRoute BackendRef default/dns: only TCP protocol is supported"),
                t.routes().get(route).get(0).conditions().get(1));
        String name = "tcproute-default-mixed-gw-default-my-gateway-ep-tcp-0-e3b0c44298fc1c149afb";
        assertEquals(List.of(new ServiceConfig.WeightedChild(name + "-svc-default-whoamitcp-0" + P, 2), new ServiceConfig.WeightedChild(name + "-err-lb" + P, 1)),
                ((TcpServiceConfig.Weighted) t.config().layer4().tcpServices().get(name + "-wrr" + P)).services(),
                "the failing backend's share of connections is closed");
        assertTrue(t.config().problems().stream().anyMatch(p -> p.object().equals(route) && p.message().contains("UnsupportedProtocol")),
                String.valueOf(t.config().problems().stream().map(Problem::text).toList()));
    }
}
