package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * target/jetway.war deployed as the root application of a real server (unpacked from Maven
 * Central by the build), started as a separate JVM: requests go through it to a whoami backend,
 * the API and metrics answer at the context's root, and stopping the server stops Jetway.
 */
abstract class StandaloneServerIT {

    /** Generous: a loaded 2-core machine deploys the WAR (Weld, Jersey) in tens of seconds. */
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(4);
    /** What Jetty and Tomcat write when the WAR fails to deploy. */
    private static final List<String> DEPLOYMENT_FAILURES = List.of(
            "ClassNotFoundException", "NoClassDefFoundError", "startup failed", "Failed startup");
    /** Traefik's (and Jetway's) answer when no router matches; the containers' own 404 pages differ. */
    private static final String JETWAY_NOT_FOUND = "404 page not found\n";

    /**
     * Starts the server with the WAR as its root application on 127.0.0.1:port; output goes to log.
     * A null config names no configuration file (Jetway starts with the defaults).
     */
    abstract Process start(Path work, int port, Path config, Path log) throws Exception;

    @Test
    void routesThroughTheDeployedWar(@TempDir Path work) throws Exception {
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "standalone")) {
            int port = WarFixture.freePort();
            Path manifests = WarFixture.manifests(work.resolve("manifests"), WarFixture.ROUTE_PREFIX, backend.port());
            Path config = WarFixture.config(work, port, manifests);
            Path log = work.resolve("server.log");
            Process server = start(work, port, config, log);
            String base = "http://127.0.0.1:" + port;
            try {
                assertTrue(WarFixture.awaitOk(base + "/who/ready", DEPLOY_TIMEOUT, () -> deploying(server, log)),
                        "the WAR did not route within " + DEPLOY_TIMEOUT + "; server log:\n" + tail(log));

                HttpResponse<String> routed = WarFixture.get(base + "/who/a?b=c");
                assertEquals(200, routed.statusCode());
                assertEquals("standalone", routed.headers().firstValue("X-Whoami-Name").orElse(null));
                assertTrue(routed.body().contains("GET /who/a?b=c"), routed.body());

                HttpResponse<String> unrouted = WarFixture.get(base + "/elsewhere");
                assertEquals(404, unrouted.statusCode());
                assertEquals(JETWAY_NOT_FOUND, unrouted.body());

                HttpResponse<String> routers = WarFixture.get(base + "/api/http/routers");
                assertEquals(200, routers.statusCode());
                assertTrue(routers.body().contains("PathPrefix(`/who`)"), routers.body());

                HttpResponse<String> metrics = WarFixture.get(base + "/metrics");
                assertTrue(metrics.body().contains("traefik_entrypoint_requests_total{code=\"404\",entrypoint=\"web\""),
                        metrics.body());

                for (int i = 0; i < 50; i++) {
                    assertEquals(200, WarFixture.get(base + "/who/again").statusCode());
                }
                List<String> lines = Files.readAllLines(log);
                assertEquals(1, lines.stream().filter(l -> l.contains("event=war-unavailable entrypoint=traefik")).count(),
                        "the management entry point is reported once");
                List<String> perRequest = lines.stream().filter(l -> l.contains("WELD-000714") || l.contains("WELD-000715")).toList();
                assertEquals(List.of(), perRequest, "no per-request warnings from Weld");
            } finally {
                stop(server);
            }
            assertTrue(Files.readString(log).contains("event=war-stop"), "Jetway stops with the server:\n" + tail(log));
        }
    }

    /**
     * A configuration that names no entry point (only providers.file): every entry point's role is
     * worked out from the defaults, which once loaded the embedded server's classes (hidden by Jetty).
     */
    @Test
    void routesWithAProvidersFileSectionOnly(@TempDir Path work) throws Exception {
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "providers-only")) {
            int port = WarFixture.freePort();
            Path manifests = WarFixture.manifests(work.resolve("manifests"), WarFixture.ROUTE_PREFIX, backend.port());
            Path config = Files.writeString(work.resolve("jetway.yaml"), """
                    providers:
                      file:
                        directory: "%s"
                    """.formatted(manifests));
            Path log = work.resolve("server.log");
            Process server = start(work, port, config, log);
            String base = "http://127.0.0.1:" + port;
            try {
                assertTrue(WarFixture.awaitOk(base + "/who/ready", DEPLOY_TIMEOUT, () -> deploying(server, log)),
                        "the WAR did not route within " + DEPLOY_TIMEOUT + "; server log:\n" + tail(log));
                HttpResponse<String> routed = WarFixture.get(base + "/who/a");
                assertEquals(200, routed.statusCode());
                assertEquals("providers-only", routed.headers().firstValue("X-Whoami-Name").orElse(null));
                assertEquals(404, WarFixture.get(base + "/elsewhere").statusCode());
                assertFalse(Files.readString(log).contains("ClassNotFoundException"), tail(log));
            } finally {
                stop(server);
            }
        }
    }

    /** No configuration file at all: the defaults, no provider, so Jetway's own 404 on every path. */
    @Test
    void startsWithTheDefaultsWithoutAConfigurationFile(@TempDir Path work) throws Exception {
        int port = WarFixture.freePort();
        Path log = work.resolve("server.log");
        Process server = start(work, port, null, log);
        String url = "http://127.0.0.1:" + port + "/anything";
        try {
            HttpResponse<String> answer = WarFixture.awaitAnswer(url, DEPLOY_TIMEOUT, () -> deploying(server, log),
                    response -> response.body().equals(JETWAY_NOT_FOUND) || response.statusCode() >= 500);
            assertTrue(answer != null, "the WAR did not answer within " + DEPLOY_TIMEOUT + "; server log:\n" + tail(log));
            assertEquals(404, answer.statusCode(), "server log:\n" + tail(log));
            assertEquals(JETWAY_NOT_FOUND, answer.body());
            assertFalse(Files.readString(log).contains("ClassNotFoundException"), tail(log));
        } finally {
            stop(server);
        }
        assertTrue(Files.readString(log).contains("event=war-stop"), "Jetway stops with the server:\n" + tail(log));
    }

    /** The server runs and its log shows no failed deployment (so a broken WAR fails the test at once). */
    private static boolean deploying(Process server, Path log) {
        try {
            String output = Files.exists(log) ? Files.readString(log) : "";
            return server.isAlive() && DEPLOYMENT_FAILURES.stream().noneMatch(output::contains);
        } catch (IOException e) {
            return server.isAlive();
        }
    }

    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        if (!server.waitFor(60, TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Path home(String property) {
        Path home = Path.of(System.getProperty(property, ""));
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException(property + "=" + home + " is missing: the build unpacks it (pre-integration-test)");
        }
        return home;
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
