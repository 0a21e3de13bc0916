package io.jetway.translate.crd;

import io.jetway.model.DynamicConfig;
import io.jetway.model.Problem;
import io.jetway.model.RouterConfig;
import io.jetway.model.ServiceConfig;
import io.jetway.model.ServiceConfig.LoadBalancer;
import io.jetway.model.ServiceConfig.Server;
import io.jetway.model.ServiceConfig.Weighted;
import io.jetway.model.ServiceConfig.WeightedChild;
import io.jetway.model.ResourceSnapshot;
import io.jetway.provider.file.ManifestReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

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
