package io.jetway.translate.crd;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.ServiceConfig.WeightedChild;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TcpRouterTls;
import io.jetway.dynamic.TcpServiceConfig;
import io.jetway.dynamic.TlsDomain;
import io.jetway.dynamic.UdpRouterConfig;
import io.jetway.dynamic.UdpServiceConfig;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.jetway.e2e.Manifests.seedExample;
import static io.jetway.translate.crd.CrdTranslatorTest.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed examples that hold layer-4 kinds, as written, with the Services and EndpointSlices they
 * name added: each translates into the routers and services Traefik would make of it.
 */
class Layer4SeedExamplesTest {

    private static final CrdOptions EXTERNAL_NAMES = new CrdOptions(false, false, true, false);

    /** A Service with one port (named after its number) and one ready endpoint at {@code ip}, target port = port + 1000. */
    private static String service(String name, int port, String ip) {
        return """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: %1$s, namespace: default}
                spec: {ports: [{name: p%2$d, port: %2$d}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: %1$s-a, namespace: default, labels: {kubernetes.io/service-name: %1$s}}
                addressType: IPv4
                ports: [{name: p%2$d, port: %3$d}]
                endpoints: [{addresses: [%4$s], conditions: {ready: true}}]
                """.formatted(name, port, port + 1000, ip);
    }

    private static final String TLS_OPTION = """
            ---
            apiVersion: traefik.io/v1alpha1
            kind: TLSOption
            metadata: {name: opt, namespace: default}
            spec: {minVersion: VersionTLS12}
            """;

    private static String router(String namespace, String name, String match) {
        return namespace + "-" + name + "-" + CrdNames.sha256Prefix(match, 10) + "@kubernetescrd";
    }

    /** Everything but the warnings that the seeds' {@code kind: Rule} (no field of the layer-4 CRDs) gives. */
    private static List<Problem> problems(DynamicConfig c) {
        return c.problems().stream().filter(p -> !p.message().endsWith("unknown field, ignored (Traefik's "
                + p.object().kind() + " has no such field)")).toList();
    }

    @Test
    void seed001_0104_oneTcpAndOneUdpRouteBesideAnIngressRoute() throws Exception {
        DynamicConfig c = translate(seedExample("001_0104", 0, 1, 2) + service("whoami", 80, "10.0.0.1")
                + service("whoamitcp", 8080, "10.0.0.2") + service("whoamiudp", 8080, "10.0.0.3"));
        assertEquals(List.of(), problems(c));
        Layer4Config l4 = c.layer4();
        String tcp = router("default", "ingressroute.tcp", "HostSNI(`bar`)");
        ObjectRef tcpSource = new ObjectRef("IngressRouteTCP", "default", "ingressroute.tcp");
        assertEquals(new TcpRouterConfig(tcp, List.of("tcpep"), "HostSNI(`bar`)", 0, "v3", List.of(), tcp, null, tcpSource),
                l4.tcpRouters().get(tcp));
        assertEquals(new TcpServiceConfig.LoadBalancer(List.of(new TcpServiceConfig.Server("10.0.0.2:9080", false)), null, null, 0,
                tcpSource), l4.tcpServices().get(tcp));
        String udp = "default-ingressroute.udp-0@kubernetescrd";
        ObjectRef udpSource = new ObjectRef("IngressRouteUDP", "default", "ingressroute.udp");
        assertEquals(Map.of(udp, new UdpRouterConfig(udp, List.of("fooudp"), udp, udpSource)), l4.udpRouters());
        assertEquals(Map.of(udp, new UdpServiceConfig.LoadBalancer(List.of("10.0.0.3:9080"), 0, udpSource)), l4.udpServices());
        assertEquals(1, c.routers().size(), "the IngressRoute is translated beside them");
    }

    @Test
    void seed001_1077_tlsAndTheDeprecatedTerminationDelay() throws Exception {
        DynamicConfig c = translate(seedExample("001_1077", 0) + service("foo", 8080, "10.0.0.4") + TLS_OPTION);
        String name = router("default", "ingressroutetcpfoo", "HostSNI(`*`)");
        assertEquals(List.of("spec.tls.secretName: Secret default/supersecret not found; the default certificate is served instead"),
                problems(c).stream().map(Problem::text).toList(), "a warning: the router serves");
        TcpRouterConfig router = c.layer4().tcpRouters().get(name);
        assertEquals(List.of("footcp"), router.entryPoints());
        assertEquals(new TcpRouterTls(false, "default-opt@kubernetescrd", "foo",
                List.of(new TlsDomain("example.net", List.of("a.example.net", "b.example.net")))), router.tls());
        TcpServiceConfig.LoadBalancer lb = (TcpServiceConfig.LoadBalancer) c.layer4().tcpServices().get(name);
        assertEquals(Duration.ofMillis(400), lb.terminationDelay(), "weight 10 of a lone service is unused");
        assertEquals(List.of(new TcpServiceConfig.Server("10.0.0.4:9080", false)), lb.servers());
    }

