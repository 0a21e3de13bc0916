package io.jetway.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Expect: 100-continue} through Jetway: a backend that never sends 100 still gets the body
 * after a short wait (Go's ExpectContinueTimeout, 1s in Traefik), a backend that sends 100 gets it
 * at once, and a backend that answers before reading the body has its answer relayed.
 */
class ExpectContinueTest {

    private static final String BODY = "hello";
    /** Larger than what Jetty's 100-continue handling buffers of an answer that comes instead of a 100 (2 MiB). */
    private static final int LARGE_ANSWER = 3 * 1024 * 1024;

    /** What a client does that waits for 100 before sending its body (as curl does, without its own 1s fallback). */
    private static String postExpectingContinue(int port) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: expect.test\r\nContent-Type: text/plain\r\nContent-Length: "
                    + BODY.length() + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            if (head.startsWith("HTTP/1.1 100")) {
                out.write(BODY.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                head = readHead(in);
            }
            return head + "\r\n\r\n" + new String(in.readNBytes(contentLength(head)), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aBackendThatNeverSends100GetsTheBodyAfterAShortWait(@TempDir Path dir) throws Exception {
        try (RawBackend backend = new RawBackend(RawBackend.Mode.NEVER_100);
             JetwayHarness jetway = start(dir, backend)) {
            String answer = postExpectingContinue(jetway.port());
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
            assertTrue(answer.endsWith("got:" + BODY), answer);
            RawBackend.Seen seen = backend.next();
            assertTrue(seen.head().toLowerCase(Locale.ROOT).contains("expect: 100-continue"), "the Expect is passed on: " + seen.head());
            assertEquals(BODY, seen.body());
        }
    }

    @Test
    void aLargeAnswerAfterTheWaitIsStreamedWhole(@TempDir Path dir) throws Exception {
        try (RawBackend backend = new RawBackend(RawBackend.Mode.NEVER_100_LARGE_ANSWER);
             JetwayHarness jetway = start(dir, backend)) {
            String answer = postExpectingContinue(jetway.port());
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer.substring(0, Math.min(200, answer.length())));
            assertTrue(answer.endsWith("got:" + BODY), "the whole answer");
            assertEquals(BODY, backend.next().body());
        }
    }

    @Test
    void aBackendThatSends100GetsTheBody(@TempDir Path dir) throws Exception {
        try (RawBackend backend = new RawBackend(RawBackend.Mode.SENDS_100);
             JetwayHarness jetway = start(dir, backend)) {
            String answer = postExpectingContinue(jetway.port());
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
            assertTrue(answer.endsWith("got:" + BODY), answer);
            assertEquals(BODY, backend.next().body());
        }
    }

    @Test
    void aBackendThatRefusesBeforeTheBodyHasItsAnswerRelayed(@TempDir Path dir) throws Exception {
        try (RawBackend backend = new RawBackend(RawBackend.Mode.REFUSES);
             JetwayHarness jetway = start(dir, backend)) {
            String answer = postExpectingContinue(jetway.port());
            assertTrue(answer.startsWith("HTTP/1.1 401 "), answer);
            assertTrue(answer.toLowerCase(Locale.ROOT).contains("www-authenticate: basic realm=\"backend\""), answer);
            assertTrue(answer.endsWith("log in first"), answer);
            assertEquals("", backend.next().body(), "the backend answered without reading a body");
        }
    }

    private static JetwayHarness start(Path dir, RawBackend backend) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", backend.port())
                + Manifests.route("app", "Host(`expect.test`)", "app"));
        JetwayHarness jetway = JetwayHarness.start(manifests);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (jetway.server.routerStatuses().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        return jetway;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            head.write(b);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                return text.substring(0, text.length() - 4);
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    /** A one-request-per-connection HTTP/1.1 backend on a plain socket, scripted around Expect: 100-continue. */
    private static final class RawBackend implements AutoCloseable {

        enum Mode { NEVER_100, NEVER_100_LARGE_ANSWER, SENDS_100, REFUSES }

        record Seen(String head, String body) {
        }

        private final ServerSocket server;
        private final LinkedBlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

        RawBackend(Mode mode) throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket socket = server.accept()) {
                        socket.setSoTimeout(20_000);
                        serve(mode, socket);
                    } catch (IOException closedOrBroken) {
                        // the next connection, or the end of the test
                    }
                }
            }, "expect-backend");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        private void serve(Mode mode, Socket socket) throws IOException {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String head = readHead(in);
            String answer;
            String body = "";
            if (mode == Mode.REFUSES) {
                answer = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"backend\"\r\n"
                        + "Content-Length: 12\r\nConnection: close\r\n\r\nlog in first";
            } else {
                if (mode == Mode.SENDS_100) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                body = new String(in.readNBytes(contentLength(head)), StandardCharsets.ISO_8859_1);
                String reply = "got:" + body;
                if (mode == Mode.NEVER_100_LARGE_ANSWER) {
                    reply = "x".repeat(LARGE_ANSWER) + reply;
                }
                answer = "HTTP/1.1 200 OK\r\nContent-Length: " + reply.length() + "\r\nConnection: close\r\n\r\n" + reply;
            }
            seen.add(new Seen(head, body));
            out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        int port() {
            return server.getLocalPort();
        }

        Seen next() throws InterruptedException {
            Seen next = seen.poll(20, TimeUnit.SECONDS);
            assertNotNull(next, "the backend got no request");
            return next;
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
