package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TraefikService weighted from manifests, through real sockets: seed 003's canary and three nested levels. */
class WeightedServiceTest {

    static WhoamiServer a;
    static WhoamiServer b;
    static WhoamiServer c;
    static WhoamiServer d;

    @BeforeAll
    static void backends() throws Exception {
        a = WhoamiServer.start("127.0.0.1", 0, "a");
        b = WhoamiServer.start("127.0.0.1", 0, "b");
        c = WhoamiServer.start("127.0.0.1", 0, "c");
        d = WhoamiServer.start("127.0.0.1", 0, "d");
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        c.close();
        d.close();
    }

    /** A Service on port 8080 in namespace production, backed by one whoami. */
    static String service(String name, WhoamiServer backend) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: %s, namespace: production}
                spec:
                  ports: [{name: http, port: 8080}]
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: %s, namespace: production}
                subsets: [{addresses: [{ip: 127.0.0.1}], ports: [{name: http, port: %d}]}]
                ---
                """.formatted(name, name, backend.port());
    }

    static Map<String, Integer> spread(JetwayHarness jw, String host, int requests) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < requests; i++) {
            ContentResponse r = jw.get(host, "/");
            counts.merge(r.getStatus() == 200 ? r.getHeaders().get("X-Whoami-Name") : String.valueOf(r.getStatus()), 1, Integer::sum);
        }
        return counts;
    }

    @Test
    void seedCanaryGivesNinetyTenOverTenThousandRequests(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        // Seed 003's TraefikService as written; its route on the plain entry point (TLS is another issue).
        Files.writeString(manifests.resolve("canary.yaml"), service("api-stable", a) + service("api-canary", b) + Manifests.seedExample("003_0245", 0) + "---\n" + """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata:
                  name: api-canary-route
                  namespace: production
                spec:
                  entryPoints:
                    - web
                  routes:
                    - match: Host(`api.example.com`)
                      kind: Rule
                      services:
                        - name: api-weighted
                          kind: TraefikService
                """);
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            Map<String, Integer> counts = spread(jw, "api.example.com", 10_000);
            int stable = counts.getOrDefault("a", 0);
            assertEquals(10_000, stable + counts.getOrDefault("b", 0), counts.toString());
            assertTrue(Math.abs(stable - 9_000) <= 200, "90% +- 2%: " + counts);
        }
    }

    @Test
    void threeNestedLevelsMultiplyTheirWeights(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        // top: {middle: 1, svc-c: 1}; middle: {bottom: 3, svc-b: 1}; bottom: {svc-a: 1, svc-d: 1}
        Files.writeString(manifests.resolve("nested.yaml"), service("svc-a", a) + service("svc-b", b)
                + service("svc-c", c) + service("svc-d", d) + """
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: top, namespace: production}
                spec:
                  weighted:
                    services:
                      - {name: middle, kind: TraefikService, weight: 1}
                      - {name: svc-c, port: 8080, weight: 1}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: middle, namespace: production}
                spec:
                  weighted:
                    services:
                      - {name: bottom, kind: TraefikService, weight: 3}
                      - {name: svc-b, port: 8080, weight: 1}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: bottom, namespace: production}
                spec:
                  weighted:
                    services:
                      - {name: svc-a, port: 8080, weight: 1}
                      - {name: svc-d, port: 8080, weight: 1}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: nested, namespace: production}
                spec:
                  routes:
                    - match: Host(`nested.localhost`)
                      services: [{name: top, kind: TraefikService}]
                """);
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            // Over whole cycles the shares are exact: c 1/2, b 1/8, a and d 3/16 each.
            assertEquals(Map.of("a", 300, "b", 200, "c", 800, "d", 300), spread(jw, "nested.localhost", 1_600));
        }
    }
}