    @Test
    void seed001_1130_twoServicesMakeAWeightedService() throws Exception {
        DynamicConfig c = translate(seedExample("001_1130", 0) + service("foo", 8080, "10.0.0.4") + service("bar", 8081, "10.0.0.5")
                + TLS_OPTION);
        String name = router("default", "ingressroutetcpfoo", "HostSNI(`*`)");
        String key = name.substring(0, name.indexOf('@'));
        assertEquals(new TcpServiceConfig.Weighted(List.of(new WeightedChild(key + "-foo-8080@kubernetescrd", 10),
                        new WeightedChild(key + "-bar-8081@kubernetescrd", 10)), new ObjectRef("IngressRouteTCP", "default", "ingressroutetcpfoo")),
                c.layer4().tcpServices().get(name));
        assertEquals(Duration.ofMillis(500),
                ((TcpServiceConfig.LoadBalancer) c.layer4().tcpServices().get(key + "-bar-8081@kubernetescrd")).terminationDelay());
        assertTrue(c.layer4().tcpRouters().containsKey(name));
    }

    @Test
    void seeds001_1199And1260_anExternalNameServiceWithThePortOnTheRoute() throws Exception {
        for (String seed : List.of("001_1199", "001_1260")) {
            DynamicConfig c = translate(seedExample(seed, 1, 2), EXTERNAL_NAMES);
            assertEquals(List.of(), problems(c), seed);
            String name = router("default", "test.route", "HostSNI(`*`)");
            assertEquals(List.of(new TcpServiceConfig.Server("external.domain:80", false)),
                    ((TcpServiceConfig.LoadBalancer) c.layer4().tcpServices().get(name)).servers(), seed);
            assertEquals(List.of("foo"), c.layer4().tcpRouters().get(name).entryPoints(), seed);
        }
    }

    /** The page says the ExternalName Service's port is enough; Traefik's CRD and provider both refuse a service without one. */
    @Test
    void seed001_1229_aServiceWithoutPortIsRefused() throws Exception {
        DynamicConfig c = translate(seedExample("001_1229", 1, 2), EXTERNAL_NAMES);
        String name = router("default", "test.route", "HostSNI(`*`)");
        assertEquals(List.of(new Problem(new ObjectRef("IngressRouteTCP", "default", "test.route"), name,
                "spec.routes[0].services[0].port: is required, also for an ExternalName Service"
                        + " (Traefik's IngressRouteTCP and IngressRouteUDP require it)")), problems(c));
        assertTrue(c.layer4().tcpServices().isEmpty());
        assertTrue(c.layer4().tcpRouters().containsKey(name), "kept, disabled, as Traefik shows a router whose service is missing");
    }

    @Test
    void seed001_1300_oneUdpService() throws Exception {
        DynamicConfig c = translate(seedExample("001_1300", 0) + service("foo", 8080, "10.0.0.6"));
        assertEquals(List.of(), problems(c));
        String name = "default-ingressrouteudpfoo-0@kubernetescrd";
        ObjectRef source = new ObjectRef("IngressRouteUDP", "default", "ingressrouteudpfoo");
        assertEquals(Map.of(name, new UdpRouterConfig(name, List.of("fooudp"), name, source)), c.layer4().udpRouters());
        assertEquals(Map.of(name, new UdpServiceConfig.LoadBalancer(List.of("10.0.0.6:9080"), 0, source)), c.layer4().udpServices());
    }

    @Test
    void seed001_1327_twoUdpServicesMakeAWeightedService() throws Exception {
        DynamicConfig c = translate(seedExample("001_1327", 0) + service("foo", 8080, "10.0.0.6") + service("bar", 8081, "10.0.0.7"));
        assertEquals(List.of(), problems(c));
        String name = "default-ingressrouteudpfoo-0@kubernetescrd";
        assertEquals(new UdpServiceConfig.Weighted(List.of(new WeightedChild("default-ingressrouteudpfoo-0-foo-8080@kubernetescrd", 10),
                        new WeightedChild("default-ingressrouteudpfoo-0-bar-8081@kubernetescrd", 10)),
                        new ObjectRef("IngressRouteUDP", "default", "ingressrouteudpfoo")),
                c.layer4().udpServices().get(name));
        assertEquals(new UdpServiceConfig.LoadBalancer(List.of("10.0.0.7:9081"), 0, new ObjectRef("IngressRouteUDP", "default", "ingressrouteudpfoo")),
                c.layer4().udpServices().get("default-ingressrouteudpfoo-0-bar-8081@kubernetescrd"));
    }
}
