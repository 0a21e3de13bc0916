package io.jetway.service.health;

import com.sun.net.httpserver.HttpServer;
import io.jetway.dynamic.HealthCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probes against a real HTTP server that records each check it receives. */
class ActiveHealthMonitorTest {

    HttpServer server;
    final LinkedBlockingQueue<String> checks = new LinkedBlockingQueue<>();
    final AtomicInteger status = new AtomicInteger(200);
    final ActiveHealthMonitor monitor = new ActiveHealthMonitor();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            checks.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " host=" + exchange.getRequestHeaders().getFirst("Host")
                    + " probe=" + exchange.getRequestHeaders().getFirst("X-Probe"));
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        monitor.close();
        server.stop(0);
    }

    HealthCheck check(String path, Duration interval) {
        return new HealthCheck(null, "http", path, "HEAD", 0, server.getAddress().getPort(), "app.internal",
                Map.of("X-Probe", "jetway"), true, interval, interval, Duration.ofSeconds(2));
    }

    @Test
    void checksAtOnceWithTheConfiguredRequestAndReportsTheResult() throws Exception {
        ServerHealth health = new ServerHealth();
        status.set(503);
        // The server URL's port is not the check's: the check's port wins.
        monitor.update(List.of(new HealthTarget("svc", "http://127.0.0.1:1", check("/ready", Duration.ofHours(1)), health)));
        assertEquals("HEAD /ready host=app.internal probe=jetway", checks.poll(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (health.isActiveUp() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(health.isActiveUp(), "503 is not in [200, 400)");
    }

    @Test
    void anUnchangedCheckKeepsItsProbeAndAChangedOneStartsAgain() throws Exception {
        ServerHealth health = new ServerHealth();
        HealthTarget target = new HealthTarget("svc", "http://127.0.0.1:1", check("/a", Duration.ofHours(1)), health);
        monitor.update(List.of(target));
        assertNotNull(checks.poll(10, TimeUnit.SECONDS));

        monitor.update(List.of(new HealthTarget("svc", "http://127.0.0.1:1", check("/a", Duration.ofHours(1)), health)));
        assertNull(checks.poll(300, TimeUnit.MILLISECONDS), "an equal check is not restarted by a reload");
        assertEquals(1, monitor.probeCount());

        monitor.update(List.of(new HealthTarget("svc", "http://127.0.0.1:1", check("/b", Duration.ofHours(1)), health)));
        assertTrue(checks.poll(10, TimeUnit.SECONDS).startsWith("HEAD /b "));

        monitor.update(List.of());
        assertEquals(0, monitor.probeCount());
    }

    @Test
    void checksAgainAtTheInterval() throws Exception {
        monitor.update(List.of(new HealthTarget("svc", "http://127.0.0.1:1", check("/tick", Duration.ofMillis(50)), new ServerHealth())));
        for (int i = 0; i < 3; i++) {
            assertNotNull(checks.poll(10, TimeUnit.SECONDS), "check " + (i + 1));
        }
    }
}
