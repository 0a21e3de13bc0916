package io.jetway.e2e;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonValue;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The management API on the entry point traefik (--api.insecure): whole documents for a fixed
 * configuration, paging and filters, errors, secrets left out; /ping beside it.
 */
class ManagementApiTest {

    /** admin's password is "test" (seed 000's hash). */
    static final String MANIFESTS = """
            apiVersion: v1
            kind: Secret
            metadata: {name: dashboard-users, namespace: default}
            stringData:
              users: |
                admin:$apr1$DmXR3Add$wfdbGw6RWIhFb0ffXMM4d0
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: dashboard-auth, namespace: default}
            spec:
              basicAuth:
                secret: dashboard-users
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: strip, namespace: default}
            spec:
              stripPrefix:
                prefixes: [/app]
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: app, namespace: default}
            spec:
              entryPoints: [web]
              routes:
                - match: Host(`app.example.com`) && PathPrefix(`/app`)
                  kind: Rule
                  middlewares:
                    - name: strip
                  services:
                    - name: whoami
                      port: 80
                - match: Host(`broken.example.com`)
                  kind: Rule
                  middlewares:
                    - name: missing-middleware
                  services:
                    - name: whoami
                      port: 80
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: dashboard, namespace: default}
            spec:
              entryPoints: [web]
              routes:
                - match: Host(`traefik.example.com`) && (PathPrefix(`/api`) || PathPrefix(`/dashboard`))
                  kind: Rule
                  services:
                    - name: api@internal
                      kind: TraefikService
                  middlewares:
                    - name: dashboard-auth
            ---
            """;

    static JetwayHarness jetway;
    /** Router names by their rule's host (the hashes are the translator's business). */
    static Map<String, String> routerByHost;

