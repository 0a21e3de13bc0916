package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.jetway.e2e.MiddlewareHarness.requestLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IngressRoute parentRefs: a parent's middlewares run, then its children's rules pick the service. */
class MultiLayerRoutingTest {

    static WhoamiServer admin;
    static WhoamiServer user;

    @BeforeAll
    static void backends() throws Exception {
        admin = WhoamiServer.start("127.0.0.1", 0, "admin");
        user = WhoamiServer.start("127.0.0.1", 0, "user");
    }

    @AfterAll
    static void stop() {
        admin.close();
        user.close();
    }

    static final String PARENT = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: strip-api}
            spec:
              stripPrefix: {prefixes: [/api]}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: api-parent}
            spec:
              entryPoints: [web]
              routes:
              - match: Host(`ml.localhost`) && PathPrefix(`/api`)
                kind: Rule
                middlewares: [{name: strip-api}]
            ---
            """;

    static String child(String name, String match, String service, String extra) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: %s}
                spec:
                  parentRefs: [{name: api-parent}]
                %s  routes:
                  - match: %s
                    services: [{name: %s, port: 80}]
                ---
                """.formatted(name, extra, Manifests.yamlQuote(match), service);
    }

    JetwayHarness start(Path dir, String yaml) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("admin-backend", admin.port())
                + Manifests.service("user-backend", user.port()) + yaml);
        return JetwayHarness.start(manifests);
    }

    @Test
    void childrenMatchTheRequestAsTheParentsMiddlewaresLeftIt(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = start(dir, PARENT
                + child("api-admin", "Path(`/admin`)", "admin-backend", "")
                + child("api-user", "PathPrefix(`/users`)", "user-backend", ""))) {
            ContentResponse toAdmin = jw.get("ml.localhost", "/api/admin");
            assertEquals("admin", toAdmin.getHeaders().get("X-Whoami-Name"));
            assertEquals("GET /admin HTTP/1.1", requestLine(toAdmin), "the parent's stripPrefix ran first");
            assertEquals("user", jw.get("ml.localhost", "/api/users/7").getHeaders().get("X-Whoami-Name"));

            ContentResponse noChild = jw.get("ml.localhost", "/api/other");
            assertEquals(404, noChild.getStatus(), "no matching child: 404");
            assertEquals(404, jw.get("ml.localhost", "/admin").getStatus(), "children are only reached through the parent");
        }
    }

    @Test
    void childrenAreTriedHighestPriorityFirst(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = start(dir, PARENT
                + child("broad", "PathPrefix(`/`)", "user-backend", "")
                + child("narrow", "PathPrefix(`/admin`)", "admin-backend", ""))) {
            assertEquals("admin", jw.get("ml.localhost", "/api/admin/x").getHeaders().get("X-Whoami-Name"),
                    "the longer rule has the higher default priority");
            assertEquals("user", jw.get("ml.localhost", "/api/else").getHeaders().get("X-Whoami-Name"));
        }
    }

    @Test
    void aChildWithEntryPointsOrAMissingParentIsAnError(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = start(dir, PARENT
                + child("with-ep", "Path(`/ep`)", "admin-backend", "  entryPoints: [web]\n")
                + child("good", "Path(`/good`)", "user-backend", "")
                + """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: orphan}
                spec:
                  parentRefs: [{name: nobody}]
                  routes:
                  - match: Path(`/orphan`)
                    services: [{name: user-backend, port: 80}]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: elsewhere}
                spec:
                  parentRefs: [{name: api-parent, namespace: other}]
                  routes:
                  - match: Path(`/x`)
                    services: [{name: user-backend, port: 80}]
                """)) {
            assertEquals(200, jw.get("ml.localhost", "/api/good").getStatus());
            assertEquals(404, jw.get("ml.localhost", "/api/ep").getStatus());
            String statuses = jw.server.routerStatuses().toString();
            assertTrue(statuses.contains("an IngressRoute with parentRefs must not set entryPoints"), statuses);
            assertTrue(statuses.contains("parent IngressRoute default/nobody not found"), statuses);
            assertTrue(statuses.contains("cross-namespace reference from namespace default is not allowed"), statuses);
        }
    }

    @Test
    void aParentWithoutChildrenOrWithAServiceIsAnError(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = start(dir, """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: lonely}
                spec:
                  routes:
                  - match: Host(`lonely.localhost`)
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: api-parent}
                spec:
                  routes:
                  - match: Host(`ml.localhost`)
                    services: [{name: admin-backend, port: 80}]
                ---
                """ + child("kid", "Path(`/kid`)", "user-backend", ""))) {
            assertEquals(404, jw.get("lonely.localhost", "/").getStatus());
            assertEquals(404, jw.get("ml.localhost", "/kid").getStatus());
            String statuses = jw.server.routerStatuses().toString();
            assertTrue(statuses.contains("the router has no service and no child router"), statuses);
            assertTrue(statuses.contains("a parent router must not have a service"), statuses);
        }
    }

    @Test
    void severalParentsShareAChildAndNestingGoesDeeper(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = start(dir, """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: strip-v1}
                spec:
                  stripPrefix: {prefixes: [/v1]}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: parent-one}
                spec:
                  routes:
                  - match: Host(`one.localhost`)
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: parent-two}
                spec:
                  routes:
                  - match: Host(`two.localhost`)
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: middle}
                spec:
                  parentRefs: [{name: parent-one}, {name: parent-two}]
                  routes:
                  - match: PathPrefix(`/v1`)
                    middlewares: [{name: strip-v1}]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: leaf}
                spec:
                  parentRefs: [{name: middle}]
                  routes:
                  - match: Path(`/item`)
                    services: [{name: admin-backend, port: 80}]
                """)) {
            ContentResponse viaOne = jw.get("one.localhost", "/v1/item");
            assertEquals("admin", viaOne.getHeaders().get("X-Whoami-Name"), viaOne.getContentAsString());
            assertEquals("GET /item HTTP/1.1", requestLine(viaOne));
            assertEquals("admin", jw.get("two.localhost", "/v1/item").getHeaders().get("X-Whoami-Name"));
        }
    }

    @Test
    void aParentRefsCycleIsAnErrorNotAHang(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = start(dir, """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: a}
                spec:
                  parentRefs: [{name: b}]
                  routes:
                  - match: Path(`/a`)
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: b}
                spec:
                  parentRefs: [{name: a}]
                  routes:
                  - match: Path(`/b`)
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: fine}
                spec:
                  routes:
                  - match: Host(`fine.localhost`)
                    services: [{name: user-backend, port: 80}]
                """)) {
            assertEquals(200, jw.get("fine.localhost", "/").getStatus());
            String statuses = jw.server.routerStatuses().toString();
            assertTrue(statuses.contains("parentRefs cycle"), statuses);
        }
    }

    /** Seed 000's "Authentication-Based Routing Example", the manifests exactly as written. */
    @Test
    void seedAuthenticationBasedRoutingSendsEachUserToItsBackend(@TempDir Path dir) throws Exception {
        // The seed's Secret and Middleware (shared with BasicAuthTest), then its three IngressRoutes.
        String seed = BasicAuthTest.SEED_000 + "---\n" + Manifests.seedExample("000_0650", 2, 3, 4);
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("admin-backend", admin.port())
                + Manifests.service("user-backend", user.port()) + seed);
        try (JetwayHarness jw = JetwayHarness.start(manifests, "--entrypoints.websecure.address=127.0.0.1:0")) {
            String url = "http://127.0.0.1:" + jw.server.port("websecure") + "/api";
            ContentResponse asAdmin = jw.client.newRequest(url).headers(h -> h.put("Host", "api.docker.localhost")
                    .put("Authorization", basic("admin", "test"))).send();
            assertEquals(200, asAdmin.getStatus(), asAdmin.getContentAsString());
            assertEquals("admin", asAdmin.getHeaders().get("X-Whoami-Name"));
            ContentResponse asUser = jw.client.newRequest(url).headers(h -> h.put("Host", "api.docker.localhost")
                    .put("Authorization", basic("user", "test"))).send();
            assertEquals("user", asUser.getHeaders().get("X-Whoami-Name"));
            ContentResponse anonymous = jw.client.newRequest(url).headers(h -> h.put("Host", "api.docker.localhost")).send();
            assertEquals(401, anonymous.getStatus(), "the parent's basicAuth runs before any child");
            ContentResponse spoofed = jw.client.newRequest(url).headers(h -> h.put("Host", "api.docker.localhost")
                    .put("Authorization", basic("user", "test")).put("X-Auth-User", "admin")).send();
            assertEquals("user", spoofed.getHeaders().get("X-Whoami-Name"), "the header is the authenticated user's, not the client's");
            String warnings = jw.server.routerStatuses().toString();
            assertTrue(warnings.contains("HeadersRegexp is v2 syntax"), warnings);
        }
    }

    static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
