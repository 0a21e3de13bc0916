package io.jetway.translate.crd;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.HealthCheck;
import io.jetway.dynamic.PassiveHealthCheck;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig.LoadBalancer;
import io.jetway.dynamic.ServiceConfig.Server;
import io.jetway.dynamic.ServiceConfig.Weighted;
import io.jetway.dynamic.ServiceConfig.WeightedChild;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.provider.file.ManifestReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** YAML in, Traefik's dynamic configuration out, with Traefik's names. */
class CrdTranslatorTest {

    static final String WHOAMI = """
            apiVersion: v1
            kind: Service
            metadata: {name: whoami, namespace: default}
            spec:
              ports:
                - {name: web, port: 80, targetPort: 8080}
                - {name: https-alt, port: 8443, targetPort: 9443}
                - {name: tls, port: 443, targetPort: 9444}
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: whoami-abc
              namespace: default
              labels: {kubernetes.io/service-name: whoami}
            ports:
              - {name: web, port: 8080}
              - {name: https-alt, port: 9443}
              - {name: tls, port: 9444}
            endpoints:
              - addresses: [10.42.0.6]
                conditions: {ready: true, serving: true}
              - addresses: [10.42.0.7]
                conditions: {ready: false, serving: false, terminating: true}
              - addresses: [10.42.0.8]
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: other, namespace: default}
            spec:
              ports: [{port: 80}]
            ---
            apiVersion: v1
            kind: Endpoints
            metadata: {name: other, namespace: default}
            subsets:
              - addresses: [{ip: 10.0.0.1}, {ip: 10.0.0.2}]
                ports: [{port: 3000}]
            ---
            """;

    static DynamicConfig translate(String yaml, CrdOptions options) throws Exception {
        return CrdTranslator.translate(new ResourceSnapshot(ManifestReader.read("test.yaml", yaml).objects()), options);
    }

    static DynamicConfig translate(String yaml) throws Exception {
        return translate(yaml, CrdOptions.DEFAULTS);
    }

    @Test
    void namesRouterAndServiceExactlyAsTraefik() throws Exception {
        DynamicConfig c = translate(WHOAMI + """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: test.route, namespace: default}
                spec:
                  entryPoints: [web]
                  routes:
                    - match: Host(`foo.com`) && PathPrefix(`/bar`)
                      kind: Rule
                      services:
                        - name: whoami
                          port: 80
                """);
        String name = "default-test-route-6b204d94623b3df4370c@kubernetescrd";
        assertEquals(List.of(), c.problems());
        RouterConfig router = c.routers().get(name);
        assertEquals(new RouterConfig(name, List.of("web"), "Host(`foo.com`) && PathPrefix(`/bar`)", 0, "v3",
                List.of(), name, router.source()), router);
        LoadBalancer lb = (LoadBalancer) c.services().get(name);
        assertEquals(List.of(new Server("http://10.42.0.6:8080", 1), new Server("http://10.42.0.8:8080", 1)), lb.servers(),
                "serving=false endpoints are skipped; unset conditions mean ready");
        assertTrue(lb.passHostHeader());
        assertEquals(Duration.ofMillis(100), lb.flushInterval());
    }

    @Test
    void severalServicesBecomeWeightedWithNamespacePortChildren() throws Exception {
        DynamicConfig c = translate(WHOAMI + """
                apiVersion: traefik.containo.us/v1alpha1
                kind: IngressRoute
                metadata: {name: canary}
                spec:
                  routes:
                    - match: Host(`canary.example.com`)
                      services:
                        - {name: whoami, port: 80, weight: 90}
                        - {name: other, port: 80, weight: 10}
                """);
        String key = CrdNames.qualify(CrdNames.routeKey("default", "canary", "Host(`canary.example.com`)"));
        Weighted w = (Weighted) c.services().get(key);
        assertEquals(List.of(new WeightedChild("default-whoami-80@kubernetescrd", 90),
                new WeightedChild("default-other-80@kubernetescrd", 10)), w.services());
        LoadBalancer other = (LoadBalancer) c.services().get("default-other-80@kubernetescrd");
        assertEquals(List.of(new Server("http://10.0.0.1:3000", 1), new Server("http://10.0.0.2:3000", 1)), other.servers(),
                "legacy Endpoints are used when there is no EndpointSlice");
        assertEquals(List.of(), c.routers().get(key).entryPoints(), "no entryPoints means all");
    }

