package io.jetway.e2e;

import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Servers are down (their ports are closed) and a health check has taken them out: concurrent
 * clients all reach the one server that is up, and none is told that no server is available.
 * Three of four are down rather than one of two: each request then draws more turns of servers
 * that are down, so a balancer that can run out of turns shows it within the load time.
 */
class NoAvailableServerUnderLoadTest {

    static final int CLIENTS = 32;
    static final Duration LOAD = Duration.ofSeconds(4);

    /** Distinct ports nothing listens on: bound together, then closed, so connections are refused. */
    static int[] closedPorts(int count) throws Exception {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }

    /** Answers (status to count) of concurrent clients sending requests until the load time is over. */
    static Map<Integer, Long> load(JetwayHarness jw, String host) throws InterruptedException {
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + LOAD.toNanos();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Thread client = new Thread(() -> {
                try {
                    start.await();
                    while (System.nanoTime() < deadline) {
                        ContentResponse r = jw.get(host, "/load");
                        statuses.computeIfAbsent(r.getStatus(), s -> new AtomicLong()).incrementAndGet();
                    }
                } catch (Exception e) {
                    statuses.computeIfAbsent(-1, s -> new AtomicLong()).incrementAndGet(); // the client failed
                }
            });
            client.start();
            clients.add(client);
        }
        start.countDown();
        for (Thread client : clients) {
            client.join();
        }
        Map<Integer, Long> counts = new TreeMap<>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }

    void assertOnlyTheLiveServerAnswers(String serviceExtra, Path dir) throws Exception {
        try (Backend live = Backend.start()) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            int[] dead = closedPorts(3);
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", live.port(), dead[0], dead[1], dead[2])
                    + Manifests.route("app", "Host(`app.localhost`)", "app", 0, serviceExtra));
            try (JetwayHarness jw = JetwayHarness.start(manifests)) {
                // Until the check has taken the dead servers out, their turns fail (502).
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                int inARow = 0;
                while (inARow < 10 && System.nanoTime() < deadline) {
                    inARow = jw.get("app.localhost", "/warm-up").getStatus() == 200 ? inARow + 1 : 0;
                }
                assertEquals(10, inARow, "the check took the dead servers out");

                Map<Integer, Long> answers = load(jw, "app.localhost");
                assertEquals(List.of(200), List.copyOf(answers.keySet()), "every request was answered by the live server: " + answers);
                long reached = live.paths().stream().filter("/load"::equals).count();
                assertEquals(answers.get(200), reached, "each answer came from the live server");
                assertTrue(reached >= CLIENTS, "every client was served: " + reached);
            }
        }
    }

    @Test
    void activeCheckDownServerNeverMakesA503(@TempDir Path dir) throws Exception {
        assertOnlyTheLiveServerAnswers("""
                          healthCheck:
                            path: /health
                            interval: 100ms
                            timeout: 2s
                """, dir);
    }

    @Test
    void passiveCheckDownServerNeverMakesA503(@TempDir Path dir) throws Exception {
        assertOnlyTheLiveServerAnswers("""
                          passiveHealthCheck:
                            maxFailedAttempts: 1
                            failureWindow: 10m
                """, dir);
    }
}
