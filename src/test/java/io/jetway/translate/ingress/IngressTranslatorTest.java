package io.jetway.translate.ingress;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.RouterTls;
import io.jetway.dynamic.ServiceConfig.LoadBalancer;
import io.jetway.dynamic.ServiceConfig.Server;
import io.jetway.dynamic.ServiceConfig.Sticky;
import io.jetway.dynamic.TlsCertificate;
import io.jetway.dynamic.TlsDomain;
import io.jetway.e2e.Manifests;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.provider.file.ManifestReader;
import io.jetway.util.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ingress YAML in, Traefik's dynamic configuration out, with the names Traefik's Ingress provider gives. */
class IngressTranslatorTest {

    /** The seed's whoami Service (port 80 named http) with two pods behind it. */
    static final String WHOAMI = """
            apiVersion: v1
            kind: Service
            metadata:
              name: whoami
            spec:
              ports:
                - name: http
                  port: 80
              selector:
                app: traefiklabs
                task: whoami
            ---
            apiVersion: discovery.k8s.io/v1
            kind: EndpointSlice
            metadata:
              name: whoami-x1
              labels: {kubernetes.io/service-name: whoami}
            ports: [{name: http, port: 8080}]
            endpoints:
              - addresses: [10.42.0.6]
              - addresses: [10.42.0.7]
            ---
            """;

    /** Seed 004's first example, as written. */
    static final String SEED_INGRESS = Manifests.seedExample("004_0071", 0);

    static DynamicConfig translate(String yaml, IngressOptions options) throws Exception {
        return IngressTranslator.translate(new ResourceSnapshot(ManifestReader.read("test.yaml", yaml).objects()), options);
    }

    static DynamicConfig translate(String yaml) throws Exception {
        return translate(yaml, IngressOptions.DEFAULTS);
    }

    /** An Ingress with one rule and path to whoami:80, annotations given as YAML lines. */
    static String ingress(String name, String host, String path, String pathType, String... annotations) {
        String a = annotations.length == 0 ? "" : "  annotations:\n" + java.util.Arrays.stream(annotations)
                .map(line -> "    " + line + "\n").collect(Collectors.joining());
        return """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata:
                  name: %s
                %sspec:
                  rules:
                    - host: %s
                      http:
                        paths:
                          - path: %s
                            pathType: %s
                            backend: {service: {name: whoami, port: {number: 80}}}
                ---
                """.formatted(name, a, host, path, pathType);
    }

    private static String messages(DynamicConfig c) {
        return c.problems().stream().map(Problem::toString).collect(Collectors.joining("\n"));
    }

    @Test
    void seedExampleGivesTraefiksRoutersAndService() throws Exception {
        DynamicConfig c = translate(WHOAMI + SEED_INGRESS);

        assertEquals(List.of(), c.problems());
        assertEquals(Set.of("default-myingress-example-com-bar@kubernetes", "default-myingress-example-com-foo@kubernetes"),
                c.routers().keySet());
        RouterConfig bar = c.routers().get("default-myingress-example-com-bar@kubernetes");
        assertEquals("Host(`example.com`) && Path(`/bar`)", bar.rule());
        assertEquals(List.of("web"), bar.entryPoints());
        assertEquals("default-whoami-80@kubernetes", bar.service());
        assertEquals(0, bar.priority());
        assertNull(bar.tls());
        assertEquals("Ingress default/myingress", bar.source().toString());
        LoadBalancer lb = assertInstanceOf(LoadBalancer.class, c.services().get("default-whoami-80@kubernetes"));
        assertEquals(List.of(new Server("http://10.42.0.6:8080", 1), new Server("http://10.42.0.7:8080", 1)), lb.servers());
        assertTrue(lb.passHostHeader());
        assertNull(lb.sticky());
        assertEquals(1, c.services().size());
    }

