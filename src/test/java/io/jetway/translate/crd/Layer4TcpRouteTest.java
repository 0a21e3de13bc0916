package io.jetway.translate.crd;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.ServiceConfig.WeightedChild;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TcpRouterTls;
import io.jetway.dynamic.TcpServiceConfig.LoadBalancer;
import io.jetway.dynamic.TcpServiceConfig.Server;
import io.jetway.dynamic.TcpServiceConfig.Weighted;
import io.jetway.dynamic.TlsDomain;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import io.jetway.util.TestCertificates.Issued;
import io.jetway.util.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static io.jetway.translate.crd.CrdTranslatorTest.translate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IngressRouteTCP: YAML in, Traefik's tcp routers and services out, with Traefik's names. */
class Layer4TcpRouteTest {

    /**
     * Service db (ports pg 5432 and admin 8080, cluster IP 10.96.0.10) with two EndpointSlices:
     * ready 10.42.0.1 (in both), 10.42.0.4; not ready 10.42.0.2; 10.42.0.3 without conditions.
     * Service cache (6379) with one ready endpoint 10.42.1.1; Service empty without endpoints;
     * ExternalName Service ext (external.domain, port 80).
     */
    static final String BACKENDS = """
            apiVersion: v1
            kind: Service
            metadata: {name: db, namespace: default}
            spec:
              clusterIP: 10.96.0.10
              ports:
                - {name: pg, port: 5432, targetPort: 15432}
                - {name: admin, port: 8080, targetPort: 18080}
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: db-a, namespace: default, labels: {kubernetes.io/service-name: db}}
            addressType: IPv4
            ports: [{name: pg, port: 15432}, {name: admin, port: 18080}]
            endpoints:
              - addresses: [10.42.0.1]
                conditions: {ready: true}
              - addresses: [10.42.0.2]
                conditions: {ready: false, serving: true}
              - addresses: [10.42.0.3]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: db-b, namespace: default, labels: {kubernetes.io/service-name: db}}
            addressType: IPv4
            ports: [{name: pg, port: 15432}]
            endpoints:
              - addresses: [10.42.0.1, 10.42.0.4]
                conditions: {ready: true}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: cache, namespace: default}
            spec:
              ports: [{name: redis, port: 6379}]
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata: {name: cache-a, namespace: default, labels: {kubernetes.io/service-name: cache}}
            addressType: IPv4
            ports: [{name: redis, port: 6379}]
            endpoints: [{addresses: [10.42.1.1], conditions: {ready: true}}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: empty, namespace: default}
            spec:
              ports: [{name: pg, port: 5432}]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: ext, namespace: default}
            spec:
              type: ExternalName
              externalName: external.domain
              ports: [{port: 80}]
            ---
            """;

    static final String FOO_ROUTER = "default-test.route-fdd3e9338e47a45efefc@kubernetescrd";

    static String routeTcp(String services) {
        return routeTcp(services, "");
    }

