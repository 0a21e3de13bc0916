package io.jetway.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16, item 8: Traefik's respondingTimeouts (readTimeout, writeTimeout, idleTimeout) with Go's
 * semantics, and Jetway's readHeaderTimeout, on real sockets with timeouts of a second. A client
 * that trickles its head in is cut off although each byte comes well within the idle timeout, and
 * nothing reaches the backend; a slow body is allowed when readTimeout is 0. The bounds below are
 * generous ceilings (the timeouts are 1 s), not timing assertions.
 */
class RespondingTimeoutsTest {

    private static final String TIMEOUTS = "--entrypoints.web.transport.respondingtimeouts.";
    /** How long a test keeps a client going before it concludes that Jetway never cut it off. */
    private static final Duration GIVE_UP = Duration.ofSeconds(12);
    private static final long TRICKLE_MS = 250;

    static RecordingBackend backend;

    @BeforeAll
    static void start() throws Exception {
        backend = RecordingBackend.start();
    }

    @AfterAll
    static void stop() throws Exception {
        backend.close();
    }

    private static JetwayHarness jetway(Path dir, String... flags) throws Exception {
        JetwayHarness jw = JetwayHarness.start(Files.createDirectories(dir.resolve("m")), flags);
        jw.write("app.yaml", Manifests.service("rec", backend.port()) + Manifests.route("rec", "PathPrefix(`/`)", "rec"));
        jw.awaitResponse(null, "/ready", r -> r.getStatus() == 200, Duration.ofSeconds(10));
        return jw;
    }

    /**
     * Sends the head's start, then one header byte every {@value #TRICKLE_MS} ms, never ending it.
     * True when Jetway closed the connection (or answered 408) before {@link #GIVE_UP}.
     */
    private static boolean trickledHeadIsCut(int port, String path) throws Exception {
        try (Socket socket = RawHttp.connect(port)) {
            socket.setSoTimeout(1);
            RawHttp.send(socket, "GET " + path + " HTTP/1.1\r\nHost: slow.localhost\r\nX-Slow: ");
            long giveUp = System.nanoTime() + GIVE_UP.toNanos();
            while (System.nanoTime() < giveUp) {
                try {
                    RawHttp.send(socket, "a");
                } catch (SocketException cut) {
                    return true;
                }
                if (closedOrTimedOut(socket.getInputStream())) {
                    return true;
                }
                Thread.sleep(TRICKLE_MS);
            }
            return false;
        }
    }

    /** Whether the server closed the connection or answered 408; false while it is still waiting. */
    private static boolean closedOrTimedOut(InputStream in) throws IOException {
        try {
            int first = in.read();
            if (first < 0) {
                return true;
            }
            byte[] rest = in.readNBytes(11);
            return new String(rest, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 408".substring(1));
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Test
    void aTrickledHeadIsCutByTheHeadTimeoutAndNothingReachesTheBackend(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = jetway(dir, TIMEOUTS + "readheadertimeout=1s")) {
            assertTrue(trickledHeadIsCut(jw.port(), "/slowloris"), "a head trickled in byte by byte is cut off");
            assertEquals(200, RawHttp.exchange(jw.port(), "GET /after HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").status());
            backend.awaitPath("/after");
            assertTrue(backend.paths().stream().noneMatch(p -> p.startsWith("/slowloris")), backend.paths().toString());
        }
    }

    @Test
    void aTrickledHeadIsCutByTheReadTimeoutAlone(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = jetway(dir, TIMEOUTS + "readtimeout=1s", TIMEOUTS + "readheadertimeout=0s")) {
            assertTrue(trickledHeadIsCut(jw.port(), "/slowloris-read"), "readTimeout bounds the head too");
            assertTrue(backend.paths().stream().noneMatch(p -> p.startsWith("/slowloris-read")), backend.paths().toString());
        }
    }

    @Test
    void aConnectionThatSaysNothingIsClosedByTheHeadTimeout(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = jetway(dir, TIMEOUTS + "readheadertimeout=1s");
             Socket silent = RawHttp.connect(jw.port())) {
            silent.setSoTimeout((int) GIVE_UP.toMillis());
            assertTrue(RawHttp.closedWithoutAnswer(silent.getInputStream()));
        }
    }