    @ParameterizedTest(name = "{0} {1} with pathmatcher \"{2}\" -> {3}")
    @CsvSource(delimiter = '|', value = {
        "/bar | Exact                  | ''         | Host(`a.com`) && Path(`/bar`)",
        "/bar | Prefix                 | ''         | Host(`a.com`) && PathPrefix(`/bar`)",
        "/bar | ImplementationSpecific | ''         | Host(`a.com`) && PathPrefix(`/bar`)",
        "/bar | ImplementationSpecific | Path       | Host(`a.com`) && Path(`/bar`)",
        "/bar | ImplementationSpecific | PathRegexp | Host(`a.com`) && PathRegexp(`/bar`)",
        "/bar | Prefix                 | Path       | Host(`a.com`) && PathPrefix(`/bar`)",
        "/bar | Exact                  | PathPrefix | Host(`a.com`) && Path(`/bar`)",
    })
    void pathTypesChooseTheMatcher(String path, String pathType, String pathMatcher, String rule) throws Exception {
        String[] annotations = pathMatcher.isEmpty() ? new String[0]
                : new String[] {"traefik.ingress.kubernetes.io/router.pathmatcher: " + pathMatcher};
        DynamicConfig c = translate(WHOAMI + ingress("i", "a.com", path, pathType, annotations));

        assertEquals(rule, c.routers().get("default-i-a-com-bar@kubernetes").rule(), messages(c));
    }

    @ParameterizedTest(name = "host \"{0}\" path \"{1}\" -> {2} named {3}")
    @CsvSource(delimiter = '|', value = {
        "''             | /api  | PathPrefix(`/api`)                                                   | default-r-api",
        "''             | ''    | PathPrefix(`/`)                                                      | default-r",
        "a.example.com  | ''    | Host(`a.example.com`)                                                | default-r-a-example-com",
        "*.example.com  | /x    | HostRegexp(`^[a-zA-Z0-9-]+\\.example\\.com$`) && PathPrefix(`/x`)   | default-r-example-com-x",
    })
    void hostsAndPaths(String host, String path, String rule, String name) throws Exception {
        String pathFields = path.isEmpty() ? "pathType: ImplementationSpecific" : "path: " + path + ", pathType: Prefix";
        String yaml = WHOAMI + """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: r}
                spec:
                  rules:
                    - %shttp:
                        paths:
                          - {%s, backend: {service: {name: whoami, port: {number: 80}}}}
                """.formatted(host.isEmpty() ? "" : "host: '" + host + "'\n      ", pathFields);
        DynamicConfig c = translate(yaml);

        RouterConfig r = c.routers().get(name + "@kubernetes");
        assertEquals(rule, r == null ? c.routers().keySet() + " " + messages(c) : r.rule());
    }

    @Test
    void wildcardHostWithV2SyntaxUsesTheV2Regexp() throws Exception {
        DynamicConfig c = translate(WHOAMI + ingress("w", "'*.example.com'", "/", "Prefix",
                "traefik.ingress.kubernetes.io/router.rulesyntax: v2"));

        RouterConfig r = c.routers().get("default-w-example-com@kubernetes");
        assertEquals("HostRegexp(`{subdomain:[a-zA-Z0-9-]+}.example.com`) && PathPrefix(`/`)", r.rule());
        assertEquals("v2", r.ruleSyntax());
    }

    @Test
    void defaultBackendIsTheLowestPriorityCatchAll() throws Exception {
        String seed = Manifests.seedExample("004_0936", 0) + "---\n";
        DynamicConfig c = translate(WHOAMI.replace("whoami", "stilton") + seed);

        assertEquals(List.of(), c.problems());
        RouterConfig r = c.routers().get("default-router@kubernetes");
        assertEquals("PathPrefix(`/`)", r.rule());
        assertEquals(Integer.MIN_VALUE, r.priority());
        assertEquals("default-backend@kubernetes", r.service());
        assertEquals(List.of(new Server("http://10.42.0.6:8080", 1), new Server("http://10.42.0.7:8080", 1)),
                ((LoadBalancer) c.services().get("default-backend@kubernetes")).servers());
    }

