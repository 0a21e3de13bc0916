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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * target/jetway.war deployed as the root application of a real server (unpacked from Maven
 * Central by the build), started as a separate JVM: requests go through it to a whoami backend,
 * the API and metrics answer at the context's root, and stopping the server stops Jetway.
 */
abstract class StandaloneServerIT {

    /** Generous: a loaded 2-core machine deploys the WAR (Weld, Jersey) in tens of seconds. */
    private static final Duration DEPLOY_TIMEOUT = Duration.ofMinutes(4);

    /** Starts the server with the WAR as its root application on 127.0.0.1:port; output goes to log. */
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
                assertTrue(WarFixture.awaitOk(base + "/who/ready", DEPLOY_TIMEOUT, server::isAlive),
                        "the WAR did not route within " + DEPLOY_TIMEOUT + "; server log:\n" + tail(log));

                HttpResponse<String> routed = WarFixture.get(base + "/who/a?b=c");
                assertEquals(200, routed.statusCode());
                assertEquals("standalone", routed.headers().firstValue("X-Whoami-Name").orElse(null));
                assertTrue(routed.body().contains("GET /who/a?b=c"), routed.body());

                HttpResponse<String> unrouted = WarFixture.get(base + "/elsewhere");
                assertEquals(404, unrouted.statusCode());
                assertEquals("404 page not found\n", unrouted.body());

                HttpResponse<String> routers = WarFixture.get(base + "/api/http/routers");
                assertEquals(200, routers.statusCode());
                assertTrue(routers.body().contains("PathPrefix(`/who`)"), routers.body());

                HttpResponse<String> metrics = WarFixture.get(base + "/metrics");
                assertTrue(metrics.body().contains("traefik_entrypoint_requests_total{code=\"404\",entrypoint=\"web\""),
                        metrics.body());

                List<String> lines = Files.readAllLines(log);
                assertEquals(1, lines.stream().filter(l -> l.contains("event=war-unavailable entrypoint=traefik")).count(),
                        "the management entry point is reported once");
            } finally {
                server.destroy();
                if (!server.waitFor(60, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            assertTrue(Files.readString(log).contains("event=war-stop"), "Jetway stops with the server:\n" + tail(log));
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
