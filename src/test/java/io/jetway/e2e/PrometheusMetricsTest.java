package io.jetway.e2e;

import io.jetway.routing.RouterStatus;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * --metrics.prometheus: known traffic (200, 404, 502) shows up in /metrics under Traefik's names
 * and labels; /metrics answers on the entry point traefik and through prometheus@internal; with
 * metrics off neither answers.
 */
class PrometheusMetricsTest {

    private static final String METRICS_ROUTE = """
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata:
              name: metrics
            spec:
              entryPoints: [web]
              routes:
                - match: Host(`metrics.test`)
                  kind: Rule
                  services:
                    - name: prometheus@internal
                      kind: TraefikService
            ---
            """;

    @TempDir
    Path manifests;

    @Test
    void countsRequestsPerEntryPointRouterAndServiceWithTraefikLabels() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (Backend backend = Backend.h2c()) {
            Files.writeString(manifests.resolve("routes.yaml"), Manifests.service("app", backend.port())
                    + Manifests.route("app", "Host(`app.test`)", "app")
                    + Manifests.service("gone", closedPort)
                    + Manifests.route("gone", "Host(`gone.test`)", "gone"));
            try (JetwayHarness h = JetwayHarness.start(manifests, "--metrics.prometheus",
                    "--metrics.prometheus.addrouterslabels=true", "--entrypoints.traefik.address=127.0.0.1:0")) {
                assertEquals(200, h.awaitResponse("app.test", "/", r -> r.getStatus() == 200, Duration.ofSeconds(10)).getStatus());
                assertEquals(502, h.awaitResponse("gone.test", "/", r -> r.getStatus() == 502, Duration.ofSeconds(10)).getStatus());
                PrometheusText before = settledScrape(h);

                for (int i = 0; i < 3; i++) {
                    assertEquals(200, h.get("app.test", "/").getStatus());
                }
                for (int i = 0; i < 2; i++) {
                    assertEquals(404, h.get("nothing.test", "/missing").getStatus());
                }
                assertEquals(502, h.request("gone.test", "/").method("POST").send().getStatus());
                PrometheusText after = scrapeOnceRecorded(h, before, 6);

                Map<String, String> ok = Map.of("code", "200", "method", "GET", "protocol", "http", "entrypoint", "web");
                assertEquals(3, delta(before, after, "traefik_entrypoint_requests_total", ok));
                assertEquals(2, delta(before, after, "traefik_entrypoint_requests_total",
                        Map.of("code", "404", "method", "GET", "entrypoint", "web")));
                assertEquals(1, delta(before, after, "traefik_entrypoint_requests_total",
                        Map.of("code", "502", "method", "POST", "entrypoint", "web")));
                assertEquals(3, delta(before, after, "traefik_entrypoint_request_duration_seconds_count", ok));
                assertEquals(3, delta(before, after, "traefik_entrypoint_request_duration_seconds_bucket",
                        with(ok, "le", "+Inf")));
                for (String le : new String[] {"0.1", "0.3", "1.2", "5.0"}) {
                    assertEquals(1, after.matching("traefik_entrypoint_request_duration_seconds_bucket", with(ok, "le", le)).size(),
                            "bucket " + le);
                }
                assertTrue(delta(before, after, "traefik_entrypoint_responses_bytes_total", ok) > 0);

                // Services: the 404 reached none; the 200s and the 502 are the services'.
                assertEquals(3, delta(before, after, "traefik_service_requests_total", Map.of("code", "200", "method", "GET")));
                assertEquals(1, delta(before, after, "traefik_service_requests_total", Map.of("code", "502", "method", "POST")));
                assertEquals(0, after.sum("traefik_service_requests_total", Map.of("code", "404")));
                assertEquals(3, delta(before, after, "traefik_service_request_duration_seconds_count", Map.of("code", "200")));
                String appService = after.matching("traefik_service_requests_total", Map.of("code", "200")).get(0).labels().get("service");
                assertTrue(appService.startsWith("default-app") && appService.endsWith("@kubernetescrd"), appService);

                // Routers, with addrouterslabels: the router and its service.
                var routerSamples = after.matching("traefik_router_requests_total", Map.of("code", "200", "service", appService));
                assertEquals(1, routerSamples.size(), routerSamples.toString());
                assertTrue(routerSamples.get(0).labels().get("router").startsWith("default-app-"));
                assertEquals(3, delta(before, after, "traefik_router_requests_total", Map.of("code", "200", "service", appService)));

                assertEquals(1, after.sum("traefik_service_server_up",
                        Map.of("service", appService, "url", "http://127.0.0.1:" + backend.port())));
                assertEquals(1, after.matching("traefik_service_server_up", Map.of("url", "http://127.0.0.1:" + closedPort)).size());
                assertTrue(after.sum("traefik_config_reloads_total", Map.of()) >= 1);
                assertTrue(after.sum("traefik_config_last_reload_success", Map.of()) > 1_600_000_000);
                // The test client keeps its connection to web open.
                assertTrue(after.sum("traefik_open_connections", Map.of("entrypoint", "web", "protocol", "TCP")) >= 1);
            }
        }
    }

    @Test
    void retriesAreCountedPerService() throws Exception {
        int[] dead = new int[2];
        for (int i = 0; i < dead.length; i++) {
            try (ServerSocket s = new ServerSocket(0)) {
                dead[i] = s.getLocalPort();
            }
        }
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", dead) + """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: retry}
                spec:
                  retry: {attempts: 4, initialInterval: 10ms}
                ---
                """ + Manifests.appRoute("app.test", "{name: retry}"));
        try (JetwayHarness h = JetwayHarness.start(manifests, "--metrics.prometheus", "--entrypoints.traefik.address=127.0.0.1:0")) {
            assertEquals(502, h.awaitResponse("app.test", "/", r -> r.getStatus() == 502, Duration.ofSeconds(10)).getStatus());
            PrometheusText before = settledScrape(h);
            assertEquals(502, h.get("app.test", "/").getStatus());
            PrometheusText after = scrapeOnceRecorded(h, before, 1);
            // Four attempts: the first and three retries.
            assertEquals(3, delta(before, after, "traefik_service_retries_total", Map.of()),
                    before.matching("traefik_service_retries_total", Map.of()) + " -> "
                            + after.matching("traefik_service_retries_total", Map.of()) + ", requests "
                            + before.matching("traefik_entrypoint_requests_total", Map.of()) + " -> "
                            + after.matching("traefik_entrypoint_requests_total", Map.of()));
            assertEquals(1, after.matching("traefik_service_retries_total", Map.of()).size());
        }
    }

    @Test
    void bucketsComeFromTheFlagAndRoutersAreNotLabelledByDefault() throws Exception {
        Files.writeString(manifests.resolve("metrics.yaml"), METRICS_ROUTE);
        try (JetwayHarness h = JetwayHarness.start(manifests, "--metrics.prometheus.buckets=0.05,2",
                "--entrypoints.traefik.address=127.0.0.1:0")) {
            ContentResponse routed = h.awaitResponse("metrics.test", "/metrics", r -> r.getStatus() == 200, Duration.ofSeconds(10));
            assertEquals(200, routed.getStatus());
            assertTrue(routed.getHeaders().get("Content-Type").startsWith("text/plain"));
            assertEquals(404, h.get("metrics.test", "/other").getStatus());
            PrometheusText text = scrape(h);
            Map<String, String> web = Map.of("entrypoint", "web", "code", "200");
            assertFalse(text.matching("traefik_entrypoint_request_duration_seconds_bucket", with(web, "le", "0.05")).isEmpty());
            assertFalse(text.matching("traefik_entrypoint_request_duration_seconds_bucket", with(web, "le", "2.0")).isEmpty());
            assertTrue(text.matching("traefik_entrypoint_request_duration_seconds_bucket", with(web, "le", "0.3")).isEmpty());
            assertTrue(text.matching("traefik_router_requests_total", Map.of()).isEmpty());
        }
    }

    /** Scrapes, ping and API requests are Jetway's own: counted only with metrics.addInternals, as Traefik. */
    @Test
    void internalRequestsCountOnlyWithAddInternals() throws Exception {
        for (boolean addInternals : List.of(false, true)) {
            try (JetwayHarness h = JetwayHarness.start(manifests, "--metrics.prometheus", "--ping", "--api.insecure",
                    "--entrypoints.traefik.address=127.0.0.1:0", "--metrics.addInternals=" + addInternals)) {
                assertEquals(200, management(h, "/ping").getStatus());
                assertEquals(200, management(h, "/api/overview").getStatus());
                scrape(h);
                scrape(h);
                List<PrometheusText.Sample> internal = scrape(h).matching("traefik_entrypoint_requests_total",
                        Map.of("entrypoint", "traefik"));
                if (addInternals) {
                    assertTrue(internal.stream().mapToDouble(PrometheusText.Sample::value).sum() >= 3, internal.toString());
                } else {
                    assertTrue(internal.isEmpty(), "internal requests counted: " + internal);
                }
            }
        }
    }

    /** JVM, process and Jetty families under their usual names, beside Traefik's. */
    @Test
    void runtimeMetricsAJavaOperatorExpects() throws Exception {
        try (JetwayHarness h = JetwayHarness.start(manifests, "--metrics.prometheus", "--entrypoints.traefik.address=127.0.0.1:0")) {
            PrometheusText text = scrape(h);
            for (String family : List.of("jvm_memory_used_bytes", "jvm_memory_max_bytes", "jvm_threads_live_threads",
                    "jvm_classes_loaded_classes", "process_cpu_usage", "process_start_time_seconds", "process_uptime_seconds",
                    "process_files_open_files", "jetty_threads_current", "jetty_threads_busy", "jetty_connections_current",
                    "jetty_selectors")) {
                assertFalse(text.matching(family, Map.of()).isEmpty(), family + " missing");
            }
            assertFalse(text.matching("jvm_memory_used_bytes", Map.of("area", "heap")).isEmpty(), "memory per pool and area");
            double started = text.matching("process_start_time_seconds", Map.of()).get(0).value();
            assertTrue(Math.abs(started - System.currentTimeMillis() / 1000.0) < 24 * 3600, "a Unix time: " + started);
            assertTrue(text.matching("jetty_connections_current", Map.of("entrypoint", "traefik")).get(0).value() >= 1,
                    "the scrape's own connection is open");
        }
    }

    @Test
    void metricsOffServesNoMetricsAnywhere() throws Exception {
        Files.writeString(manifests.resolve("metrics.yaml"), METRICS_ROUTE);
        try (JetwayHarness h = JetwayHarness.start(manifests, "--ping", "--entrypoints.traefik.address=127.0.0.1:0")) {
            RouterStatus router = awaitRouter(h);
            assertEquals(RouterStatus.DISABLED, router.status());
            assertTrue(String.join(" ", router.errors()).contains("--metrics.prometheus"), router.errors().toString());
            assertEquals(404, h.get("metrics.test", "/metrics").getStatus());
            assertEquals(404, management(h, "/metrics").getStatus());
            assertEquals(200, management(h, "/ping").getStatus());
        }
    }

    private static RouterStatus awaitRouter(JetwayHarness h) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var statuses = h.server.routerStatuses();
            if (!statuses.isEmpty()) {
                return statuses.get(0);
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no router loaded");
    }

    private static ContentResponse management(JetwayHarness h, String path) throws Exception {
        return h.client.newRequest("http://127.0.0.1:" + h.server.port("traefik") + path).timeout(10, TimeUnit.SECONDS).send();
    }

    private static PrometheusText scrape(JetwayHarness h) throws Exception {
        ContentResponse r = management(h, "/metrics");
        assertEquals(200, r.getStatus(), r.getContentAsString());
        return PrometheusText.parse(r.getContentAsString());
    }

    /** A scrape once the requests sent so far are all recorded: two scrapes in a row count the same on web. */
    private static PrometheusText settledScrape(JetwayHarness h) throws Exception {
        Map<String, String> web = Map.of("entrypoint", "web");
        PrometheusText last = scrape(h);
        for (int i = 0; i < 100; i++) {
            Thread.sleep(50);
            PrometheusText next = scrape(h);
            if (next.sum("traefik_entrypoint_requests_total", web) == last.sum("traefik_entrypoint_requests_total", web)) {
                return next;
            }
            last = next;
        }
        return last;
    }

    /**
     * Scrapes until {@code requests} more requests on web are recorded, then once more: an exchange
     * is recorded when it is complete, which can be just after the client has read the response,
     * and a scrape reads the meters one by one, so the scrape that first sees the entry point's
     * count (recorded last) may have read the service's meters before they were recorded. The
     * scrape after it sees them all.
     */
    private static PrometheusText scrapeOnceRecorded(JetwayHarness h, PrometheusText before, int requests) throws Exception {
        Map<String, String> web = Map.of("entrypoint", "web");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        PrometheusText after;
        do {
            after = scrape(h);
            if (delta(before, after, "traefik_entrypoint_requests_total", web) >= requests) {
                return scrape(h);
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        return after;
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        var copy = new java.util.HashMap<>(labels);
        copy.put(key, value);
        return copy;
    }
}