    /** IngressRouteTCP default/test.route, one route HostSNI(`foo.com`) with these services (a YAML flow list). */
    static String routeTcp(String services, String more) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteTCP
                metadata: {name: test.route, namespace: default}
                spec:
                  entryPoints: [tcpep]
                  routes:
                    - match: HostSNI(`foo.com`)
                      services: %s
                %s""".formatted(services, more);
    }

    static List<Problem> problemsOf(DynamicConfig c, String element) {
        return c.problems().stream().filter(p -> element.equals(p.element())).toList();
    }

    @Test
    void namesRouterAndServiceExactlyAsTraefikWithoutNormalizing() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeTcp("[{name: db, port: 5432}]"));
        assertEquals(List.of(), c.problems());
        Layer4Config l4 = c.layer4();
        ObjectRef source = new ObjectRef("IngressRouteTCP", "default", "test.route");
        assertEquals(new TcpRouterConfig(FOO_ROUTER, List.of("tcpep"), "HostSNI(`foo.com`)", 0, "v3", List.of(), FOO_ROUTER,
                null, source), l4.tcpRouters().get(FOO_ROUTER));
        assertEquals(new LoadBalancer(List.of(new Server("10.42.0.1:15432", false), new Server("10.42.0.4:15432", false)),
                null, null, 0, source), l4.tcpServices().get(FOO_ROUTER));
        assertEquals(1, l4.tcpServices().size(), "one service: no weighted level");
        assertTrue(c.routers().isEmpty() && c.services().isEmpty(), "nothing on the HTTP side");
    }

    @Test
    void serversAreReadyEndpointsOnlyAtTheNamedPortDeDuplicated() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeTcp("[{name: db, port: admin, tls: true}]"));
        LoadBalancer lb = (LoadBalancer) c.layer4().tcpServices().get(FOO_ROUTER);
        assertEquals(List.of(new Server("10.42.0.1:18080", true)), lb.servers(),
                "not ready, and no ready condition (Traefik's TCP rule), are skipped; db-b has no admin port");
    }

    @Test
    void severalServicesBecomeAWeightedServiceOverRouterNamedChildren() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeTcp("[{name: db, port: pg, weight: 3}, {name: cache, port: 6379}]"));
        assertEquals(List.of(), c.problems());
        Weighted weighted = (Weighted) c.layer4().tcpServices().get(FOO_ROUTER);
        String db = "default-test.route-fdd3e9338e47a45efefc-db-pg@kubernetescrd";
        String cache = "default-test.route-fdd3e9338e47a45efefc-cache-6379@kubernetescrd";
        assertEquals(List.of(new WeightedChild(db, 3), new WeightedChild(cache, 1)), weighted.services(), "weight default 1");
        assertEquals(List.of(new Server("10.42.1.1:6379", false)), ((LoadBalancer) c.layer4().tcpServices().get(cache)).servers());
        assertEquals(2, ((LoadBalancer) c.layer4().tcpServices().get(db)).servers().size());
    }

    @Test
    void aWeightedChildThatCannotBeBuiltIsLeftOutWithAWarning() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeTcp("[{name: db, port: 5432}, {name: nope, port: 1}]"));
        Weighted weighted = (Weighted) c.layer4().tcpServices().get(FOO_ROUTER);
        assertEquals(1, weighted.services().size());
        List<Problem> problems = problemsOf(c, FOO_ROUTER);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).isWarning() && problems.get(0).text().equals(
                "spec.routes[0].services[1]: kubernetes service default/nope not found; the route serves with its other services"),
                problems.toString());
    }

    @Test
    void whenNoServiceCanBeBuiltEachIsAnErrorAndTheRouterHasNoService() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeTcp("[{name: nope, port: 1}, {name: gone, port: 2}]"));
        assertTrue(c.layer4().tcpServices().isEmpty());
        assertTrue(c.layer4().tcpRouters().containsKey(FOO_ROUTER), "kept, disabled by its problems, as Traefik shows it");
        List<Problem> problems = problemsOf(c, FOO_ROUTER);
        assertEquals(2, problems.size());
        assertTrue(problems.stream().noneMatch(Problem::isWarning), problems.toString());
    }

    @Test
    void aMissingServiceDisablesOnlyItsRoute() throws Exception {
        DynamicConfig c = translate(BACKENDS + """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteTCP
                metadata: {name: r, namespace: default}
                spec:
                  routes:
                    - match: HostSNI(`bad.com`)
                      services: [{name: nope, port: 5432}]
                    - match: HostSNI(`good.com`)
                      services: [{name: db, port: 5432}]
                """);
        String bad = "default-r-" + CrdNames.sha256Prefix("HostSNI(`bad.com`)", 10) + "@kubernetescrd";
        String good = "default-r-" + CrdNames.sha256Prefix("HostSNI(`good.com`)", 10) + "@kubernetescrd";
        assertEquals(List.of(new Problem(new ObjectRef("IngressRouteTCP", "default", "r"), bad,
                "spec.routes[0].services[0]: kubernetes service default/nope not found")), c.problems());
        assertTrue(c.layer4().tcpServices().containsKey(good));
        assertFalse(c.layer4().tcpServices().containsKey(bad));
        assertEquals(List.of(), c.layer4().tcpRouters().get(good).entryPoints(), "no entryPoints: the default ones");
    }

    @Test
    void externalNameNeedsTheOptionAndTakesTheRoutePort() throws Exception {
        String yaml = BACKENDS + routeTcp("[{name: ext, port: 5432}]");
        DynamicConfig refused = translate(yaml);
        assertTrue(problemsOf(refused, FOO_ROUTER).get(0).message().endsWith(
                "kubernetes service default/ext is of type ExternalName, which is not allowed (allowExternalNameServices is false)"));
        DynamicConfig allowed = translate(yaml, new CrdOptions(false, false, true, false));
        assertEquals(List.of(), allowed.problems());
        assertEquals(List.of(new Server("external.domain:5432", false)),
                ((LoadBalancer) allowed.layer4().tcpServices().get(FOO_ROUTER)).servers(),
                "a number that is not one of the Service's ports is used as is, as Traefik does");
    }

    /** Seed 001_1229's shape: Traefik's CRD requires the port, and its provider refuses a service without one. */
    @Test
    void aServiceWithoutPortIsRefusedEvenForAnExternalNameServiceThatHasOne() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeTcp("[{name: ext}]"), new CrdOptions(false, false, true, false));
        assertEquals("spec.routes[0].services[0].port: is required, also for an ExternalName Service"
                + " (Traefik's IngressRouteTCP and IngressRouteUDP require it)", problemsOf(c, FOO_ROUTER).get(0).message());
        assertTrue(c.layer4().tcpServices().isEmpty());
    }

    @Test
    void nativeLBTakesTheClusterIpAndServicePort() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeTcp("[{name: db, port: pg, nativeLB: true}]"));
        assertEquals(List.of(new Server("10.96.0.10:5432", false)), ((LoadBalancer) c.layer4().tcpServices().get(FOO_ROUTER)).servers());
        DynamicConfig byDefault = translate(BACKENDS + routeTcp("[{name: db, port: pg}]"), new CrdOptions(false, false, false, true));
        assertEquals(List.of(new Server("10.96.0.10:5432", false)),
                ((LoadBalancer) byDefault.layer4().tcpServices().get(FOO_ROUTER)).servers(), "nativeLBByDefault");
        DynamicConfig off = translate(BACKENDS + routeTcp("[{name: db, port: pg, nativeLB: false}]"), new CrdOptions(false, false, false, true));
        assertEquals(2, ((LoadBalancer) off.layer4().tcpServices().get(FOO_ROUTER)).servers().size(), "the route's false wins");
    }

    @Test
    void nodePortLBTakesEachNodesInternalAddressAtTheNodePort() throws Exception {
        DynamicConfig c = translate("""
                apiVersion: v1
                kind: Service
                metadata: {name: np, namespace: default}
                spec: {type: NodePort, ports: [{name: pg, port: 5432, nodePort: 30432}]}
                ---
                apiVersion: v1
                kind: Node
                metadata: {name: n1}
                status: {addresses: [{type: InternalIP, address: 192.168.0.11}, {type: Hostname, address: n1}]}
                ---
                apiVersion: v1
                kind: Node
                metadata: {name: n2}
                status: {addresses: [{type: InternalIP, address: 192.168.0.12}]}
                ---
                """ + routeTcp("[{name: np, port: 5432, nodePortLB: true}]"));
        assertEquals(List.of(), c.problems());
        assertEquals(List.of(new Server("192.168.0.11:30432", false), new Server("192.168.0.12:30432", false)),
                ((LoadBalancer) c.layer4().tcpServices().get(FOO_ROUTER)).servers());
    }

    @Test
    void aServiceWithoutEndpointsNeedsAllowEmptyServices() throws Exception {
        String yaml = BACKENDS + routeTcp("[{name: empty, port: 5432}]");
        assertTrue(problemsOf(translate(yaml), FOO_ROUTER).get(0).message().endsWith("kubernetes service default/empty has no ready endpoints"));
        DynamicConfig allowed = translate(yaml, new CrdOptions(false, true, false, false));
        assertEquals(List.of(), allowed.problems());
        assertEquals(List.of(), ((LoadBalancer) allowed.layer4().tcpServices().get(FOO_ROUTER)).servers());
    }

    @Test
    void endpointsWithoutAReadyConditionAreNamedWhenNoneIsLeft() throws Exception {
        DynamicConfig c = translate("""
                apiVersion: v1
                kind: Service
                metadata: {name: db, namespace: default}
                spec: {ports: [{name: pg, port: 5432}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: db-a, namespace: default, labels: {kubernetes.io/service-name: db}}
                ports: [{name: pg, port: 5432}]
                endpoints: [{addresses: [10.0.0.1]}]
                ---
                """ + routeTcp("[{name: db, port: 5432}]"));
        assertTrue(problemsOf(c, FOO_ROUTER).get(0).message().endsWith("has no ready endpoints (1 without a ready condition:"
                + " TCP and UDP routes take only endpoints marked ready: true, as Traefik's do)"), c.problems().toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "empty               | '{}'             | 2",
            "version 1           | '{version: 1}'   | 1",
            "version 2           | '{version: 2}'   | 2",
    })
    void proxyProtocolOnAServiceDefaultsToVersionTwo(String label, String proxyProtocol, int version) throws Exception {
        DynamicConfig c = translate(BACKENDS + routeTcp("[{name: db, port: 5432, proxyProtocol: " + proxyProtocol + "}]"));
        assertEquals(List.of(), c.problems());
        assertEquals(version, ((LoadBalancer) c.layer4().tcpServices().get(FOO_ROUTER)).proxyProtocolVersion());
    }

    @Test
    void anUnknownProxyProtocolVersionDisablesTheRoute() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeTcp("[{name: db, port: 5432, proxyProtocol: {version: 3}}]"));
        assertEquals("spec.routes[0].services[0].proxyProtocol.version: must be 1 or 2, got 3", problemsOf(c, FOO_ROUTER).get(0).message());
        assertTrue(c.layer4().tcpServices().isEmpty());
    }

    @Test
    void theDeprecatedTerminationDelayIsMilliseconds() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeTcp("[{name: db, port: 5432, terminationDelay: 400}]"));
        assertEquals(Duration.ofMillis(400), ((LoadBalancer) c.layer4().tcpServices().get(FOO_ROUTER)).terminationDelay());
        DynamicConfig never = translate(BACKENDS + routeTcp("[{name: db, port: 5432, terminationDelay: -1}]"));
        assertTrue(((LoadBalancer) never.layer4().tcpServices().get(FOO_ROUTER)).terminationDelay().isNegative());
    }

    @Test
    void aServersTransportTakesOverTheDeprecatedFields() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeTcp("[{name: db, port: 5432, serversTransport: fast, terminationDelay: 400,"
                + " proxyProtocol: {}}]") + """
                ---
                apiVersion: traefik.io/v1alpha1
                kind: ServersTransportTCP
                metadata: {name: fast, namespace: default}
                spec: {dialTimeout: 5s}
                """);
        LoadBalancer lb = (LoadBalancer) c.layer4().tcpServices().get(FOO_ROUTER);
        assertEquals("default-fast@kubernetescrd", lb.serversTransport());
        assertNull(lb.terminationDelay(), "dropped, as Traefik drops it");
        assertEquals(List.of("spec.routes[0].services[0].terminationDelay: ignored, the serversTransport's terminationDelay applies",
                        "spec.routes[0].services[0].proxyProtocol: ignored, the serversTransport's proxyProtocol applies"),
                problemsOf(c, FOO_ROUTER).stream().map(Problem::text).toList());
        assertTrue(problemsOf(c, FOO_ROUTER).stream().allMatch(Problem::isWarning));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing         | nope                       | servers transport \"default-nope@kubernetescrd\" does not exist",
            "invalid         | broken                     | servers transport \"default-broken@kubernetescrd\" is invalid (see its problems)",
            "cross namespace | other-fast@kubernetescrd   | may name another namespace, which is not allowed",
    })
    void aBadServersTransportReferenceDisablesTheRoute(String label, String transport, String message) throws Exception {
        DynamicConfig c = translate(BACKENDS + routeTcp("[{name: db, port: 5432, serversTransport: '" + transport + "'}]") + """
                ---
                apiVersion: traefik.io/v1alpha1
                kind: ServersTransportTCP
                metadata: {name: broken, namespace: default}
                spec: {dialTimeout: soon}
                """);
        Problem p = problemsOf(c, FOO_ROUTER).get(0);
        assertFalse(p.isWarning());
        assertTrue(p.message().startsWith("spec.routes[0].services[0].serversTransport: ") && p.message().contains(message), p.message());
        assertTrue(c.layer4().tcpServices().isEmpty());
    }

    @Test
    void anotherProvidersServersTransportIsTakenAsWritten() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeTcp("[{name: db, port: 5432, serversTransport: 'tcp-slow@file'}]"));
        assertEquals("tcp-slow@file", ((LoadBalancer) c.layer4().tcpServices().get(FOO_ROUTER)).serversTransport());
    }

    @Test
    void middlewareReferencesAreQualifiedAndChecked() throws Exception {
        String middlewares = """
                ---
                apiVersion: traefik.io/v1alpha1
                kind: MiddlewareTCP
                metadata: {name: limit, namespace: default}
                spec: {inFlightConn: {amount: 10}}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: MiddlewareTCP
                metadata: {name: limit, namespace: other}
                spec: {inFlightConn: {amount: 10}}
                """;
        String refs = "middlewares: [{name: limit}, {name: limit, namespace: other}, {name: 'allow@file'}]\n";
        String yaml = BACKENDS + routeTcp("[{name: db, port: 5432}]", "      " + refs) + middlewares;
        DynamicConfig refused = translate(yaml);
        assertEquals(List.of("spec.routes[0].middlewares[1]: middleware other/limit: cross-namespace reference from namespace"
                + " default is not allowed (providers.kubernetescrd.allowcrossnamespace is false)"),
                problemsOf(refused, FOO_ROUTER).stream().map(Problem::message).toList());
        assertTrue(refused.layer4().tcpRouters().isEmpty(), "Traefik skips the route");
        DynamicConfig allowed = translate(yaml, new CrdOptions(true, false, false, false));
        assertEquals(List.of(), allowed.problems());
        assertEquals(List.of("default-limit@kubernetescrd", "other-limit@kubernetescrd", "allow@file"),
                allowed.layer4().tcpRouters().get(FOO_ROUTER).middlewares());
    }

    @Test
    void aMissingOrInvalidMiddlewareDisablesTheRouter() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeTcp("[{name: db, port: 5432}]", "      middlewares: [{name: nope}, {name: both}]\n") + """
                ---
                apiVersion: traefik.io/v1alpha1
                kind: MiddlewareTCP
                metadata: {name: both, namespace: default}
                spec: {inFlightConn: {amount: 1}, ipAllowList: {sourceRange: [10.0.0.0/8]}}
                """);
        assertTrue(c.layer4().tcpRouters().containsKey(FOO_ROUTER));
        assertEquals(List.of("spec.routes[0].middlewares[0]: middleware \"default-nope@kubernetescrd\" does not exist",
                        "spec.routes[0].middlewares[1]: middleware \"default-both@kubernetescrd\" is invalid (see its problems)"),
                problemsOf(c, FOO_ROUTER).stream().map(Problem::message).toList());
    }

    @Test
    void anEmptyMatchSkipsTheRouteAndADuplicateMatchIsNamed() throws Exception {
        DynamicConfig c = translate(BACKENDS + """
                apiVersion: traefik.containo.us/v1alpha1
                kind: IngressRouteTCP
                metadata: {name: r, namespace: default}
                spec:
                  routes:
                    - services: [{name: db, port: 5432}]
                    - match: HostSNI(`*`)
                      services: [{name: db, port: 5432}]
                    - match: HostSNI(`*`)
                      services: [{name: cache, port: 6379}]
                """);
        assertEquals(List.of("spec.routes[0].match: is required; the route is skipped",
                        "spec.routes[2]: duplicate route, another route of this IngressRouteTCP has the same match"),
                c.problems().stream().map(Problem::message).toList());
        assertEquals(List.of("default-r-673acf455cb2dab0b43a@kubernetescrd"), List.copyOf(c.layer4().tcpRouters().keySet()),
                "the old group traefik.containo.us is read too");
    }

    @Test
    void priorityAndSyntaxAreKept() throws Exception {
        DynamicConfig c = translate(BACKENDS + """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteTCP
                metadata: {name: r, namespace: default}
                spec:
                  routes:
                    - match: HostSNI(`a.com`, `b.com`)
                      priority: 9223372036854774807
                      syntax: v2
                      services: [{name: db, port: 5432}]
                    - match: HostSNI(`c.com`)
                      priority: 9223372036854774808
                      services: [{name: db, port: 5432}]
                """);
        TcpRouterConfig a = c.layer4().tcpRouters().get("default-r-" + CrdNames.sha256Prefix("HostSNI(`a.com`, `b.com`)", 10) + "@kubernetescrd");
        assertEquals(Long.MAX_VALUE - 1000, a.priority());
        assertEquals("v2", a.ruleSyntax());
        assertEquals(List.of("spec.routes[1].priority: must not be above 9223372036854774807"),
                c.problems().stream().map(Problem::message).toList());
    }

    @Test
    void tlsLoadsTheSecretUnlessPassthroughAndQualifiesTheOptions() throws Exception {
        Issued cert = TestCertificates.issue(TestCertificates.ca("test-ca"), "foo.com", false, "foo.com");
        String secret = """
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: foo-tls, namespace: default}
                type: kubernetes.io/tls
                data: {tls.crt: %s, tls.key: %s}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TLSOption
                metadata: {name: modern, namespace: default}
                spec: {minVersion: VersionTLS13}
                """.formatted(TestCertificates.base64(cert.certificatePem()), TestCertificates.base64(cert.traditionalPrivateKeyPem()));
        String tls = """
                  tls:
                    secretName: foo-tls
                    options: {name: modern}
                    certResolver: le
                    domains: [{main: foo.com, sans: [www.foo.com]}]
                """;
        DynamicConfig terminated = translate(BACKENDS + routeTcp("[{name: db, port: 5432}]", tls) + secret);
        assertEquals(List.of(), terminated.problems());
        assertEquals(new TcpRouterTls(false, "default-modern@kubernetescrd", "le", List.of(new TlsDomain("foo.com", List.of("www.foo.com")))),
                terminated.layer4().tcpRouters().get(FOO_ROUTER).tls());
        assertEquals(1, terminated.tls().certificates().size(), "into the default store");

        DynamicConfig passthrough = translate(BACKENDS + routeTcp("[{name: db, port: 5432}]", tls + "    passthrough: true\n") + secret);
        assertTrue(passthrough.layer4().tcpRouters().get(FOO_ROUTER).tls().passthrough());
        assertEquals(0, passthrough.tls().certificates().size(), "the backend answers the handshake");
    }

    @Test
    void aMissingTlsOptionSkipsTheRoute() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeTcp("[{name: db, port: 5432}]", "  tls: {options: {name: absent}, store: {name: other}}\n"));
        assertTrue(c.layer4().tcpRouters().isEmpty());
        assertEquals(List.of("warning: spec.tls.store.name: only the TLS store named default is used (as in Traefik); the certificate goes there",
                        "spec.tls.options: unknown TLS options default-absent@kubernetescrd"),
                problemsOf(c, FOO_ROUTER).stream().map(Problem::message).toList());
    }

    @Test
    void unknownFieldsAreWarningsNamingThePath() throws Exception {
        DynamicConfig c = translate(BACKENDS + routeTcp("[{name: db, port: 5432, proxyProtocol: {version: 2, bogus: 1}}]",
                "      kind: Rule\n"));
        assertEquals(List.of("warning: spec.routes[0].kind: unknown field, ignored (Traefik's IngressRouteTCP has no such field)",
                        "warning: spec.routes[0].services[0].proxyProtocol.bogus: unknown field, ignored (Traefik's IngressRouteTCP has no such field)"),
                c.problems().stream().map(Problem::message).sorted().toList());
    }
}