    @Test
    void onlyOneIngressMayHaveTheDefaultBackend() throws Exception {
        String two = """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: a}
                spec: {defaultBackend: {service: {name: whoami, port: {number: 80}}}}
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: b}
                spec:
                  defaultBackend: {service: {name: whoami, port: {number: 80}}}
                  rules: [{http: {paths: [{path: /b, pathType: Prefix, backend: {service: {name: whoami, port: {number: 80}}}}]}}]
                """;
        DynamicConfig c = translate(WHOAMI + two);

        assertEquals("Ingress default/a", c.routers().get("default-router@kubernetes").source().toString());
        assertEquals(1, c.problems().size(), messages(c));
        assertEquals("Ingress default/b", c.problems().get(0).object().toString());
        assertTrue(c.problems().get(0).message().contains("default backend is already defined by Ingress default/a"), messages(c));
        assertTrue(c.routers().containsKey("default-b-b@kubernetes"), "the rest of the Ingress is still translated");
    }

    @Test
    void servicePortByNameNamesTheService() throws Exception {
        DynamicConfig c = translate(WHOAMI + """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: byname, namespace: default}
                spec:
                  rules: [{host: n.com, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: whoami, port: {name: http}}}}]}}]
                """);

        assertEquals("default-whoami-http@kubernetes", c.routers().get("default-byname-n-com@kubernetes").service());
        assertEquals(2, ((LoadBalancer) c.services().get("default-whoami-http@kubernetes")).servers().size());
    }