    @Test
    void aSlowBodyUploadCompletesWithReadTimeoutZero(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = jetway(dir, TIMEOUTS + "readtimeout=0s", TIMEOUTS + "readheadertimeout=1s");
             Socket socket = RawHttp.connect(jw.port())) {
            int pieces = 12; // about 3 s of body, three times the head timeout
            RawHttp.send(socket, "POST /slow-upload HTTP/1.1\r\nHost: up.localhost\r\nContent-Length: " + pieces * 100 + "\r\n\r\n");
            for (int i = 0; i < pieces; i++) {
                Thread.sleep(TRICKLE_MS);
                RawHttp.send(socket, "x".repeat(100));
            }
            assertEquals(200, RawHttp.read(socket.getInputStream()).status());
            RecordingBackend.Received received = backend.awaitPath("/slow-upload");
            assertEquals(pieces * 100L, received.bodyLength());
            assertTrue(received.complete());
        }
    }

    @Test
    void aSlowBodyIsCutByTheReadTimeout(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = jetway(dir, TIMEOUTS + "readtimeout=1s");
             Socket socket = RawHttp.connect(jw.port())) {
            RawHttp.send(socket, "POST /slow-body HTTP/1.1\r\nHost: up.localhost\r\nContent-Length: 100000\r\n\r\n");
            socket.setSoTimeout(1);
            boolean cut = false;
            long giveUp = System.nanoTime() + GIVE_UP.toNanos();
            while (!cut && System.nanoTime() < giveUp) {
                try {
                    RawHttp.send(socket, "y");
                    cut = closedOrAnswered(socket.getInputStream());
                } catch (SocketException reset) {
                    cut = true;
                }
                Thread.sleep(TRICKLE_MS);
            }
            assertTrue(cut, "a body still arriving after readTimeout is cut off");
            RecordingBackend.Received received = backend.await(r -> r.pathAndQuery().equals("/slow-body"), GIVE_UP)
                    .orElse(null);
            assertTrue(received == null || !received.complete() || received.bodyLength() < 100000,
                    "the backend never gets the request whole");
        }
    }

    private static boolean closedOrAnswered(InputStream in) throws IOException {
        try {
            return in.read() >= -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = jetway(dir, TIMEOUTS + "idletimeout=1s");
             Socket socket = RawHttp.connect(jw.port())) {
            RawHttp.send(socket, "GET /keep-alive HTTP/1.1\r\nHost: idle.localhost\r\n\r\n");
            assertEquals(200, RawHttp.read(socket.getInputStream()).status());
            socket.setSoTimeout((int) GIVE_UP.toMillis());
            assertTrue(RawHttp.closedWithoutAnswer(socket.getInputStream()), "the idle connection is closed");
        }
    }

    @Test
    void aResponseNotWrittenWithinTheWriteTimeoutClosesTheConnection(@TempDir Path dir) throws Exception {
        try (GatedBackend held = GatedBackend.closed();
             JetwayHarness jw = JetwayHarness.start(Files.createDirectories(dir.resolve("m")), TIMEOUTS + "writetimeout=1s")) {
            jw.write("app.yaml", Manifests.service("rec", backend.port()) + Manifests.route("rec", "PathPrefix(`/`)", "rec")
                    + Manifests.service("held", held.port()) + Manifests.route("held", "PathPrefix(`/held`)", "held"));
            jw.awaitResponse(null, "/ready", r -> r.getStatus() == 200, Duration.ofSeconds(10));
            try (Socket socket = RawHttp.connect(jw.port())) {
                RawHttp.send(socket, "GET /held HTTP/1.1\r\nHost: held.localhost\r\n\r\n");
                assertTrue(held.awaitArrivals(1), "the request reached the backend, which holds it");
                socket.setSoTimeout((int) GIVE_UP.toMillis());
                assertTrue(RawHttp.closedWithoutAnswer(socket.getInputStream()), "cut off at the write timeout");
            } finally {
                held.open();
            }
        }
    }
}
