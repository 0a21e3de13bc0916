package io.jetway.e2e;

import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** circuitBreaker through Jetway: it opens on what the backend does, answers its code, and recovers. */
class CircuitBreakerEndToEndTest {

    private static final String BREAKER = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: cb}
            spec:
              circuitBreaker:
                expression: %s
                checkPeriod: 10ms
                fallbackDuration: %s
                recoveryDuration: %s
            %s""";

    private static JetwayHarness start(Path dir, String middleware, int... ports) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", ports) + middleware
                + "---\n" + Manifests.appRoute("app.localhost", "{name: cb}"));
        return JetwayHarness.start(manifests);
    }

    /** Sends requests until one gets {@code status}; a bounded number of tries. */
    private static ContentResponse until(JetwayHarness jetway, String path, int status) throws Exception {
        ContentResponse last = null;
        for (int i = 0; i < 500; i++) {
            last = jetway.get("app.localhost", path);
            if (last.getStatus() == status) {
                return last;
            }
            Thread.sleep(5);
        }
        return last;
    }

    @Test
    void opensOnNetworkErrorsAndAnswersItsCodeWithoutCallingTheBackend(@TempDir Path dir) throws Exception {
        int dead;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = socket.getLocalPort();
        }
        String cb = BREAKER.formatted("NetworkErrorRatio() > 0.30", "1h", "1h", "");
        try (JetwayHarness jetway = start(dir, cb, dead)) {
            assertEquals(502, jetway.get("app.localhost", "/").getStatus());
            ContentResponse open = until(jetway, "/", 503);
            assertEquals(503, open.getStatus());
            assertEquals("Service Unavailable\n", open.getContentAsString());
            for (int i = 0; i < 5; i++) {
                assertEquals(503, jetway.get("app.localhost", "/").getStatus());
            }
        }
    }

    @Test
    void opensOnAResponseCodeRatioWithItsOwnCodeAndLeavesTheBackendAlone(@TempDir Path dir) throws Exception {
        String cb = BREAKER.formatted("'ResponseCodeRatio(500, 600, 0, 600) > 0.5'", "1h", "1h", "    responseCode: 418\n");
        try (Backend backend = Backend.echoing(); JetwayHarness jetway = start(dir, cb, backend.port())) {
            assertEquals(200, jetway.get("app.localhost", "/").getStatus());
            assertEquals(500, jetway.get("app.localhost", "/?status=500").getStatus());
            assertEquals(500, jetway.get("app.localhost", "/?status=500").getStatus());
            assertEquals(418, until(jetway, "/?status=500", 418).getStatus());
            int received = backend.requestCount();
            for (int i = 0; i < 5; i++) {
                assertEquals(418, jetway.get("app.localhost", "/").getStatus());
            }
            assertEquals(received, backend.requestCount());
        }
    }

    @Test
    void recoversOnceTheBackendIsHealthyAgain(@TempDir Path dir) throws Exception {
        String cb = BREAKER.formatted("'ResponseCodeRatio(500, 600, 0, 600) > 0.5'", "200ms", "200ms", "");
        try (Backend backend = Backend.echoing(); JetwayHarness jetway = start(dir, cb, backend.port())) {
            assertEquals(500, jetway.get("app.localhost", "/?status=500").getStatus());
            assertEquals(503, until(jetway, "/?status=500", 503).getStatus());
            // healthy requests now: after the fallback (200 ms) they are let through, then all of them
            // over the recovery (200 ms). Bounded by time, not by count: a fast machine sends many
            // requests in 400 ms.
            int ok = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (ok < 20 && System.nanoTime() < deadline) {
                ok = jetway.get("app.localhost", "/").getStatus() == 200 ? ok + 1 : 0;
            }
            assertEquals(20, ok, "twenty 200s in a row once recovered");
        }
    }

    @Test
    void aBadExpressionIsTheMiddlewaresErrorNamingTheField(@TempDir Path dir) throws Exception {
        String cb = BREAKER.formatted("'NetworkErrorRatio() >> 0.5'", "10s", "10s", "");
        try (Backend backend = Backend.echoing(); JetwayHarness jetway = start(dir, cb, backend.port())) {
            String errors = jetway.server.routerStatuses().toString();
            assertTrue(errors.contains("spec.circuitBreaker.expression"), errors);
            assertEquals(404, jetway.get("app.localhost", "/").getStatus());
        }
    }

    @Test
    void theOpenStateSurvivesAnUnrelatedReload(@TempDir Path dir) throws Exception {
        String cb = BREAKER.formatted("'ResponseCodeRatio(500, 600, 0, 600) > 0.5'", "1h", "1h", "");
        try (Backend backend = Backend.echoing(); JetwayHarness jetway = start(dir, cb, backend.port())) {
            assertEquals(500, jetway.get("app.localhost", "/?status=500").getStatus());
            assertEquals(503, until(jetway, "/?status=500", 503).getStatus());
            jetway.write("other.yaml", Manifests.route("other", "Host(`other.localhost`)", "app"));
            assertEquals(200, jetway.awaitResponse("other.localhost", "/", r -> r.getStatus() == 200, Duration.ofSeconds(10)).getStatus());
            assertEquals(503, jetway.get("app.localhost", "/").getStatus());
        }
    }
}
