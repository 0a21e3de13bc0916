package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kubernetes Ingresses through the file provider with {@code --providers.kubernetesingress}: seed
 * 004's examples as written, routed to real whoami backends (EndpointSlices point at 127.0.0.1).
 */
class IngressEndToEndTest {

    static WhoamiServer whoami;
    static WhoamiServer stilton;
    static WhoamiServer other;

    @BeforeAll
    static void backends() throws Exception {
        whoami = WhoamiServer.start("127.0.0.1", 0, "whoami");
        stilton = WhoamiServer.start("127.0.0.1", 0, "stilton");
        other = WhoamiServer.start("127.0.0.1", 0, "other");
    }

    @AfterAll
    static void stopBackends() {
        whoami.close();
        stilton.close();
        other.close();
    }

    /** An EndpointSlice for a Service's port named http, on 127.0.0.1. */
    static String endpoints(String service, int port) {
        return """
                apiVersion: discovery.k8s.io/v1
                kind: EndpointSlice
                metadata:
                  name: %s-slice
                  labels: {kubernetes.io/service-name: %s}
                addressType: IPv4
                ports: [{name: http, port: %d}]
                endpoints: [{addresses: [127.0.0.1], conditions: {ready: true}}]
                ---
                """.formatted(service, service, port);
    }

    /** A Service (port 80 named http) and its endpoint. */
    static String service(String name, int port, String... annotations) {
        StringBuilder a = new StringBuilder();
        for (String annotation : annotations) {
            a.append("    traefik.ingress.kubernetes.io/").append(annotation).append('\n');
        }
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                %sspec:
                  ports: [{name: http, port: 80}]
                ---
                """.formatted(name, a.isEmpty() ? "" : "  annotations:\n" + a) + endpoints(name, port);
    }

    /** An Ingress with one host and path to a Service's port 80; extra annotation lines as YAML. */
    static String ingress(String name, String host, String path, String pathType, String service, String... annotations) {
        StringBuilder a = new StringBuilder();
        for (String annotation : annotations) {
            a.append("    ").append(annotation).append('\n');
        }
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
                          - {path: %s, pathType: %s, backend: {service: {name: %s, port: {number: 80}}}}
                ---
                """.formatted(name, a.isEmpty() ? "" : "  annotations:\n" + a, host, path, pathType, service);
    }

    /** Seed 004's whoami Service, as written (port 80 named http). */
    static final String SEED_WHOAMI_SERVICE = Manifests.seedExample("004_0174", 1);

    /** Seed 004's first Ingress, as written. */
    static final String SEED_INGRESS = Manifests.seedExample("004_0071", 0);

    /** Seed 004's global default backend Ingress, as written. */
    static final String SEED_CHEESE = Manifests.seedExample("004_0936", 0);

    private static Path manifests(Path dir) throws Exception {
        Path m = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(m.resolve("whoami.yaml"), SEED_WHOAMI_SERVICE + "---\n" + endpoints("whoami", whoami.port()));
        Files.writeString(m.resolve("ingress.yaml"), SEED_INGRESS);
        Files.writeString(m.resolve("stilton.yaml"), service("stilton", stilton.port()));
        Files.writeString(m.resolve("cheese.yaml"), SEED_CHEESE);
        return m;
    }

    private static String name(ContentResponse r) {
        return r.getHeaders().get("X-Whoami-Name");
    }

    @Test
    void seedExamplesRouteWithTheDefaultBackendLast(@TempDir Path dir) throws Exception {
        try (JetwayHarness jetway = JetwayHarness.start(manifests(dir), "--providers.kubernetesingress")) {
            ContentResponse bar = jetway.get("example.com", "/bar");
            assertEquals(200, bar.getStatus());
            assertEquals("whoami", name(bar));
            assertEquals("whoami", name(jetway.get("example.com", "/foo")));
            // Exact paths: anything else falls through to the global default backend.
            assertEquals("stilton", name(jetway.get("example.com", "/bar/more")));
            assertEquals("stilton", name(jetway.get("unknown.example", "/anything")));

            Files.delete(jetway.manifests.resolve("cheese.yaml"));
            assertEquals(404, jetway.awaitResponse("unknown.example", "/anything", r -> r.getStatus() == 404,
                    Duration.ofSeconds(10)).getStatus());
            assertEquals("whoami", name(jetway.get("example.com", "/bar")));
        }
    }

