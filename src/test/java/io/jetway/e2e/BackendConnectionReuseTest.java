package io.jetway.e2e;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Connections to an HTTP/1.1 backend are kept and reused: requests one after another share one
 * connection, concurrent requests get one each, and a connection the idle timeout closed is
 * replaced without the client seeing it (real sockets; the backend tells each request's
 * connection apart by its client port). Requests "one after another" leave 20 ms between them: the
 * client can read a whole answer just before the proxy puts its backend connection back.
 *
 * <p>This is the servlet proxy's pool ({@code Http11ConnectionPool}); the experimental direct
 * forwarding keeps connections of its own, and under it the servlet proxy still takes some
 * requests, so the two pools' connections mix: the class runs only in the default forwarding.
 */
class BackendConnectionReuseTest {

    @BeforeEach
    void servletProxyOnly() {
        assumeFalse(ForwardingUnderTest.direct(), "the direct forwarding has a pool of its own");
    }

    /** A backend answering 200 with the proxy's port, after {@code gate} opens (when set). */
    static final class PortTelling extends Handler.Abstract {
        final Set<Integer> ports = ConcurrentHashMap.newKeySet();
        final AtomicInteger inFlight = new AtomicInteger();
        volatile CountDownLatch gate;

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            int port = Request.getRemotePort(request);
            ports.add(port);
            CountDownLatch held = gate;
            if (held != null) {
                inFlight.incrementAndGet();
                held.await(20, TimeUnit.SECONDS);
            }
            response.write(true, java.nio.ByteBuffer.wrap(("port " + port).getBytes()), callback);
            return true;
        }
    }

    static org.eclipse.jetty.client.ContentResponse oneAfterAnother(JetwayHarness jw, String path) throws Exception {
        Thread.sleep(20);
        return jw.get(null, path);
    }

    /**
     * Sends requests one after another until ten in a row came on one backend connection (under
     * the direct forwarding, the first few can still take the servlet proxy and its own pool).
     */
    static Set<Integer> tenInARowOnOneConnection(JetwayHarness jw, PortTelling handler, String path) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String last = null;
        int inARow = 0;
        while (inARow < 10 && System.nanoTime() < deadline) {
            var response = oneAfterAnother(jw, path);
            assertEquals(200, response.getStatus());
            inARow = response.getContentAsString().equals(last) ? inARow + 1 : 1;
            last = response.getContentAsString();
        }
        assertEquals(10, inARow, "ten requests in a row on one backend connection");
        return Set.of(Integer.parseInt(last.substring("port ".length())));
    }

    @Test
    void requestsOneAfterAnotherShareOneConnectionAndConcurrentOnesGetTheirOwn(@TempDir Path dir) throws Exception {
        PortTelling handler = new PortTelling();
        try (Backend backend = Backend.answeredBy(handler);
             JetwayHarness jw = JetwayHarness.routedTo(Files.createDirectories(dir.resolve("m")), backend.port())) {
            assertEquals(1, tenInARowOnOneConnection(jw, handler, "/one-after-another").size());

            // Eight at once, each held at the backend until all have arrived: eight connections.
            handler.ports.clear();
            handler.gate = new CountDownLatch(1);
            List<Thread> clients = new ArrayList<>();
            List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 8; i++) {
                Thread client = new Thread(() -> {
                    try {
                        statuses.add(jw.get(null, "/together").getStatus());
                    } catch (Exception e) {
                        statuses.add(-1);
                    }
                });
                client.start();
                clients.add(client);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (handler.inFlight.get() < 8 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(8, handler.inFlight.get(), "all eight reached the backend at once");
            handler.gate.countDown();
            for (Thread client : clients) {
                client.join();
            }
            assertEquals(List.of(200, 200, 200, 200, 200, 200, 200, 200), statuses);
            assertEquals(8, handler.ports.size(), "eight connections for eight requests in flight: " + handler.ports);

            // Afterwards, requests one after another again use one of those eight, the same each time.
            handler.gate = null;
            Set<Integer> before = Set.copyOf(handler.ports);
            Set<Integer> again = tenInARowOnOneConnection(jw, handler, "/again");
            assertTrue(before.containsAll(again), "a kept connection, not a new one: " + again + " of " + before);
        }
    }

    @Test
    void aNegativeMaxIdleConnsPerHostKeepsNoConnection(@TempDir Path dir) throws Exception {
        PortTelling handler = new PortTelling();
        try (Backend backend = Backend.answeredBy(handler);
             JetwayHarness jw = JetwayHarness.routedTo(Files.createDirectories(dir.resolve("m")), backend.port(),
                     "--serversTransport.maxIdleConnsPerHost=-1")) {
            handler.ports.clear();
            for (int i = 0; i < 5; i++) {
                assertEquals(200, oneAfterAnother(jw, "/fresh").getStatus());
            }
            assertEquals(5, handler.ports.size(), "a new connection for each request: " + handler.ports);
        }
    }

    @Test
    void aConnectionClosedByTheIdleTimeoutIsReplacedUnseen(@TempDir Path dir) throws Exception {
        PortTelling handler = new PortTelling();
        try (Backend backend = Backend.answeredBy(handler);
             JetwayHarness jw = JetwayHarness.routedTo(Files.createDirectories(dir.resolve("m")), backend.port(),
                     "--serversTransport.forwardingTimeouts.idleConnTimeout=300ms")) {
            tenInARowOnOneConnection(jw, handler, "/warm-up");
            for (int round = 0; round < 3; round++) {
                handler.ports.clear();
                for (int i = 0; i < 5; i++) {
                    assertEquals(200, oneAfterAnother(jw, "/round-" + round).getStatus());
                }
                assertEquals(1, handler.ports.size(), "round " + round + ": " + handler.ports);
                Thread.sleep(900); // the idle timeout closes the connection
            }
        }
    }
}
