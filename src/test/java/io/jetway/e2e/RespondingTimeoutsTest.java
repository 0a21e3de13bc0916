package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.WebSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

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

    static Backend backend;

    @BeforeAll
    static void start() throws Exception {
        backend = Backend.start();
    }

    @AfterAll
    static void stop() throws Exception {
        backend.close();
    }

    private static JetwayHarness jetway(Path dir, String... flags) throws Exception {
        return JetwayHarness.routedTo(Files.createDirectories(dir.resolve("m")), backend.port(), flags);
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
            Backend.Received received = backend.awaitPath("/slow-upload");
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
            Backend.Received received = backend.await(r -> r.pathAndQuery().equals("/slow-body"), GIVE_UP)
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
        try (Backend held = Backend.gated();
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

    @Test
    void http2ConnectionsAndWebSocketsOutliveTheRequestDeadlines(@TempDir Path dir) throws Exception {
        try (WhoamiServer whoami = WhoamiServer.start("127.0.0.1", 0, "whoami");
             JetwayHarness jw = JetwayHarness.routedTo(Files.createDirectories(dir.resolve("m")), whoami.port(),
                     TIMEOUTS + "readtimeout=1s", TIMEOUTS + "readheadertimeout=1s", TIMEOUTS + "writetimeout=1s")) {
            long wait = 2500; // more than the deadlines of 1 s, well within the idle timeout

            HTTP2Client h2c = new HTTP2Client();
            h2c.start();
            WebSocket ws = null;
            try {
                Session session = h2c.connect(new InetSocketAddress("127.0.0.1", jw.port()), new Session.Listener() { })
                        .get(10, TimeUnit.SECONDS);
                assertEquals(200, h2Status(session, jw.port(), "/h2c/first"));
                CompletableFuture<String> echoed = new CompletableFuture<>();
                ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                        .buildAsync(URI.create("ws://127.0.0.1:" + jw.port() + "/echo"), new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                                echoed.complete(data.toString());
                                return null;
                            }
                        }).get(10, TimeUnit.SECONDS);
                Thread.sleep(wait);
                assertFalse(session.isClosed(), "the h2c connection is still open");
                assertEquals(200, h2Status(session, jw.port(), "/h2c/later"));
                ws.sendText("still there", true).get(10, TimeUnit.SECONDS);
                assertEquals("still there", echoed.get(10, TimeUnit.SECONDS));
            } finally {
                if (ws != null) {
                    ws.abort();
                }
                h2c.stop();
            }
        }
    }

    private static int h2Status(Session session, int port, String path) throws Exception {
        MetaData.Request request = new MetaData.Request("GET", HttpURI.from("http://127.0.0.1:" + port + path),
                HttpVersion.HTTP_2, HttpFields.build());
        CompletableFuture<Integer> status = new CompletableFuture<>();
        session.newStream(new HeadersFrame(request, null, true), new Stream.Listener() {
            @Override
            public void onHeaders(Stream stream, HeadersFrame frame) {
                if (frame.getMetaData() instanceof MetaData.Response response) {
                    status.complete(response.getStatus());
                }
                stream.demand();
            }

            @Override
            public void onDataAvailable(Stream stream) {
                Stream.Data data = stream.readData();
                if (data != null) {
                    data.release();
                }
                if (data == null || !data.frame().isEndStream()) {
                    stream.demand();
                }
            }
        }).get(10, TimeUnit.SECONDS);
        return status.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aTlsConnectionHasTheHeadDeadlineUntilItTurnsOutHttp2(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = jetway(dir, TIMEOUTS + "readheadertimeout=2s")) {
            warmUpTls(jw.port()); // a first handshake in a fresh JVM on a busy machine may itself take longer than that
            try (SSLSocket h2 = tls(jw.port(), "h2")) {
                assertEquals("h2", h2.getApplicationProtocol());
                Thread.sleep(4000);
                assertTrue(stillOpen(h2), "an HTTP/2 connection is not cut by the head deadline");
            }
            try (SSLSocket h1 = tls(jw.port(), "http/1.1")) {
                assertEquals("http/1.1", h1.getApplicationProtocol());
                h1.setSoTimeout((int) GIVE_UP.toMillis());
                assertTrue(RawHttp.closedWithoutAnswer(h1.getInputStream()), "an HTTP/1.1 connection without a request is");
            }
        }
    }

    private static void warmUpTls(int port) throws InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            try (SSLSocket warm = tls(port, "http/1.1")) {
                return;
            } catch (Exception slow) {
                Thread.sleep(200);
            }
        }
    }

    private static SSLSocket tls(int port, String protocol) throws Exception {
        SSLSocket socket = (SSLSocket) TlsClient.trustAll().getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {protocol});
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    /** Reads what the server sends (HTTP/2 settings) until it has nothing more to say: false if it closed. */
    private static boolean stillOpen(Socket socket) throws IOException {
        socket.setSoTimeout(300);
        byte[] buffer = new byte[4096];
        for (int i = 0; i < 100; i++) {
            try {
                if (socket.getInputStream().read(buffer) < 0) {
                    return false;
                }
            } catch (SocketTimeoutException quiet) {
                return true;
            } catch (IOException closed) {
                return false;
            }
        }
        return true;
    }
}