    @Test
    void ingressesAreIgnoredWithoutTheProviderFlag(@TempDir Path dir) throws Exception {
        try (JetwayHarness jetway = JetwayHarness.start(manifests(dir))) {
            assertEquals(404, jetway.get("example.com", "/bar").getStatus());
            assertEquals(404, jetway.get("unknown.example", "/").getStatus());
        }
    }

    static final String CLASSES = """
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata: {name: jetway}
            spec: {controller: traefik.io/ingress-controller}
            ---
            apiVersion: networking.k8s.io/v1
            kind: IngressClass
            metadata: {name: nginx}
            spec: {controller: k8s.io/ingress-nginx}
            ---
            """;

    private static Path classManifests(Path dir) throws Exception {
        Path m = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(m.resolve("all.yaml"), CLASSES + service("whoami", whoami.port())
                + ingress("ours", "ours.test", "/", "Prefix", "whoami").replace("spec:\n  rules:", "spec:\n  ingressClassName: jetway\n  rules:")
                + ingress("theirs", "theirs.test", "/", "Prefix", "whoami").replace("spec:\n  rules:", "spec:\n  ingressClassName: nginx\n  rules:")
                + ingress("classless", "classless.test", "/", "Prefix", "whoami")
                + ingress("annotated", "annotated.test", "/", "Prefix", "whoami", "kubernetes.io/ingress.class: jetway")
                + ingress("legacy", "legacy.test", "/", "Prefix", "whoami", "kubernetes.io/ingress.class: traefik"));
        return m;
    }

    @Test
    void ingressClassSelectsWhatIsServed(@TempDir Path dir) throws Exception {
        Path m = classManifests(dir);
        try (JetwayHarness jetway = JetwayHarness.start(m, "--providers.kubernetesingress")) {
            assertEquals(200, jetway.get("ours.test", "/").getStatus());
            assertEquals(404, jetway.get("theirs.test", "/").getStatus(), "another controller's class");
            assertEquals(200, jetway.get("classless.test", "/").getStatus(), "no class: handled when no class is configured");
            assertEquals(404, jetway.get("annotated.test", "/").getStatus(), "the annotation must equal the configured class");
            assertEquals(200, jetway.get("legacy.test", "/").getStatus());
        }
        try (JetwayHarness jetway = JetwayHarness.start(m, "--providers.kubernetesingress.ingressclass=jetway")) {
            assertEquals(200, jetway.get("ours.test", "/").getStatus());
            assertEquals(404, jetway.get("theirs.test", "/").getStatus());
            assertEquals(404, jetway.get("classless.test", "/").getStatus(), "no class: not handled once a class is configured");
            assertEquals(200, jetway.get("annotated.test", "/").getStatus());
            assertEquals(404, jetway.get("legacy.test", "/").getStatus());
        }
    }