    @Test
    void pathsThatNormalizeToTheSameNameGetHashes() throws Exception {
        DynamicConfig c = translate(WHOAMI + """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: dup}
                spec:
                  rules:
                    - host: d.com
                      http:
                        paths:
                          - {path: /a, pathType: Exact, backend: {service: {name: whoami, port: {number: 80}}}}
                          - {path: /a, pathType: Prefix, backend: {service: {name: whoami, port: {number: 80}}}}
                """);

        assertEquals(2, c.routers().size(), messages(c));
        for (RouterConfig r : c.routers().values()) {
            assertEquals(IngressNames.qualify(IngressNames.routerKeyWithHash("default-dup-d-com-a", r.rule())), r.name());
            assertTrue(r.name().matches("default-dup-d-com-a-[0-9a-f]{20}@kubernetes"), r.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing Service     | {service: {name: nothere, port: {number: 80}}}           | kubernetes service default/nothere not found",
        "unknown port        | {service: {name: whoami, port: {number: 81}}}            | port 81 not found in kubernetes service default/whoami",
        "resource backend    | {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: static}} | resource backends are not supported",
        "no port             | {service: {name: whoami}}                                | needs a name or a number",
    })
    void badBackendsDisableOnlyTheirRouter(String what, String backend, String message) throws Exception {
        DynamicConfig c = translate(WHOAMI + """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: bad}
                spec:
                  rules:
                    - host: b.com
                      http:
                        paths:
                          - {path: /bad, pathType: Prefix, backend: %s}
                          - {path: /good, pathType: Prefix, backend: {service: {name: whoami, port: {number: 80}}}}
                """.formatted(backend));

        assertEquals(1, c.problems().size(), messages(c));
        Problem p = c.problems().get(0);
        assertEquals("default-bad-b-com-bad@kubernetes", p.element(), "the router is disabled, not dropped silently");
        assertTrue(p.message().contains(message), p.message());
        assertTrue(c.routers().containsKey("default-bad-b-com-bad@kubernetes"));
        assertTrue(c.routers().containsKey("default-bad-b-com-good@kubernetes"));
        assertTrue(c.services().containsKey("default-whoami-80@kubernetes"));
    }

    @Test
    void serviceWithoutEndpointsIsAProblemUnlessEmptyServicesAreAllowed() throws Exception {
        String yaml = """
                apiVersion: v1
                kind: Service
                metadata: {name: whoami}
                spec: {ports: [{name: http, port: 80}]}
                ---
                """ + ingress("e", "e.com", "/", "Prefix");

        DynamicConfig refused = translate(yaml);
        assertTrue(messages(refused).contains("has no ready endpoints"), messages(refused));

        DynamicConfig allowed = translate(yaml, new IngressOptions("", false, true, false, "", List.of()));
        assertEquals(List.of(), allowed.problems());
        assertEquals(List.of(), ((LoadBalancer) allowed.services().get("default-whoami-80@kubernetes")).servers());
    }

    @Test
    void externalNameServicesNeedTheFlag() throws Exception {
        String yaml = """
                apiVersion: v1
                kind: Service
                metadata: {name: whoami}
                spec: {type: ExternalName, externalName: svc.example.org, ports: [{name: http, port: 80}]}
                ---
                """ + ingress("x", "x.com", "/", "Prefix");

        assertTrue(messages(translate(yaml)).contains("ExternalName"));
        DynamicConfig allowed = translate(yaml, new IngressOptions("", true, false, false, "", List.of()));
        assertEquals(List.of(new Server("http://svc.example.org:80", 1)),
                ((LoadBalancer) allowed.services().get("default-whoami-80@kubernetes")).servers());
    }

    // ---- IngressClass selection ------------------------------------------------------------------

    static final String CLASSES = """
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata: {name: traefik-lb}
            spec: {controller: traefik.io/ingress-controller}
            ---
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata: {name: nginx}
            spec: {controller: k8s.io/ingress-nginx}
            ---
            """;

    @ParameterizedTest(name = "className={0} annotation={1} --ingressclass={2} -> handled {3}")
    @CsvSource(delimiter = '|', value = {
        "''         | ''         | ''         | true",
        "traefik-lb | ''         | ''         | true",
        "nginx      | ''         | ''         | false",
        "missing    | ''         | ''         | false",
        "''         | traefik    | ''         | true",
        "''         | nginx      | ''         | false",
        "''         | ''         | traefik-lb | false",
        "traefik-lb | ''         | traefik-lb | true",
        "traefik-lb | ''         | other      | false",
        "''         | traefik-lb | traefik-lb | true",
        "''         | traefik    | traefik-lb | false",
    })
    void ingressClassSelection(String className, String annotation, String flag, boolean handled) throws Exception {
        String yaml = ingress("c", "c.com", "/", "Prefix",
                annotation.isEmpty() ? new String[0] : new String[] {"kubernetes.io/ingress.class: " + annotation});
        if (!className.isEmpty()) {
            yaml = yaml.replace("spec:\n  rules:", "spec:\n  ingressClassName: " + className + "\n  rules:");
        }
        DynamicConfig c = translate(WHOAMI + CLASSES + yaml, new IngressOptions(flag, false, false, false, "", List.of()));

        assertEquals(handled, c.routers().containsKey("default-c-c-com@kubernetes"), c.routers().keySet().toString());
    }

    @Test
    void labelSelectorAndNamespacesFilterIngresses() throws Exception {
        String yaml = WHOAMI + WHOAMI.replace("name: whoami\n", "name: whoami\n  namespace: team\n")
                .replace("name: whoami-x1\n", "name: whoami-x1\n  namespace: team\n")
                + ingress("plain", "p.com", "/", "Prefix")
                + ingress("labelled", "l.com", "/", "Prefix").replace("  name: labelled\n", "  name: labelled\n  labels: {expose: public}\n")
                + ingress("other", "o.com", "/", "Prefix").replace("  name: other\n", "  name: other\n  namespace: team\n");

        assertEquals(3, translate(yaml).routers().size(), messages(translate(yaml)));
        assertEquals(Set.of("default-labelled-l-com@kubernetes"),
                translate(yaml, new IngressOptions("", false, false, false, "expose=public", List.of())).routers().keySet());
        assertEquals(Set.of("team-other-o-com@kubernetes"),
                translate(yaml, new IngressOptions("", false, false, false, "", List.of("team"))).routers().keySet());
        assertEquals(Set.of("default-plain-p-com@kubernetes", "team-other-o-com@kubernetes"),
                translate(yaml, new IngressOptions("", false, false, false, "expose notin (public)", List.of())).routers().keySet());
    }

    // ---- router annotations ----------------------------------------------------------------------

    @Test
    void everyRouterAnnotationOfTheSeed() throws Exception {
        DynamicConfig c = translate(WHOAMI + ingress("all", "all.com", "/", "Prefix",
                "traefik.ingress.kubernetes.io/router.entrypoints: ep1,ep2",
                "traefik.ingress.kubernetes.io/router.middlewares: auth@file,default-prefix@kubernetescrd",
                "traefik.ingress.kubernetes.io/router.priority: \"42\"",
                "traefik.ingress.kubernetes.io/router.tls: \"true\"",
                "traefik.ingress.kubernetes.io/router.tls.certresolver: myresolver",
                "traefik.ingress.kubernetes.io/router.tls.domains.0.main: example.org",
                "traefik.ingress.kubernetes.io/router.tls.domains.0.sans: test.example.org,dev.example.org",
                "traefik.ingress.kubernetes.io/router.tls.options: foobar@file",
                "traefik.ingress.kubernetes.io/router.rulesyntax: v3"));

        assertEquals(List.of(), c.problems());
        RouterConfig r = c.routers().get("default-all-all-com@kubernetes");
        assertEquals(List.of("ep1", "ep2"), r.entryPoints());
        assertEquals(List.of("auth@file", "default-prefix@kubernetescrd"), r.middlewares());
        assertEquals(42, r.priority());
        assertEquals("v3", r.ruleSyntax());
        assertEquals(new RouterTls("foobar@file", "myresolver",
                List.of(new TlsDomain("example.org", List.of("test.example.org", "dev.example.org")))), r.tls());
    }

    @Test
    void tlsOptionsWithoutProviderAreThisProvidersAndAnyTlsOptionTurnsTlsOn() throws Exception {
        DynamicConfig c = translate(WHOAMI + ingress("t", "t.com", "/", "Prefix",
                "traefik.ingress.kubernetes.io/router.tls.options: strict",
                "traefik.ingress.kubernetes.io/router.middlewares: local"));

        RouterConfig r = c.routers().get("default-t-t-com@kubernetes");
        assertEquals(new RouterTls("strict@kubernetes", null, List.of()), r.tls());
        assertEquals(List.of("local@kubernetes"), r.middlewares());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "router.priority      | high       | expected an integer",
        "router.pathmatcher   | Host       | must be Path, PathPrefix or PathRegexp",
        "router.tls           | yes        | expected true or false",
        "router.rulesyntax    | v4         | must be v2 or v3",
        "router.tls.domains.0.sans | a.com | needs router.tls.domains.0.main",
        "router.entrypoint    | web        | unknown annotation",
    })
    void badRouterAnnotationSkipsOnlyThatIngress(String annotation, String value, String reason) throws Exception {
        DynamicConfig c = translate(WHOAMI + ingress("bad", "bad.com", "/", "Prefix",
                "traefik.ingress.kubernetes.io/" + annotation + ": \"" + value + "\"")
                + ingress("good", "good.com", "/", "Prefix"));

        assertEquals(1, c.problems().size(), messages(c));
        Problem p = c.problems().get(0);
        assertEquals("Ingress default/bad", p.object().toString());
        assertNull(p.element(), "the whole Ingress is skipped");
        assertTrue(p.message().contains("traefik.ingress.kubernetes.io/" + annotation), p.message());
        assertTrue(p.message().contains(reason), p.message());
        assertEquals(Set.of("default-good-good-com@kubernetes"), c.routers().keySet());
    }

