package io.jetway.translate.crd;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.ServiceConfig.WeightedChild;
import io.jetway.dynamic.UdpRouterConfig;
import io.jetway.dynamic.UdpServiceConfig.LoadBalancer;
import io.jetway.dynamic.UdpServiceConfig.Weighted;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.jetway.translate.crd.CrdTranslatorTest.translate;
import static io.jetway.translate.crd.Layer4TcpRouteTest.BACKENDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IngressRouteUDP: routers and services named by the route's position, and Jetway's PROXY protocol extension. */
class Layer4UdpRouteTest {

    private static final ObjectRef SOURCE = new ObjectRef("IngressRouteUDP", "default", "test.route");

    private static String routeUdp(String... routes) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteUDP
                metadata: {name: test.route, namespace: default}
                spec:
                  entryPoints: [dns]
                  routes:
                """);
        for (String services : routes) {
            yaml.append("    - services: ").append(services).append('\n');
        }
        return yaml.toString();
    }

    @Test
    void routersAndServicesAreNamedByRouteIndexWithoutNormalizing() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeUdp("[{name: db, port: 5432}]", "[{name: cache, port: redis}]"));
        assertEquals(List.of(), c.problems());
        String first = "default-test.route-0@kubernetescrd";
        String second = "default-test.route-1@kubernetescrd";
        assertEquals(new UdpRouterConfig(first, List.of("dns"), first, SOURCE), c.layer4().udpRouters().get(first));
        assertEquals(new LoadBalancer(List.of("10.42.0.1:15432", "10.42.0.4:15432"), 0, SOURCE), c.layer4().udpServices().get(first),
                "ready endpoints only, de-duplicated");
        assertEquals(new LoadBalancer(List.of("10.42.1.1:6379"), 0, SOURCE), c.layer4().udpServices().get(second));
        assertTrue(c.layer4().tcpRouters().isEmpty());
    }

    @Test
    void severalServicesBecomeAWeightedServiceOverRouterNamedChildren() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeUdp("[{name: db, port: 5432, weight: 10}, {name: cache, port: 6379, weight: 0}]"));
        Weighted weighted = (Weighted) c.layer4().udpServices().get("default-test.route-0@kubernetescrd");
        assertEquals(List.of(new WeightedChild("default-test.route-0-db-5432@kubernetescrd", 10),
                new WeightedChild("default-test.route-0-cache-6379@kubernetescrd", 0)), weighted.services());
        assertEquals(3, c.layer4().udpServices().size());
    }

    @Test
    void aRouteWithoutServicesOrWithAMissingOneIsAProblemOnThatRouteOnly() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeUdp("[]", "[{name: nope, port: 53}]", "[{name: db, port: 5432}]"));
        assertEquals(List.of(
                        new Problem(SOURCE, "default-test.route-0@kubernetescrd", "spec.routes[0].services: at least one service is required"),
                        new Problem(SOURCE, "default-test.route-1@kubernetescrd", "spec.routes[1].services[0]: kubernetes service default/nope not found")),
                c.problems());
        assertEquals(List.of("default-test.route-2@kubernetescrd"), List.copyOf(c.layer4().udpServices().keySet()));
        assertEquals(3, c.layer4().udpRouters().size(), "kept, disabled by their problems");
    }

    @Test
    void proxyProtocolVersionTwoIsJetwaysExtensionAndNotAnUnknownField() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeUdp("[{name: db, port: 5432, proxyProtocol: {version: 2}}]",
                "[{name: db, port: 5432, proxyProtocol: {}}]"));
        assertEquals(List.of(), c.problems());
        assertEquals(2, ((LoadBalancer) c.layer4().udpServices().get("default-test.route-0@kubernetescrd")).proxyProtocolVersion());
        assertEquals(2, ((LoadBalancer) c.layer4().udpServices().get("default-test.route-1@kubernetescrd")).proxyProtocolVersion());
    }

    @Test
    void proxyProtocolVersionOneCannotCarryADatagram() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeUdp("[{name: db, port: 5432, proxyProtocol: {version: 1}}]"));
        assertEquals(List.of("spec.routes[0].services[0].proxyProtocol.version: must be 2 (only PROXY protocol v2 carries a UDP"
                + " client's address), got 1"), c.problems().stream().map(Problem::message).toList());
        assertTrue(c.layer4().udpServices().isEmpty());
    }

    @Test
    void unknownFieldsAreWarnings() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeUdp("[{name: db, port: 5432, proxyProtocol: {version: 2, tlvs: []}, tls: true}]"));
        assertEquals(List.of("warning: spec.routes[0].services[0].proxyProtocol.tlvs: unknown field, ignored (Traefik's IngressRouteUDP has no such field)",
                        "warning: spec.routes[0].services[0].tls: unknown field, ignored (Traefik's IngressRouteUDP has no such field)"),
                c.problems().stream().map(Problem::message).sorted().toList());
    }

    @Test
    void crossNamespaceServicesNeedTheOption() throws Exception {
        String yaml = BACKENDS.replace("namespace: default", "namespace: data") + routeUdp("[{name: db, namespace: data, port: 5432}]");
        DynamicConfig refused = translate(yaml);
        assertEquals(List.of("spec.routes[0].services[0]: service data/db: cross-namespace reference from namespace default is not"
                + " allowed (providers.kubernetescrd.allowcrossnamespace is false)"), refused.problems().stream().map(Problem::message).toList());
        DynamicConfig allowed = translate(yaml, new CrdOptions(true, false, false, false));
        assertEquals(List.of(), allowed.problems());
        assertEquals(2, ((LoadBalancer) allowed.layer4().udpServices().get("default-test.route-0@kubernetescrd")).servers().size());
    }
}