    @Test
    void annotationsShapeTheRoutersAndServices(@TempDir Path dir) throws Exception {
        Path m = Files.createDirectories(dir.resolve("annotations"));
        Files.writeString(m.resolve("services.yaml"), service("whoami", whoami.port())
                + service("other", other.port(),
                        "service.passhostheader: \"false\"",
                        "service.sticky.cookie: \"true\"",
                        "service.sticky.cookie.name: pinned",
                        "service.sticky.cookie.httponly: \"true\"")
                + """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: strip}
                spec: {stripPrefix: {prefixes: [/api]}}
                ---
                """);
        Files.writeString(m.resolve("ingresses.yaml"),
                ingress("stripped", "mw.test", "/api", "Prefix", "whoami",
                        "traefik.ingress.kubernetes.io/router.middlewares: default-strip@kubernetescrd")
                + ingress("low", "prio.test", "/", "Prefix", "whoami", "traefik.ingress.kubernetes.io/router.priority: \"1\"")
                + ingress("high", "prio.test", "/", "Prefix", "other", "traefik.ingress.kubernetes.io/router.priority: \"100\"")
                + ingress("elsewhere", "ep.test", "/", "Prefix", "whoami", "traefik.ingress.kubernetes.io/router.entrypoints: admin")
                + ingress("exact", "pm.test", "/exact", "ImplementationSpecific", "whoami",
                        "traefik.ingress.kubernetes.io/router.pathmatcher: Path")
                + ingress("broken", "broken.test", "/", "Prefix", "whoami", "traefik.ingress.kubernetes.io/router.priority: high")
                + ingress("nosvc", "nosvc.test", "/", "Prefix", "missing"));
        try (JetwayHarness jetway = JetwayHarness.start(m, "--providers.kubernetesingress")) {
            ContentResponse stripped = jetway.get("mw.test", "/api/items");
            assertEquals(200, stripped.getStatus());
            assertTrue(stripped.getContentAsString().contains("GET /items "), "a CRD middleware named from an Ingress runs: "
                    + stripped.getContentAsString());

            ContentResponse prio = jetway.get("prio.test", "/");
            assertEquals("other", name(prio), "router.priority 100 beats 1");
            assertTrue(prio.getContentAsString().contains("Host: 127.0.0.1:" + other.port()),
                    "service.passhostheader=false sends the server's address: " + prio.getContentAsString());
            String cookie = prio.getHeaders().get("Set-Cookie");
            assertNotNull(cookie, "service.sticky.cookie sets a cookie");
            assertTrue(cookie.startsWith("pinned="), cookie);
            assertTrue(cookie.contains("HttpOnly"), cookie);

            assertEquals(404, jetway.get("ep.test", "/").getStatus(), "router.entrypoints keeps it off web");
            assertEquals(200, jetway.get("pm.test", "/exact").getStatus());
            assertEquals(404, jetway.get("pm.test", "/exact/sub").getStatus(), "router.pathmatcher Path is exact");
            assertEquals(404, jetway.get("broken.test", "/").getStatus(), "a bad annotation skips its Ingress");
            assertEquals(404, jetway.get("nosvc.test", "/").getStatus(), "a missing Service gives 404, as in Traefik");
            assertEquals(200, jetway.get("mw.test", "/api").getStatus(), "the others keep serving");
        }
    }

    @Test
    void serviceWithoutEndpointsIs404Or503WithAllowEmptyServices(@TempDir Path dir) throws Exception {
        Path m = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(m.resolve("all.yaml"), """
                apiVersion: v1
                kind: Service
                metadata: {name: idle}
                spec: {ports: [{name: http, port: 80}]}
                ---
                """ + ingress("idle", "idle.test", "/", "Prefix", "idle"));
        try (JetwayHarness jetway = JetwayHarness.start(m, "--providers.kubernetesingress")) {
            assertEquals(404, jetway.get("idle.test", "/").getStatus());
        }
        try (JetwayHarness jetway = JetwayHarness.start(m, "--providers.kubernetesingress.allowemptyservices")) {
            assertEquals(503, jetway.get("idle.test", "/").getStatus());
        }
    }

    @Test
    void ingressesAndIngressRoutesServeSideBySide(@TempDir Path dir) throws Exception {
        Path m = Files.createDirectories(dir.resolve("both"));
        Files.writeString(m.resolve("all.yaml"), service("whoami", whoami.port()) + service("other", other.port())
                + ingress("web", "both.test", "/ingress", "Prefix", "whoami")
                + Manifests.route("crd", "Host(`both.test`) && PathPrefix(`/crd`)", "other"));
        try (JetwayHarness jetway = JetwayHarness.start(m, "--providers.kubernetesingress")) {
            assertEquals("whoami", name(jetway.get("both.test", "/ingress")));
            assertEquals("other", name(jetway.get("both.test", "/crd")));
        }
    }
}
