package io.jetway.e2e;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.FutureResponseListener;
import org.eclipse.jetty.client.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** inFlightReq through Jetway, against a backend that holds requests until the test lets them go. */
class InFlightRequestsEndToEndTest {

    private static final String LIMIT = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: limit}
            spec:
              inFlightReq: {amount: 2%s}
            """;

    private static JetwayHarness start(Path dir, Backend backend, String middleware) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", backend.port()) + middleware
                + "---\n" + Manifests.appRoute("app.localhost", "{name: limit}"));
        return JetwayHarness.start(manifests);
    }

    private static FutureResponseListener send(Request request) {
        FutureResponseListener listener = new FutureResponseListener(request);
        request.send(listener);
        return listener;
    }

    @Test
    void atMostAmountRequestsAreInFlightAndTheCountEndsWithTheExchange(@TempDir Path dir) throws Exception {
        try (Backend backend = Backend.gated(); JetwayHarness jetway = start(dir, backend, LIMIT.formatted(""))) {
            List<FutureResponseListener> pending = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                pending.add(send(jetway.request("app.localhost", "/")));
            }
            // two reach the backend and wait there; the other four are turned away at once
            assertTrue(backend.awaitArrivals(2));
            int limited = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pending.stream().filter(FutureResponseListener::isDone).count() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            for (FutureResponseListener p : pending) {
                if (p.isDone()) {
                    assertEquals(429, p.get().getStatus());
                    limited++;
                }
            }
            assertEquals(4, limited);
            assertEquals(2, backend.requestCount());
            // still full while the two are held
            assertEquals(429, jetway.get("app.localhost", "/").getStatus());
            backend.open();
            int ok = 0;
            for (FutureResponseListener p : pending) {
                ContentResponse r = p.get(20, TimeUnit.SECONDS);
                ok += r.getStatus() == 200 ? 1 : 0;
            }
            assertEquals(2, ok);
            // The proxied exchanges ended: their slots are free again. A slot is released when the
            // server completes the exchange, which can come just after the client read the answer.
            assertEquals(200, statusOnceReleased(jetway));
            assertEquals(200, jetway.get("app.localhost", "/").getStatus());
        }
    }

    @Test
    void sourcesCountSeparately(@TempDir Path dir) throws Exception {
        try (Backend backend = Backend.gated();
             JetwayHarness jetway = start(dir, backend, LIMIT.formatted(", sourceCriterion: {requestHeaderName: X-Tenant}"))) {
            List<FutureResponseListener> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(send(jetway.request("app.localhost", "/").headers(h -> h.put("X-Tenant", "a"))));
            }
            assertTrue(backend.awaitArrivals(2));
            assertEquals(429, jetway.request("app.localhost", "/").headers(h -> h.put("X-Tenant", "a")).send().getStatus());
            FutureResponseListener other = send(jetway.request("app.localhost", "/").headers(h -> h.put("X-Tenant", "b")));
            assertTrue(backend.awaitArrivals(1));
            backend.open();
            assertEquals(200, other.get(20, TimeUnit.SECONDS).getStatus());
            for (FutureResponseListener p : held) {
                assertEquals(200, p.get(20, TimeUnit.SECONDS).getStatus());
            }
        }
    }

    @Test
    void aFailedExchangeReleasesItsSlot(@TempDir Path dir) throws Exception {
        // No server behind the port: each request ends in a 502, and must not leak its count.
        int deadPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", deadPort) + LIMIT.formatted("")
                + "---\n" + Manifests.appRoute("app.localhost", "{name: limit}"));
        try (JetwayHarness jetway = JetwayHarness.start(manifests)) {
            for (int i = 0; i < 5; i++) {
                assertEquals(502, jetway.get("app.localhost", "/").getStatus());
            }
        }
    }

    @Test
    void aBadAmountDisablesTheRouterNamingTheField(@TempDir Path dir) throws Exception {
        String bad = LIMIT.formatted("").replace("amount: 2", "amount: 0");
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, bad, Manifests.appRoute("app.localhost", "{name: limit}"))) {
            String errors = h.jetway.server.routerStatuses().toString();
            assertTrue(errors.contains("spec.inFlightReq.amount"), errors);
            assertEquals(404, h.get("app.localhost", "/").getStatus());
        }
    }

    @Test
    void conflictingSourceCriteriaAreAnError(@TempDir Path dir) throws Exception {
        String bad = LIMIT.formatted(", sourceCriterion: {requestHost: true, requestHeaderName: X-A}");
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, bad, Manifests.appRoute("app.localhost", "{name: limit}"))) {
            String errors = h.jetway.server.routerStatuses().toString();
            assertTrue(errors.contains("spec.inFlightReq.sourceCriterion"), errors);
        }
    }

    /** The status of a request sent once the held exchanges' slots are free (429 until then, for 10 s at most). */
    private static int statusOnceReleased(JetwayHarness jetway) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int status = jetway.get("app.localhost", "/").getStatus();
        while (status == 429 && System.nanoTime() < deadline) {
            Thread.sleep(10);
            status = jetway.get("app.localhost", "/").getStatus();
        }
        return status;
    }
}