    @ParameterizedTest(name = "port {0} scheme {1} -> {2}")
    @CsvSource({
            "80, , http://10.42.0.6:8080",
            "web, , http://10.42.0.6:8080",
            "8443, , https://10.42.0.6:9443",
            "443, , https://10.42.0.6:9444",
            "80, h2c, h2c://10.42.0.6:8080",
            "443, http, http://10.42.0.6:9444",
    })
    void resolvesPortAndScheme(String port, String scheme, String firstUrl) throws Exception {
        DynamicConfig c = translate(WHOAMI + """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r}
                spec:
                  routes:
                    - match: Host(`x`)
                      services:
                        - name: whoami
                          port: %s
                %s
                """.formatted(port, scheme == null ? "" : "          scheme: " + scheme));
        LoadBalancer lb = (LoadBalancer) c.services().values().iterator().next();
        assertEquals(firstUrl, lb.servers().get(0).url());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing service      | {name: nope, port: 80}                    | kubernetes service default/nope not found",
            "missing port         | {name: whoami, port: 81}                  | port 81 not found in kubernetes service default/whoami",
            "cross namespace      | {name: whoami, namespace: other, port: 80} | cross-namespace reference from namespace default is not allowed",
            "bad scheme           | {name: whoami, port: 80, scheme: ftp}     | must be http, https or h2c",
            "bad kind             | {name: whoami, port: 80, kind: Pod}       | must be Service or TraefikService",
            "no port              | {name: whoami}                            | is required for a Service",
            "health check mode    | {name: whoami, port: 80, healthCheck: {mode: tcp}} | healthCheck.mode: must be http or grpc",
            "health check path    | {name: whoami, port: 80, healthCheck: {path: health}} | must start with /",
            "health check interval| {name: whoami, port: 80, healthCheck: {interval: soon}} | healthCheck.interval",
            "health check zero    | {name: whoami, port: 80, healthCheck: {timeout: 0s}} | healthCheck.timeout: must be positive",
            "health check status  | {name: whoami, port: 80, healthCheck: {status: 42}} | must be an HTTP status",
            "passive attempts     | {name: whoami, port: 80, passiveHealthCheck: {maxFailedAttempts: 0}} | must be at least 1",
    })
    void badServiceReferenceDisablesOnlyThatRouter(String label, String ref, String message) throws Exception {
        DynamicConfig c = translate(WHOAMI + """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r}
                spec:
                  routes:
                    - match: Host(`bad`)
                      services: [%s]
                    - match: Host(`good`)
                      services: [{name: whoami, port: 80}]
                """.formatted(ref));
        String bad = CrdNames.qualify(CrdNames.routeKey("default", "r", "Host(`bad`)"));
        String good = CrdNames.qualify(CrdNames.routeKey("default", "r", "Host(`good`)"));
        Problem p = c.problems().stream().filter(x -> bad.equals(x.element())).findFirst().orElseThrow();
        assertTrue(p.message().contains(message), p.message());
        assertEquals("IngressRoute default/r", p.object().toString());
        assertTrue(c.routers().containsKey(bad), "the bad router stays visible so the API can show its error");
        assertTrue(c.services().containsKey(good));
        assertFalse(c.problems().stream().anyMatch(x -> good.equals(x.element())));
    }

    @Test
    void healthChecksTakeTraefiksDefaults() throws Exception {
        DynamicConfig c = translate(WHOAMI + """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r}
                spec:
                  routes:
                    - match: Host(`defaults`)
                      services:
                        - name: whoami
                          port: 80
                          healthCheck: {path: /health}
                          passiveHealthCheck: {}
                    - match: Host(`explicit`)
                      services:
                        - name: whoami
                          port: 80
                          healthCheck:
                            scheme: https
                            path: /ready
                            method: head
                            status: 204
                            port: 8081
                            hostname: app.internal
                            headers: {X-Probe: jetway}
                            followRedirects: false
                            interval: 10s
                            unhealthyInterval: 2s
                            timeout: 3s
                          passiveHealthCheck: {maxFailedAttempts: 3, failureWindow: 30s}
                """);
        assertEquals(List.of(), c.problems());
        LoadBalancer defaults = (LoadBalancer) c.services().get(CrdNames.qualify(CrdNames.routeKey("default", "r", "Host(`defaults`)")));
        assertEquals(new HealthCheck(null, "http", "/health", "GET", 0, 0, null, Map.of(), true,
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(5)), defaults.healthCheck());
        assertEquals(new PassiveHealthCheck(Duration.ofSeconds(10), 1), defaults.passiveHealthCheck());
        LoadBalancer explicit = (LoadBalancer) c.services().get(CrdNames.qualify(CrdNames.routeKey("default", "r", "Host(`explicit`)")));
        assertEquals(new HealthCheck("https", "http", "/ready", "HEAD", 204, 8081, "app.internal", Map.of("X-Probe", "jetway"),
                false, Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(3)), explicit.healthCheck());
        assertEquals(new PassiveHealthCheck(Duration.ofSeconds(30), 3), explicit.passiveHealthCheck());
    }

    @Test
    void nodePortLBUsesEveryNodesInternalAddressAtTheNodePort() throws Exception {
        String yaml = """
                apiVersion: v1
                kind: Service
                metadata: {name: np}
                spec:
                  type: NodePort
                  ports: [{name: web, port: 80, nodePort: 30080}]
                ---
                apiVersion: v1
                kind: Node
                metadata: {name: node-1}
                status:
                  addresses: [{type: Hostname, address: node-1}, {type: InternalIP, address: 192.168.1.10}]
                ---
                apiVersion: v1
                kind: Node
                metadata: {name: node-2}
                status:
                  addresses: [{type: InternalIP, address: 192.168.1.11}, {type: ExternalIP, address: 203.0.113.5}]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r}
                spec:
                  routes:
                    - match: Host(`np`)
                      services: [{name: np, port: 80, nodePortLB: true}]
                """;
        DynamicConfig c = translate(yaml);
        LoadBalancer lb = (LoadBalancer) c.services().get(CrdNames.qualify(CrdNames.routeKey("default", "r", "Host(`np`)")));
        assertEquals(List.of(new Server("http://192.168.1.10:30080", 1), new Server("http://192.168.1.11:30080", 1)), lb.servers());

        DynamicConfig noNodes = translate(yaml.substring(0, yaml.indexOf("---")) + yaml.substring(yaml.lastIndexOf("---")));
        assertTrue(noNodes.problems().get(0).message().contains("nodePortLB found no node with an InternalIP address"),
                noNodes.problems().toString());
    }

    @Test
    void negativeWeightsAreAnErrorOnTheServiceThatHasThem() throws Exception {
        DynamicConfig c = translate(WHOAMI + """
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: split}
                spec:
                  weighted:
                    services:
                      - {name: whoami, port: 80, weight: -1}
                      - {name: other, port: 80, weight: 1}
                """);
        Problem p = c.problems().get(0);
        assertEquals("default-split@kubernetescrd", p.element());
        assertTrue(p.message().contains("weighted.services[0].weight: must not be negative, got -1"), p.message());
    }

    @Test
    void terminatingEndpointsThatStillServeAreMarked() throws Exception {
        DynamicConfig c = translate("""
                apiVersion: v1
                kind: Service
                metadata: {name: app}
                spec:
                  ports: [{name: web, port: 80}]
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: app-1
                  labels: {kubernetes.io/service-name: app}
                ports: [{name: web, port: 8080}]
                endpoints:
                  - addresses: [10.0.0.1]
                    conditions: {ready: true, serving: true, terminating: false}
                  - addresses: [10.0.0.2]
                    conditions: {ready: false, serving: true, terminating: true}
                  - addresses: [10.0.0.3]
                    conditions: {ready: false, serving: false, terminating: true}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r}
                spec:
                  routes:
                    - match: Host(`app`)
                      services: [{name: app, port: 80}]
                """);
        LoadBalancer lb = (LoadBalancer) c.services().get(CrdNames.qualify(CrdNames.routeKey("default", "r", "Host(`app`)")));
        assertEquals(List.of(new Server("http://10.0.0.1:8080", 1, false), new Server("http://10.0.0.2:8080", 1, true)),
                lb.servers(), "terminating but serving: kept for sticky clients; not serving: dropped");
    }

    @Test
    void noReadyEndpointsIsAnErrorUnlessEmptyServicesAllowed() throws Exception {
        String yaml = """
                apiVersion: v1
                kind: Service
                metadata: {name: empty}
                spec: {ports: [{port: 80}]}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r}
                spec:
                  routes:
                    - match: Host(`e`)
                      services: [{name: empty, port: 80}]
                """;
        DynamicConfig strict = translate(yaml);
        assertTrue(strict.problems().get(0).message().contains("has no ready endpoints"), strict.problems().toString());
        DynamicConfig lenient = translate(yaml, new CrdOptions(false, true, false, false));
        assertEquals(List.of(), lenient.problems());
        assertEquals(List.of(), ((LoadBalancer) lenient.services().values().iterator().next()).servers());
    }

    @Test
    void externalNameServicesOnlyWhenAllowed() throws Exception {
        String yaml = """
                apiVersion: v1
                kind: Service
                metadata: {name: ext}
                spec: {type: ExternalName, externalName: api.example.com, ports: [{name: https, port: 443}]}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r}
                spec:
                  routes:
                    - match: Host(`x`)
                      services: [{name: ext, port: 443}]
                """;
        DynamicConfig refused = translate(yaml);
        assertTrue(refused.problems().get(0).message().contains("ExternalName, which is not allowed"), refused.problems().toString());
        DynamicConfig allowed = translate(yaml, new CrdOptions(false, false, true, false));
        assertEquals(List.of(new Server("https://api.example.com:443", 1)),
                ((LoadBalancer) allowed.services().values().iterator().next()).servers());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "port on the route only      | port: 80 |                       | http://external.domain:80",
            "port on the service only    |          | ports: [{port: 80}]   | http://external.domain:80",
            "port on both sides          | port: 80 | ports: [{port: 80}]   | http://external.domain:80",
            "ports differ: route wins    | port: 80 | ports: [{port: 8080}] | http://external.domain:80",
            "443 on the service is https |          | ports: [{port: 443}]  | https://external.domain:443",
    })
    void externalNamePortsAsSeed001Describes(String label, String routePort, String servicePorts, String url) throws Exception {
        DynamicConfig c = translate("""
                apiVersion: v1
                kind: Service
                metadata: {name: external-svc, namespace: default}
                spec:
                  externalName: external.domain
                  type: ExternalName
                  %s
                ---
                apiVersion: traefik.containo.us/v1alpha1
                kind: IngressRoute
                metadata: {name: test.route, namespace: default}
                spec:
                  routes:
                  - match: Host(`example.net`)
                    kind: Rule
                    services:
                    - name: external-svc
                      %s
                """.formatted(servicePorts == null ? "" : servicePorts, routePort == null ? "" : routePort),
                new CrdOptions(false, false, true, false));
        assertEquals(List.of(), c.problems());
        assertEquals(List.of(new Server(url, 1)), ((LoadBalancer) c.services().values().iterator().next()).servers());
    }

    @Test
    void externalNameWithoutAnyPortIsAnError() throws Exception {
        DynamicConfig c = translate("""
                apiVersion: v1
                kind: Service
                metadata: {name: external-svc}
                spec: {type: ExternalName, externalName: external.domain}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r}
                spec:
                  routes:
                  - match: Host(`example.net`)
                    services: [{name: external-svc}]
                """, new CrdOptions(false, false, true, false));
        assertTrue(c.problems().get(0).message().contains("port: is required for a Service"), c.problems().toString());
    }

    @Test
    void middlewareReferencesAreQualifiedAndNamespaceChecked() throws Exception {
        String yaml = WHOAMI + """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: strip, namespace: default}
                spec:
                  stripPrefix:
                    prefixes: [/api]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r}
                spec:
                  routes:
                    - match: Host(`m`)
                      middlewares:
                        - name: strip
                        - name: auth@file
                        - name: limit
                          namespace: other
                      services: [{name: whoami, port: 80}]
                """;
        DynamicConfig strict = translate(yaml);
        assertTrue(strict.problems().stream().anyMatch(p -> p.message().contains("middleware other/limit")), strict.problems().toString());
        DynamicConfig open = translate(yaml, new CrdOptions(true, false, false, false));
        RouterConfig router = open.routers().values().iterator().next();
        assertEquals(List.of("default-strip@kubernetescrd", "auth@file", "other-limit@kubernetescrd"), router.middlewares());
        assertEquals("stripPrefix", open.middlewares().get("default-strip@kubernetescrd").type());
        assertEquals(List.of("/api"), open.middlewares().get("default-strip@kubernetescrd").options().get("prefixes"));
    }

    @Test
    void traefikServicesAreParsed() throws Exception {
        DynamicConfig c = translate(WHOAMI + """
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: wrr}
                spec:
                  weighted:
                    services:
                      - {name: whoami, port: 80, weight: 3}
                      - {name: mirror, kind: TraefikService, weight: 1}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: mirror}
                spec:
                  mirroring:
                    name: whoami
                    port: 80
                    mirrors:
                      - {name: other, port: 80, percent: 20}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: broken}
                spec: {}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r}
                spec:
                  routes:
                    - match: Host(`t`)
                      services: [{name: wrr, kind: TraefikService}]
                """);
        Weighted w = (Weighted) c.services().get("default-wrr@kubernetescrd");
        assertEquals(List.of(new WeightedChild("default-whoami-80@kubernetescrd", 3),
                new WeightedChild("default-mirror@kubernetescrd", 1)), w.services());
        ServiceConfig.Mirroring m = assertInstanceOf(ServiceConfig.Mirroring.class, c.services().get("default-mirror@kubernetescrd"));
        assertEquals(List.of(new ServiceConfig.Mirror("default-other-80@kubernetescrd", 20)), m.mirrors());
        assertTrue(m.mirrorBody());
        assertEquals(-1, m.maxBodySize());
        assertNull(c.services().get("default-broken@kubernetescrd"));
        assertTrue(c.problems().stream().anyMatch(p -> "default-broken@kubernetescrd".equals(p.element())));
        assertEquals("default-wrr@kubernetescrd", c.routers().values().iterator().next().service());
    }

    @Test
    void aMirrorNamingAMissingServiceIsAProblemNamingTheField() throws Exception {
        DynamicConfig c = translate(WHOAMI + """
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: mirror}
                spec:
                  mirroring:
                    name: whoami
                    port: 80
                    maxBodySize: 1024
                    mirrorBody: false
                    mirrors:
                      - {name: other, port: 80, percent: 10}
                      - {name: ghost, port: 80, percent: 20}
                """);
        assertNull(c.services().get("default-mirror@kubernetescrd"));
        Problem problem = c.problems().stream().filter(p -> "default-mirror@kubernetescrd".equals(p.element())).findFirst().orElseThrow();
        assertEquals("TraefikService default/mirror", problem.object().toString());
        assertTrue(problem.message().contains("mirrors[1]") && problem.message().contains("default/ghost not found"), problem.message());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "default-test.route, default-test-route",
            "a..b__c, a-b-c",
            "-lead-and-trail-, lead-and-trail",
            "ns-My_Route.v2, ns-My-Route-v2",
    })
    void normalizesLikeTraefik(String in, String out) {
        assertEquals(out, CrdNames.normalize(in));
    }

    @Test
    void sameInputGivesEqualConfiguration() throws Exception {
        String yaml = WHOAMI + """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r}
                spec:
                  routes: [{match: Host(`x`), services: [{name: whoami, port: 80}]}]
                """;
        assertEquals(translate(yaml), translate(yaml), "an unchanged configuration must compare equal so it does not rebuild");
    }
}
