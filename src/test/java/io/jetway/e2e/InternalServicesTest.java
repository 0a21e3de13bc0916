package io.jetway.e2e;

import io.jetway.routing.RouterStatus;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.jetway.e2e.BasicAuthTest.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Routes to Jetway's internal services: api@internal behind basicAuth as seed 003 exposes the
 * dashboard (served over plain HTTP here: its TLS section is left out), ping@internal and
 * --ping.entrypoint, and what becomes of such routes when the feature is off.
 */
class InternalServicesTest {

    /** Seed 003's dashboard route, with a dashboard-auth middleware for user admin (password "test"). */
    static final String SEED_003_DASHBOARD = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: dashboard-users
              namespace: traefik
            stringData:
              users: |
                admin:$apr1$DmXR3Add$wfdbGw6RWIhFb0ffXMM4d0
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata:
              name: dashboard-auth
              namespace: traefik
            spec:
              basicAuth:
                secret: dashboard-users
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata:
              name: traefik-dashboard
              namespace: traefik
            spec:
              entryPoints:
                - websecure
              routes:
                - match: Host(`traefik.internal.example.com`) && (PathPrefix(`/api`) || PathPrefix(`/dashboard`))
                  kind: Rule
                  services:
                    - name: api@internal
                      kind: TraefikService
                  middlewares:
                    - name: dashboard-auth
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata:
              name: strip-traefik
              namespace: traefik
            spec:
              stripPrefix:
                prefixes: [/traefik]
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata:
              name: prefixed-api
              namespace: traefik
            spec:
              entryPoints:
                - websecure
              routes:
                - match: Host(`ops.example.com`) && PathPrefix(`/traefik`)
                  kind: Rule
                  services:
                    - name: api@internal
                      kind: TraefikService
                  middlewares:
                    - name: dashboard-auth
                    - name: strip-traefik
            """;

    @TempDir
    Path manifests;

    static ContentResponse get(JetwayHarness h, int port, String host, String path, String authorization) throws Exception {
        var request = h.client.newRequest("http://127.0.0.1:" + port + path).timeout(10, TimeUnit.SECONDS)
                .headers(m -> m.put("Host", host));
        if (authorization != null) {
            request.headers(m -> m.put("Authorization", authorization));
        }
        return request.send();
    }

    @Test
    void seed003DashboardRouteServesTheApiBehindBasicAuth() throws Exception {
        Files.writeString(manifests.resolve("dashboard.yaml"), SEED_003_DASHBOARD);
        try (JetwayHarness h = JetwayHarness.start(manifests, "--api", "--entrypoints.websecure.address=127.0.0.1:0")) {
            int port = h.server.port("websecure");
            String host = "traefik.internal.example.com";
            String admin = basic("admin", "test");
            ContentResponse denied = awaitStatus(h, port, host, "/api/overview", null, 401);
            assertEquals(401, denied.getStatus());

            ContentResponse overview = get(h, port, host, "/api/overview", admin);
            assertEquals(200, overview.getStatus());
            assertTrue(overview.getContentAsString().contains("\"routers\":{\"errors\":0,\"total\":2,\"warnings\":0}"),
                    overview.getContentAsString());
            assertEquals(401, get(h, port, host, "/api/overview", basic("admin", "wrong")).getStatus());

            ContentResponse dashboard = get(h, port, host, "/dashboard/", admin);
            assertEquals(200, dashboard.getStatus());
            assertTrue(dashboard.getContentAsString().contains("Jetway"));
            ContentResponse bare = get(h, port, host, "/dashboard", admin);
            assertEquals(302, bare.getStatus());
            assertTrue(bare.getHeaders().get("Location").endsWith("/dashboard/"));

            ContentResponse unknown = get(h, port, host, "/api/nothing", admin);
            assertEquals(404, unknown.getStatus());
            assertEquals("{\"message\":\"not found\"}", unknown.getContentAsString());

            // The API sees the path as the middlewares left it.
            ContentResponse prefixed = get(h, port, "ops.example.com", "/traefik/api/version", admin);
            assertEquals(200, prefixed.getStatus(), prefixed.getContentAsString());
            assertTrue(prefixed.getContentAsString().contains("\"Codename\":\"jetway\""), prefixed.getContentAsString());
            assertEquals(404, get(h, port, "ops.example.com", "/traefik/elsewhere", admin).getStatus());

            // Nothing else serves it: no route on web, no management entry point, no ping.
            assertEquals(404, h.get(host, "/api/overview").getStatus());
            assertEquals(404, get(h, port, "other.example.com", "/api/overview", admin).getStatus());
            assertEquals(404, get(h, port, host, "/ping", admin).getStatus());
            assertThrows(IllegalArgumentException.class, () -> h.server.port("traefik"));
        }
    }

    static final String PING_AND_API_ROUTES = """
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: health, namespace: default}
            spec:
              entryPoints: [web]
              routes:
                - match: Host(`health.example.com`)
                  kind: Rule
                  services:
                    - name: ping@internal
                      kind: TraefikService
                - match: Host(`api.example.com`)
                  kind: Rule
                  services:
                    - name: api@internal
                      kind: TraefikService
                - match: Host(`noop.example.com`)
                  kind: Rule
                  services:
                    - name: noop@internal
                      kind: TraefikService
            """;

    @Test
    void pingOnAnotherEntryPointAndRoutesToServicesThatAreOff() throws Exception {
        Files.writeString(manifests.resolve("routes.yaml"), PING_AND_API_ROUTES);
        try (JetwayHarness h = JetwayHarness.start(manifests, "--ping.entrypoint=web")) {
            ContentResponse ping = h.get(null, "/ping");
            assertEquals(200, ping.getStatus());
            assertEquals("OK", ping.getContentAsString());
            assertEquals(200, h.request(null, "/ping").method("HEAD").send().getStatus());
            assertThrows(IllegalArgumentException.class, () -> h.server.port("traefik"));

            ContentResponse routedPing = h.awaitResponse("health.example.com", "/ping", r -> r.getStatus() == 200,
                    Duration.ofSeconds(10));
            assertEquals("OK", routedPing.getContentAsString());
            assertEquals(404, h.get("health.example.com", "/elsewhere").getStatus());
            ContentResponse noop = h.get("noop.example.com", "/anything");
            assertEquals(200, noop.getStatus());
            assertEquals("", noop.getContentAsString());

            // --api is off: the route to api@internal is disabled and says why.
            assertEquals(404, h.get("api.example.com", "/api/rawdata").getStatus());
            RouterStatus api = h.server.routerStatuses().stream().filter(s -> s.status().equals(RouterStatus.DISABLED))
                    .findFirst().orElseThrow();
            assertEquals(java.util.List.of("service \"api@internal\" does not exist: the API is not enabled (--api)"), api.errors());
            assertEquals(1, h.server.routerStatuses().stream().filter(s -> s.status().equals(RouterStatus.DISABLED)).count());
        }
    }

    private static ContentResponse awaitStatus(JetwayHarness h, int port, String host, String path, String authorization,
                                               int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        ContentResponse last;
        do {
            last = get(h, port, host, path, authorization);
            if (last.getStatus() == status) {
                return last;
            }
            Thread.sleep(25);
        } while (System.nanoTime() < deadline);
        return last;
    }
}