    @BeforeAll
    static void start() throws Exception {
        Path manifests = Files.createTempDirectory("api-manifests");
        Files.writeString(manifests.resolve("all.yaml"), Manifests.service("whoami", 8081) + MANIFESTS);
        jetway = JetwayHarness.start(manifests, "--api.insecure", "--ping", "--entrypoints.traefik.address=127.0.0.1:0");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (jetway.server.routingTable().config().routers().size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        routerByHost = jetway.server.routingTable().config().routers().values().stream().collect(Collectors.toMap(
                r -> r.rule().substring(r.rule().indexOf('`') + 1, r.rule().indexOf('.')), r -> r.name()));
        assertEquals(3, routerByHost.size(), routerByHost.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetway != null) {
            jetway.close();
        }
    }

    static ContentResponse management(String path) throws Exception {
        return jetway.client.newRequest("http://127.0.0.1:" + jetway.server.port("traefik") + path)
                .timeout(10, TimeUnit.SECONDS).send();
    }

    static JsonValue json(String text) {
        return Json.createReader(new StringReader(text)).readValue();
    }

    /** The expected document with the routers' generated names filled in. */
    static JsonValue expected(String template) {
        String text = template;
        for (var e : routerByHost.entrySet()) {
            text = text.replace("{" + e.getKey() + "}", e.getValue().substring(0, e.getValue().indexOf('@')));
        }
        return json(text);
    }

    static JsonValue getJson(String path) throws Exception {
        ContentResponse r = management(path);
        assertEquals(200, r.getStatus(), path + ": " + r.getContentAsString());
        assertTrue(r.getMediaType().startsWith("application/json"), r.getMediaType());
        return json(r.getContentAsString());
    }

    @Test
    void rawDataIsTheWholeRuntimeConfiguration() throws Exception {
        assertEquals(expected("""
                {
                  "routers": {
                    "{app}@kubernetescrd": {
                      "entryPoints": ["web"], "middlewares": ["default-strip@kubernetescrd"],
                      "service": "{app}", "rule": "Host(`app.example.com`) && PathPrefix(`/app`)", "priority": 45,
                      "status": "enabled", "using": ["web"]
                    },
                    "{broken}@kubernetescrd": {
                      "entryPoints": ["web"], "middlewares": ["default-missing-middleware@kubernetescrd"],
                      "service": "{broken}", "rule": "Host(`broken.example.com`)", "priority": 26,
                      "error": ["middleware \\"default-missing-middleware@kubernetescrd\\" does not exist"],
                      "status": "disabled", "using": ["web"]
                    },
                    "{traefik}@kubernetescrd": {
                      "entryPoints": ["web"], "middlewares": ["default-dashboard-auth@kubernetescrd"],
                      "service": "api@internal",
                      "rule": "Host(`traefik.example.com`) && (PathPrefix(`/api`) || PathPrefix(`/dashboard`))",
                      "priority": 79, "status": "enabled", "using": ["web"]
                    }
                  },
                  "middlewares": {
                    "default-dashboard-auth@kubernetescrd": {
                      "basicAuth": {"secret": "dashboard-users", "users": ["REDACTED"]},
                      "status": "enabled", "usedBy": ["{traefik}@kubernetescrd"]
                    },
                    "default-strip@kubernetescrd": {
                      "stripPrefix": {"prefixes": ["/app"]},
                      "status": "enabled", "usedBy": ["{app}@kubernetescrd"]
                    }
                  },
                  "services": {
                    "api@internal": {"status": "enabled", "usedBy": ["{traefik}@kubernetescrd"]},
                    "dashboard@internal": {"status": "enabled"},
                    "noop@internal": {"status": "enabled"},
                    "ping@internal": {"status": "enabled"},
                    "{app}@kubernetescrd": {
                      "loadBalancer": {
                        "servers": [{"url": "http://127.0.0.1:8081"}], "strategy": "wrr", "passHostHeader": true,
                        "responseForwarding": {"flushInterval": "100ms"}
                      },
                      "status": "enabled", "usedBy": ["{app}@kubernetescrd"],
                      "serverStatus": {"http://127.0.0.1:8081": "UP"}
                    },
                    "{broken}@kubernetescrd": {
                      "loadBalancer": {
                        "servers": [{"url": "http://127.0.0.1:8081"}], "strategy": "wrr", "passHostHeader": true,
                        "responseForwarding": {"flushInterval": "100ms"}
                      },
                      "status": "enabled", "usedBy": ["{broken}@kubernetescrd"],
                      "serverStatus": {"http://127.0.0.1:8081": "UP"}
                    }
                  }
                }
                """), getJson("/api/rawdata"));
    }

    @Test
    void oneRouterAddsItsNameAndProvider() throws Exception {
        String name = routerByHost.get("broken");
        assertEquals(expected("""
                {
                  "entryPoints": ["web"], "middlewares": ["default-missing-middleware@kubernetescrd"],
                  "service": "{broken}", "rule": "Host(`broken.example.com`)", "priority": 26,
                  "error": ["middleware \\"default-missing-middleware@kubernetescrd\\" does not exist"],
                  "status": "disabled", "using": ["web"], "name": "{broken}@kubernetescrd", "provider": "kubernetescrd"
                }
                """), getJson("/api/http/routers/" + name));
    }

    @Test
    void oneServiceAddsItsNameProviderAndType() throws Exception {
        assertEquals(expected("""
                {
                  "loadBalancer": {
                    "servers": [{"url": "http://127.0.0.1:8081"}], "strategy": "wrr", "passHostHeader": true,
                    "responseForwarding": {"flushInterval": "100ms"}
                  },
                  "status": "enabled", "usedBy": ["{app}@kubernetescrd"],
                  "serverStatus": {"http://127.0.0.1:8081": "UP"},
                  "name": "{app}@kubernetescrd", "provider": "kubernetescrd", "type": "loadbalancer"
                }
                """), getJson("/api/http/services/" + routerByHost.get("app")));
        assertEquals(json("""
                {"status": "enabled", "usedBy": ["%s"], "name": "api@internal", "provider": "internal"}
                """.formatted(routerByHost.get("traefik"))), getJson("/api/http/services/api@internal"));
    }

    @Test
    void middlewaresHideTheirSecrets() throws Exception {
        assertEquals(expected("""
                {
                  "basicAuth": {"secret": "dashboard-users", "users": ["REDACTED"]},
                  "status": "enabled", "usedBy": ["{traefik}@kubernetescrd"],
                  "name": "default-dashboard-auth@kubernetescrd", "provider": "kubernetescrd", "type": "basicauth"
                }
                """), getJson("/api/http/middlewares/default-dashboard-auth@kubernetescrd"));
        for (String path : List.of("/api/rawdata", "/api/http/middlewares")) {
            assertFalse(management(path).getContentAsString().contains("$apr1$"), path);
        }
    }

    @Test
    void overviewCountsByStatus() throws Exception {
        assertEquals(json("""
                {
                  "http": {
                    "routers": {"total": 3, "warnings": 0, "errors": 1},
                    "services": {"total": 6, "warnings": 0, "errors": 0},
                    "middlewares": {"total": 2, "warnings": 0, "errors": 0}
                  },
                  "tcp": {
                    "routers": {"total": 0, "warnings": 0, "errors": 0},
                    "services": {"total": 0, "warnings": 0, "errors": 0},
                    "middlewares": {"total": 0, "warnings": 0, "errors": 0}
                  },
                  "udp": {
                    "routers": {"total": 0, "warnings": 0, "errors": 0},
                    "services": {"total": 0, "warnings": 0, "errors": 0}
                  },
                  "features": {"tracing": "", "metrics": "", "accessLog": false},
                  "providers": ["File"]
                }
                """), getJson("/api/overview"));
    }

    @Test
    void entryPointsAsConfigured() throws Exception {
        assertEquals(json("""
                [{"address": "127.0.0.1:0", "http": {}, "name": "web"},
                 {"address": "127.0.0.1:0", "http": {}, "name": "traefik"}]
                """), getJson("/api/entrypoints"));
        assertEquals(json("""
                {"address": "127.0.0.1:0", "http": {}, "name": "traefik"}
                """), getJson("/api/entrypoints/traefik"));
    }

    @Test
    void explainSaysWhichRouterServesAndWhyOthersDidNot() throws Exception {
        var served = getJson("/api/explain?entrypoint=web&url=http://app.example.com/app/x").asJsonObject();
        assertEquals(routerByHost.get("app"), served.getString("router"));
        assertEquals("web", served.getString("entryPoint"));
        var missed = getJson("/api/explain?url=http://app.example.com/other").asJsonObject();
        assertFalse(missed.containsKey("router"), "no router serves it: " + missed);
        String reasons = missed.getJsonArray("skipped").toString();
        assertTrue(reasons.contains("PathPrefix(/app) did not match"), reasons);
        assertEquals(400, management("/api/explain").getStatus(), "url is required");
        assertEquals(400, management("/api/explain?url=http://a/&entrypoint=nope").getStatus());
        assertEquals(400, management("/api/explain?url=http://a/&header=novalue").getStatus());
    }

    @Test
    void versionNamesJetway() throws Exception {
        var version = getJson("/api/version").asJsonObject();
        assertEquals("jetway", version.getString("Codename"));
        assertFalse(version.getString("Version").isEmpty());
        assertTrue(version.getString("startDate").endsWith("Z"), version.toString());
    }

    static List<String> names(JsonValue list) {
        return list.asJsonArray().stream().map(v -> v.asJsonObject().getString("name")).toList();
    }

    @Test
    void listsArePagedByName() throws Exception {
        List<String> all = names(getJson("/api/http/services"));
        assertEquals(6, all.size());
        assertEquals(all.stream().sorted().toList(), all);

        ContentResponse first = management("/api/http/services?per_page=4");
        assertEquals("2", first.getHeaders().get("X-Next-Page"));
        assertEquals(all.subList(0, 4), names(json(first.getContentAsString())));
        ContentResponse second = management("/api/http/services?per_page=4&page=2");
        assertEquals("1", second.getHeaders().get("X-Next-Page"));
        assertEquals(all.subList(4, 6), names(json(second.getContentAsString())));
        assertEquals("1", management("/api/http/services").getHeaders().get("X-Next-Page"));
    }

    @Test
    void filtersBySearchStatusServiceAndMiddleware() throws Exception {
        assertEquals(List.of(routerByHost.get("broken")), names(getJson("/api/http/routers?status=disabled")));
        assertEquals(List.of(routerByHost.get("broken")), names(getJson("/api/http/routers?search=BROKEN.example")));
        assertEquals(List.of(routerByHost.get("traefik")), names(getJson("/api/http/routers?serviceName=api@internal")));
        assertEquals(List.of(routerByHost.get("app")),
                names(getJson("/api/http/routers?middlewareName=default-strip@kubernetescrd")));
        assertEquals(List.of("api@internal", "dashboard@internal", "noop@internal", "ping@internal"),
                names(getJson("/api/http/services?search=@internal")));
        assertEquals(List.of(), names(getJson("/api/http/middlewares?status=disabled")));
        assertEquals(List.of("default-strip@kubernetescrd"), names(getJson("/api/http/middlewares?search=strip")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/api/http/routers?page=0        | invalid request: page: must be a positive integer, got \"0\"",
            "/api/http/routers?per_page=many | invalid request: per_page: must be a positive integer, got \"many\"",
            "/api/http/services?page=3       | invalid request: page: 3, per_page: 100 is past the last item (6)",
            "/api/http/middlewares?status=up | invalid request: status: must be enabled, disabled or warning, got \"up\"",
    })
    void badQueryParametersAre400(String path, String message) throws Exception {
        ContentResponse r = management(path);
        assertEquals(400, r.getStatus());
        assertEquals(json("{\"message\": \"" + message.replace("\"", "\\\"") + "\"}"), json(r.getContentAsString()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/api/nothing                        | not found",
            "/api/http/routers/nope@file         | router not found: nope@file",
            "/api/http/services/nope@file        | service not found: nope@file",
            "/api/http/middlewares/nope@file     | middleware not found: nope@file",
            "/api/entrypoints/nope               | entry point not found: nope",
            "/api/tcp/routers/nope@file          | router not found: nope@file",
    })
    void unknownApiPathsAre404Json(String path, String message) throws Exception {
        ContentResponse r = management(path);
        assertEquals(404, r.getStatus());
        assertEquals(json("{\"message\": \"" + message + "\"}"), json(r.getContentAsString()));
    }

    @Test
    void theApiIsReadOnly() throws Exception {
        ContentResponse r = jetway.client.newRequest("http://127.0.0.1:" + jetway.server.port("traefik") + "/api/rawdata")
                .method("DELETE").timeout(10, TimeUnit.SECONDS).send();
        assertEquals(405, r.getStatus());
        assertTrue(json(r.getContentAsString()).asJsonObject().getString("message").contains("405"), r.getContentAsString());
    }

    @Test
    void layerFourListsAreEmptyUntilItLands() throws Exception {
        for (String path : List.of("/api/tcp/routers", "/api/tcp/services", "/api/tcp/middlewares", "/api/udp/routers",
                "/api/udp/services")) {
            ContentResponse r = management(path);
            assertEquals(200, r.getStatus(), path);
            assertEquals(JsonArray.EMPTY_JSON_ARRAY, json(r.getContentAsString()), path);
            assertEquals("1", r.getHeaders().get("X-Next-Page"), path);
        }
        assertEquals(404, management("/api/udp/middlewares").getStatus());
    }

    @Test
    void managementEntryPointServesOnlyManagementEndpoints() throws Exception {
        ContentResponse ping = management("/ping");
        assertEquals(200, ping.getStatus());
        assertEquals("OK", ping.getContentAsString());
        ContentResponse dashboard = management("/dashboard/");
        assertEquals(200, dashboard.getStatus());
        assertTrue(dashboard.getContentAsString().contains("Jetway"));
        ContentResponse root = management("/");
        assertEquals(302, root.getStatus());
        assertTrue(root.getHeaders().get("Location").endsWith("/dashboard/"), root.getHeaders().get("Location"));
        assertEquals(404, management("/dashboard/nothing.js").getStatus());
        assertEquals(404, management("/dashboard/..%2F..%2FMETA-INF%2Fbeans.xml").getStatus());
        // A router of the web entry point matches any host; the management entry point routes nothing.
        assertEquals(404, management("/app/").getStatus());
    }

    @Test
    void otherEntryPointsReachTheApiOnlyThroughARoute() throws Exception {
        assertEquals(404, jetway.get(null, "/api/rawdata").getStatus());
        assertEquals(404, jetway.get(null, "/ping").getStatus());
        assertEquals(404, jetway.get(null, "/dashboard/").getStatus());
        assertEquals(401, jetway.get("traefik.example.com", "/api/rawdata").getStatus());
    }
}