    // ---- service annotations ---------------------------------------------------------------------

    private static String annotatedWhoami(String... annotations) {
        return WHOAMI.replace("  name: whoami\nspec:", "  name: whoami\n  annotations:\n"
                + java.util.Arrays.stream(annotations).map(a -> "    traefik.ingress.kubernetes.io/" + a + "\n").collect(Collectors.joining())
                + "spec:\n  clusterIP: 10.96.0.10\n  type: ClusterIP");
    }

    @Test
    void everyServiceAnnotationOfTheSeed() throws Exception {
        DynamicConfig c = translate(annotatedWhoami(
                "service.serversscheme: h2c",
                "service.serverstransport: foobar@file",
                "service.passhostheader: \"false\"",
                "service.sticky.cookie: \"true\"",
                "service.sticky.cookie.name: foobar",
                "service.sticky.cookie.secure: \"true\"",
                "service.sticky.cookie.samesite: \"none\"",
                "service.sticky.cookie.httponly: \"true\"",
                "service.sticky.cookie.maxage: \"3600\"") + ingress("s", "s.com", "/", "Prefix"));

        assertEquals(List.of(), c.problems());
        LoadBalancer lb = (LoadBalancer) c.services().get("default-whoami-80@kubernetes");
        assertEquals(List.of(new Server("h2c://10.42.0.6:8080", 1), new Server("h2c://10.42.0.7:8080", 1)), lb.servers());
        assertEquals("foobar@file", lb.serversTransport());
        assertEquals(false, lb.passHostHeader());
        assertEquals(new Sticky("foobar", true, true, "none", 3600, "", "/"), lb.sticky());
    }

