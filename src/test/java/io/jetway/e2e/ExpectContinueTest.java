package io.jetway.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
        try (Socket socket = RawHttp.connect(port)) {
            RawHttp.send(socket, "POST /upload HTTP/1.1\r\nHost: expect.test\r\nContent-Type: text/plain\r\nContent-Length: "
                    + BODY.length() + "\r\nExpect: 100-continue\r\n\r\n");
            InputStream in = socket.getInputStream();
            String head = RawHttp.readHead(in);
            if (head.startsWith("HTTP/1.1 100")) {
                RawHttp.send(socket, BODY);
                head = RawHttp.readHead(in);
            }
            return head + new String(in.readNBytes(RawHttp.contentLength(head).orElse(0)), StandardCharsets.ISO_8859_1);
        }
    }

    /** What the client got, and what the backend saw, of one POST through Jetway to a backend in this mode. */
    private record Outcome(String answer, RawBackend.Seen seen) {
    }

    private static Outcome postThrough(Path dir, RawBackend.Mode mode) throws Exception {
        try (RawBackend backend = new RawBackend(mode);
             JetwayHarness jetway = start(dir, backend)) {
            String answer = postExpectingContinue(jetway.port());
            return new Outcome(answer, backend.next());
        }
    }

    @Test
    void aBackendThatNeverSends100GetsTheBodyAfterAShortWait(@TempDir Path dir) throws Exception {
        Outcome outcome = postThrough(dir, RawBackend.Mode.NEVER_100);
        String answer = outcome.answer();
        assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        assertTrue(answer.endsWith("got:" + BODY), answer);
        RawBackend.Seen seen = outcome.seen();
        assertTrue(seen.head().toLowerCase(Locale.ROOT).contains("expect: 100-continue"), "the Expect is passed on: " + seen.head());
        assertEquals(BODY, seen.body());
    }

    @Test
    void aLargeAnswerAfterTheWaitIsStreamedWhole(@TempDir Path dir) throws Exception {
        Outcome outcome = postThrough(dir, RawBackend.Mode.NEVER_100_LARGE_ANSWER);
        String answer = outcome.answer();
        assertTrue(answer.startsWith("HTTP/1.1 200 "), answer.substring(0, Math.min(200, answer.length())));
        assertTrue(answer.endsWith("got:" + BODY), "the whole answer");
        assertEquals(BODY, outcome.seen().body());
    }

    @Test
    void aBackendThatSends100GetsTheBody(@TempDir Path dir) throws Exception {
        Outcome outcome = postThrough(dir, RawBackend.Mode.SENDS_100);
        String answer = outcome.answer();
        assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
        assertTrue(answer.endsWith("got:" + BODY), answer);
        assertEquals(BODY, outcome.seen().body());
    }

    @Test
    void aBackendThatRefusesBeforeTheBodyHasItsAnswerRelayed(@TempDir Path dir) throws Exception {
        Outcome outcome = postThrough(dir, RawBackend.Mode.REFUSES);
        String answer = outcome.answer();
        assertTrue(answer.startsWith("HTTP/1.1 401 "), answer);
        assertTrue(answer.toLowerCase(Locale.ROOT).contains("www-authenticate: basic realm=\"backend\""), answer);
        assertTrue(answer.endsWith("log in first"), answer);
        assertEquals("", outcome.seen().body(), "the backend answered without reading a body");
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

    /** A one-request-per-connection HTTP/1.1 answer on a plain socket, scripted around Expect: 100-continue. */
    private static final class RawBackend implements AutoCloseable {

        enum Mode { NEVER_100, NEVER_100_LARGE_ANSWER, SENDS_100, REFUSES }

        record Seen(String head, String body) {
        }

        private final Backend sockets;
        private final LinkedBlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

        RawBackend(Mode mode) throws IOException {
            sockets = Backend.answeredOnSockets(socket -> {
                socket.setSoTimeout(20_000);
                serve(mode, socket);
            });
        }

        private void serve(Mode mode, Socket socket) throws IOException {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            String head = RawHttp.readHead(in);
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
                body = new String(in.readNBytes(RawHttp.contentLength(head).orElse(0)), StandardCharsets.ISO_8859_1);
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
            return sockets.port();
        }

        Seen next() throws InterruptedException {
            Seen next = seen.poll(20, TimeUnit.SECONDS);
            assertNotNull(next, "the backend got no request");
            return next;
        }

        @Override
        public void close() throws Exception {
            sockets.close();
        }
    }
}
