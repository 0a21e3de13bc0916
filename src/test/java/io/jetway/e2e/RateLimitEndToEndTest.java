package io.jetway.e2e;

import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** rateLimit through Jetway: exact admissions under concurrency, 429 with Retry-After, sources, reloads. */
class RateLimitEndToEndTest {

    /** One token an hour: nothing refills during the test, so the burst is exactly what gets through. */
    private static final String HOURLY = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: limit}
            spec:
              rateLimit: {average: 1, period: 1h, burst: %d%s}
            """;

    @Test
    void concurrentClientsGetExactlyTheBurstThenTooManyRequestsWithRetryAfter(@TempDir Path dir) throws Exception {
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, HOURLY.formatted(3, ""),
                Manifests.appRoute("app.localhost", "{name: limit}"))) {
            List<ContentResponse> responses = concurrently(10, () -> h.get("app.localhost", "/"));
            List<ContentResponse> admitted = responses.stream().filter(r -> r.getStatus() == 200).toList();
            List<ContentResponse> limited = responses.stream().filter(r -> r.getStatus() == 429).toList();
            assertEquals(3, admitted.size());
            assertEquals(7, limited.size());
            for (ContentResponse r : limited) {
                long retryAfter = Long.parseLong(r.getHeaders().get("Retry-After"));
                assertTrue(retryAfter >= 1 && retryAfter <= 3600, "Retry-After " + retryAfter);
                assertEquals("Too Many Requests\n", r.getContentAsString());
            }
        }
    }

    @Test
    void sourcesFromXForwardedForAtDepthOneHaveTheirOwnBuckets(@TempDir Path dir) throws Exception {
        String limit = HOURLY.formatted(2, ", sourceCriterion: {ipStrategy: {depth: 1}}");
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, limit, Manifests.appRoute("app.localhost", "{name: limit}"),
                "--entrypoints.web.forwardedHeaders.insecure=true")) {
            assertEquals(List.of(200, 200, 429), statuses(h, "203.0.113.9, 10.0.0.1", 3));
            // depth 1 is the last hop: the same client behind another proxy is another source
            assertEquals(List.of(200, 200, 429), statuses(h, "203.0.113.9, 10.0.0.2", 3));
            assertEquals(List.of(429), statuses(h, "10.0.0.1", 1));
        }
    }

    @Test
    void anUntrustedPeerCannotChooseItsSourceWithXForwardedFor(@TempDir Path dir) throws Exception {
        String limit = HOURLY.formatted(2, ", sourceCriterion: {ipStrategy: {depth: 1}}");
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, limit, Manifests.appRoute("app.localhost", "{name: limit}"))) {
            assertEquals(List.of(200), statuses(h, "10.0.0.1", 1));
            assertEquals(List.of(200), statuses(h, "10.0.0.2", 1));
            assertEquals(List.of(429), statuses(h, "10.0.0.3", 1));
        }
    }

    @Test
    void requestHeaderNameSeparatesSources(@TempDir Path dir) throws Exception {
        String limit = HOURLY.formatted(1, ", sourceCriterion: {requestHeaderName: X-Tenant}");
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, limit, Manifests.appRoute("app.localhost", "{name: limit}"))) {
            assertEquals(200, h.jetway.request("app.localhost", "/").headers(x -> x.put("X-Tenant", "a")).send().getStatus());
            assertEquals(429, h.jetway.request("app.localhost", "/").headers(x -> x.put("X-Tenant", "a")).send().getStatus());
            assertEquals(200, h.jetway.request("app.localhost", "/").headers(x -> x.put("X-Tenant", "b")).send().getStatus());
        }
    }

    @Test
    void bucketsSurviveAnUnrelatedReload(@TempDir Path dir) throws Exception {
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, HOURLY.formatted(2, ""),
                Manifests.appRoute("app.localhost", "{name: limit}"))) {
            assertEquals(200, h.get("app.localhost", "/").getStatus());
            assertEquals(200, h.get("app.localhost", "/").getStatus());
            h.jetway.write("other.yaml", Manifests.route("other", "Host(`other.localhost`)", "app"));
            assertEquals(200, h.jetway.awaitResponse("other.localhost", "/", r -> r.getStatus() == 200, Duration.ofSeconds(10)).getStatus());
            assertEquals(429, h.get("app.localhost", "/").getStatus());
        }
    }

    @Test
    void aChangedDefinitionStartsWithFullBuckets(@TempDir Path dir) throws Exception {
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, HOURLY.formatted(1, ""),
                Manifests.appRoute("app.localhost", "{name: limit}"))) {
            assertEquals(200, h.get("app.localhost", "/").getStatus());
            assertEquals(429, h.get("app.localhost", "/").getStatus());
            String app = Files.readString(h.jetway.manifests.resolve("app.yaml"));
            h.jetway.write("app.yaml", app.replace("burst: 1", "burst: 5"));
            assertEquals(200, h.jetway.awaitResponse("app.localhost", "/", r -> r.getStatus() == 200, Duration.ofSeconds(10)).getStatus());
        }
    }

    @Test
    void averageZeroMeansNoLimit(@TempDir Path dir) throws Exception {
        String unlimited = HOURLY.formatted(1, "").replace("average: 1", "average: 0");
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, unlimited, Manifests.appRoute("app.localhost", "{name: limit}"))) {
            for (int i = 0; i < 5; i++) {
                assertEquals(200, h.get("app.localhost", "/").getStatus());
            }
        }
    }

    /** Seed 003's middleware as written, in its namespace, behind a trusted proxy. */
    @Test
    void seedRateLimitMiddlewareWorksAsWritten(@TempDir Path dir) throws Exception {
        String seed = Manifests.seedExample("003_0143", 0);
        String route = """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: api, namespace: production}
                spec:
                  entryPoints: [web]
                  routes:
                    - match: Host(`api.example.com`) && PathPrefix(`/api`)
                      kind: Rule
                      middlewares:
                        - name: rate-limit
                      services:
                        - name: api
                          port: 80
                """;
        try (Backend backend = Backend.echoing()) {
            Path manifests = Files.createDirectories(dir.resolve("manifests"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("api", backend.port())
                    .replace("name: api\n", "name: api\n  namespace: production\n") + seed + "---\n" + route);
            try (JetwayHarness jetway = JetwayHarness.start(manifests, "--entrypoints.web.forwardedHeaders.insecure=true")) {
                assertEquals(List.of(), jetway.server.routerStatuses().stream().filter(s -> !s.errors().isEmpty()).toList());
                // 200 at once from one client (no refill needed); the next burst-sized wave would be limited
                List<ContentResponse> responses = concurrently(250, () -> jetway.request("api.example.com", "/api/x")
                        .headers(x -> x.put("X-Forwarded-For", "198.51.100.7")).send());
                long admitted = responses.stream().filter(r -> r.getStatus() == 200).count();
                long limited = responses.stream().filter(r -> r.getStatus() == 429).count();
                assertEquals(250, admitted + limited);
                assertTrue(admitted >= 200, "admitted " + admitted);
                assertEquals(200, jetway.request("api.example.com", "/api/x")
                        .headers(x -> x.put("X-Forwarded-For", "198.51.100.8")).send().getStatus());
            }
        }
    }

    private static List<Integer> statuses(MiddlewareHarness h, String forwardedFor, int count) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            statuses.add(h.jetway.request("app.localhost", "/").headers(x -> x.put("X-Forwarded-For", forwardedFor)).send().getStatus());
        }
        return statuses;
    }

    static <T> List<T> concurrently(int count, Callable<T> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, 16));
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                futures.add(pool.submit(call));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