    @Test
    void nativeLbUsesTheClusterIpAndTheFlagSetsTheDefault() throws Exception {
        DynamicConfig annotated = translate(annotatedWhoami("service.nativelb: \"true\"") + ingress("n", "n.com", "/", "Prefix"));
        assertEquals(List.of(new Server("http://10.96.0.10:80", 1)),
                ((LoadBalancer) annotated.services().get("default-whoami-80@kubernetes")).servers());

        IngressOptions nativeByDefault = new IngressOptions("", false, false, true, "", List.of());
        DynamicConfig byFlag = translate(annotatedWhoami("service.serverstransport: mytransport") + ingress("n", "n.com", "/", "Prefix"),
                nativeByDefault);
        LoadBalancer lb = (LoadBalancer) byFlag.services().get("default-whoami-80@kubernetes");
        assertEquals(List.of(new Server("http://10.96.0.10:80", 1)), lb.servers());
        assertEquals("mytransport@kubernetes", lb.serversTransport());

        DynamicConfig optedOut = translate(annotatedWhoami("service.nativelb: \"false\"") + ingress("n", "n.com", "/", "Prefix"),
                nativeByDefault);
        assertEquals(2, ((LoadBalancer) optedOut.services().get("default-whoami-80@kubernetes")).servers().size());
    }

    @Test
    void stickyCookieWithoutNameLeavesTheNameToTheBuilder() throws Exception {
        DynamicConfig c = translate(annotatedWhoami("service.sticky.cookie: \"true\"") + ingress("s", "s.com", "/", "Prefix"));

        assertEquals(new Sticky(null, false, false, "", 0, "", "/"),
                ((LoadBalancer) c.services().get("default-whoami-80@kubernetes")).sticky());
    }

    @Test
    void httpsPortNameOrPort443SelectHttps() throws Exception {
        String yaml = """
                apiVersion: v1
                kind: Service
                metadata: {name: whoami}
                spec: {ports: [{name: https-api, port: 8443}, {name: tls, port: 443}]}
                ---
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata: {name: whoami-1, labels: {kubernetes.io/service-name: whoami}}
                ports: [{name: https-api, port: 9443}, {name: tls, port: 9444}]
                endpoints: [{addresses: [10.0.0.1]}]
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: h}
                spec:
                  rules:
                    - http:
                        paths:
                          - {path: /a, pathType: Prefix, backend: {service: {name: whoami, port: {name: https-api}}}}
                          - {path: /b, pathType: Prefix, backend: {service: {name: whoami, port: {number: 443}}}}
                """;
        DynamicConfig c = translate(yaml);

        assertEquals(List.of(new Server("https://10.0.0.1:9443", 1)),
                ((LoadBalancer) c.services().get("default-whoami-https-api@kubernetes")).servers());
        assertEquals(List.of(new Server("https://10.0.0.1:9444", 1)),
                ((LoadBalancer) c.services().get("default-whoami-443@kubernetes")).servers());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "service.serversscheme         | ftp   | must be http, https or h2c",
        "service.passhostheader        | maybe | expected true or false",
        "service.sticky.cookie.maxage  | long  | expected an integer",
        "service.sticky.cookie.samesite | loose | must be none, lax or strict",
        "service.stickiness            | true  | unknown annotation",
    })
    void badServiceAnnotationDisablesTheRoutersUsingIt(String annotation, String value, String reason) throws Exception {
        DynamicConfig c = translate(annotatedWhoami(annotation + ": \"" + value + "\"") + ingress("s", "s.com", "/", "Prefix"));

        assertEquals(1, c.problems().size(), messages(c));
        Problem p = c.problems().get(0);
        assertEquals("default-s-s-com@kubernetes", p.element());
        assertTrue(p.message().contains("Service default/whoami"), p.message());
        assertTrue(p.message().contains("traefik.ingress.kubernetes.io/" + annotation), p.message());
        assertTrue(p.message().contains(reason), p.message());
    }

    // ---- TLS -------------------------------------------------------------------------------------

    /** Seed 004's "Using a secret" example (Secret put in the Ingress's namespace, as kubectl -n would). */
    static final String SEED_TLS = """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata:
              name: foo
              namespace: production

            spec:
              rules:
              - host: example.net
                http:
                  paths:
                  - path: /bar
                    pathType: Exact
                    backend:
                      service:
                        name:  service1
                        port:
                          number: 80
              # Only selects which certificate(s) should be loaded from the secret, in order to terminate TLS.
              # Doesn't enable TLS for that ingress (hence for the underlying router).
              # Please see the TLS annotations on ingress made for that purpose.
              tls:
              - secretName: supersecret
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: supersecret
              namespace: production

            data:
              tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0=
              tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCi0tLS0tRU5EIFBSSVZBVEUgS0VZLS0tLS0=
            ---
            """;

    static final String SERVICE1 = """
            apiVersion: v1
            kind: Service
            metadata: {name: service1, namespace: production}
            spec: {ports: [{port: 80}]}
            ---
            apiVersion: v1
            kind: Endpoints
            metadata: {name: service1, namespace: production}
            subsets: [{addresses: [{ip: 10.1.0.1}], ports: [{port: 8080}]}]
            ---
            """;

    /** Seed 004's Secret with a real pair in place of its empty PEM blocks. */
    private static String seedTlsWith(TestCertificates.Issued pair) {
        return SEED_TLS.replaceAll("tls.crt: .*", "tls.crt: " + TestCertificates.base64(pair.certificatePem()))
                .replaceAll("tls.key: .*", "tls.key: " + TestCertificates.base64(pair.privateKeyPem()));
    }

    @Test
    void tlsSecretBecomesACertificateWithoutTurningTlsOn() throws Exception {
        TestCertificates.Issued pair = TestCertificates.issue(TestCertificates.ca("Ingress CA"), "example.net", false, "example.net");
        DynamicConfig c = translate(SERVICE1 + seedTlsWith(pair));

        assertEquals(List.of(), c.problems());
        assertEquals(1, c.tls().certificates().size());
        TlsCertificate cert = c.tls().certificates().get(0);
        assertEquals(pair.certificatePem(), cert.certificatePem());
        assertEquals(pair.privateKeyPem(), cert.keyPem());
        assertEquals("Secret production/supersecret", cert.source().toString());
        assertEquals(List.of(), cert.stores());
        RouterConfig r = c.routers().get("production-foo-example-net-bar@kubernetes");
        assertEquals("Host(`example.net`) && Path(`/bar`)", r.rule());
        assertNull(r.tls(), "spec.tls only selects certificates (seed 004)");
    }

    @Test
    void missingTlsSecretOrKeyIsAProblemButTheRoutersStay() throws Exception {
        DynamicConfig missing = translate(SERVICE1 + SEED_TLS.replace("name: supersecret\n", "name: othersecret\n"));
        assertEquals(1, missing.problems().size(), messages(missing));
        assertEquals("Ingress production/foo", missing.problems().get(0).object().toString());
        assertTrue(missing.problems().get(0).message().contains("spec.tls[0].secretName: Secret production/supersecret not found"),
                messages(missing));
        assertTrue(missing.routers().containsKey("production-foo-example-net-bar@kubernetes"));
        assertEquals(List.of(), missing.tls().certificates());

        DynamicConfig noKey = translate(SERVICE1 + SEED_TLS.replaceAll("  tls.key: .*\n", ""));
        assertTrue(messages(noKey).contains("has no key tls.key"), messages(noKey));

        // The seed's Secret as written: its PEM blocks are empty, nothing can be served from them.
        DynamicConfig empty = translate(SERVICE1 + SEED_TLS);
        assertTrue(messages(empty).contains("spec.tls[0].secretName: Secret production/supersecret: tls.crt: invalid certificate"),
                messages(empty));
        assertEquals(List.of(), empty.tls().certificates());
        assertTrue(empty.routers().containsKey("production-foo-example-net-bar@kubernetes"));

        TestCertificates.Issued ca = TestCertificates.ca("Ingress CA");
        DynamicConfig expired = translate(SERVICE1 + seedTlsWith(TestCertificates.expired(ca, "example.net", "example.net")));
        assertEquals(1, expired.tls().certificates().size(), "an expired certificate is served anyway");
        assertTrue(expired.problems().get(0).isWarning(), messages(expired));
        assertTrue(messages(expired).contains("Secret production/supersecret: the certificate expired at"), messages(expired));
    }

    @Test
    void seedTlsAnnotationExampleTurnsTlsOnWithDefaults() throws Exception {
        // router.tls is unquoted in the seed: YAML reads it as a boolean, and it must still work.
        DynamicConfig c = translate(WHOAMI + SEED_INGRESS.replace("router.entrypoints: web",
                "router.entrypoints: websecure\n    traefik.ingress.kubernetes.io/router.tls: true"));

        assertEquals(List.of(), c.problems());
        for (RouterConfig r : c.routers().values()) {
            assertEquals(RouterTls.DEFAULT, r.tls());
            assertEquals(List.of("websecure"), r.entryPoints());
        }
        assertEquals(2, c.routers().size());
    }

    @Test
    void v1beta1ShapeOfTheSeedIsRead() throws Exception {
        DynamicConfig c = translate(WHOAMI + Manifests.seedExample("004_0100", 0));

        assertEquals(List.of(), c.problems());
        assertEquals("Host(`example.com`) && PathPrefix(`/bar`)", c.routers().get("default-myingress-example-com-bar@kubernetes").rule());
        assertEquals("default-whoami-80@kubernetes", c.routers().get("default-myingress-example-com-foo@kubernetes").service());
    }

    @Test
    void v1beta1DefaultBackendOfTheSeedNamesItsMisspelledPort() throws Exception {
        // The seed's v1beta1 tab writes serverPort for servicePort: the default router is disabled, saying why.
        DynamicConfig c = translate(WHOAMI.replace("whoami", "stilton") + Manifests.seedExample("004_0950", 0));

        assertEquals(1, c.problems().size(), messages(c));
        assertEquals("default-router@kubernetes", c.problems().get(0).element());
        assertEquals("spec.defaultBackend.servicePort: is required (found unknown key serverPort)", c.problems().get(0).message());

        DynamicConfig fixed = translate(WHOAMI.replace("whoami", "stilton") + """
                apiVersion: networking.k8s.io/v1beta1
                kind: Ingress
                metadata: {name: cheese}
                spec:
                  backend: {serviceName: stilton, servicePort: 80}
                """);
        assertEquals(List.of(), fixed.problems());
        assertEquals(2, ((LoadBalancer) fixed.services().get("default-backend@kubernetes")).servers().size());
    }

    @Test
    void ingressWithNeitherRulesNorDefaultBackendIsAProblem() throws Exception {
        DynamicConfig c = translate("""
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: empty}
                spec: {}
                """);

        assertEquals(List.of(), List.copyOf(c.routers().keySet()));
        assertTrue(messages(c).contains("Ingress default/empty: spec: an Ingress needs rules or a defaultBackend"), messages(c));
    }
}
