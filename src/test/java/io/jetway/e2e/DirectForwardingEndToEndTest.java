package io.jetway.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The direct forwarding (issue 18) and the servlet proxy side by side: the same requests through
 * a Jetway that forwards the simplest requests directly and through one that sends everything
 * through the servlet proxy (one after the other: one Jetway per JVM at a time), against one
 * scripted backend on a real socket. For every kind of response a backend can give, both must
 * send the backend the same request head and give the client the same answer; and the direct
 * one must really have taken its own path.
 */
class DirectForwardingEndToEndTest {

    private static ScriptedBackend backend;
    private static int closedPort;
    private static Map<String, Result> viaDirect;
    private static Map<String, Result> viaServlet;

    /** What one request gave: the head the backend received (or null), the client's bytes, and whether it went directly. */
    record Result(String backendHead, String response, boolean direct) {
        int status() {
            return Integer.parseInt(response.substring(9, 12));
        }

        /** The status line and headers, less the framing Jetty chooses (chunk sizes are not compared). */
        String head() {
            return response.substring(0, response.indexOf("\r\n\r\n") + 4);
        }

        /** The body, de-chunked when the answer was chunked. */
        String body() {
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            if (!head().toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                return body;
            }
            StringBuilder decoded = new StringBuilder();
            int at = 0;
            while (true) {
                int lineEnd = body.indexOf("\r\n", at);
                int size = Integer.parseInt(body.substring(at, lineEnd).trim(), 16);
                if (size == 0) {
                    return decoded.toString();
                }
                decoded.append(body, lineEnd + 2, lineEnd + 2 + size);
                at = lineEnd + 2 + size + 2;
            }
        }
    }

    private static final Map<String, String> REQUESTS = new LinkedHashMap<>();

    static {
        for (String path : List.of("/length?q=1&b=%20x", "/chunked", "/until-close", "/http10", "/no-content",
                "/not-modified", "/early-hints", "/hop", "/large", "/truncated")) {
            REQUESTS.put(path, get(path, "app.test"));
        }
        REQUESTS.put("HEAD /length", "HEAD /length HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n");
        REQUESTS.put("refused", get("/x", "down.test"));
    }

    private static String get(String path, String host) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: raw-client\r\nAccept: */*\r\n"
                + "X-Forwarded-For: 10.9.9.9\r\nX-Custom: a\r\nX-Custom: b\r\nCookie: c=1\r\nKeep-Alive: 300\r\n"
                + "Connection: close\r\n\r\n";
    }

    @BeforeAll
    static void runBoth(@TempDir Path directDir, @TempDir Path servletDir) throws Exception {
        backend = new ScriptedBackend();
        try (ServerSocket unused = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = unused.getLocalPort();
        }
        viaDirect = run(directDir, true);
        viaServlet = run(servletDir, false);
    }

    private static Map<String, Result> run(Path dir, boolean directForwarding) throws Exception {
        Map<String, Result> results = new LinkedHashMap<>();
        try (JetwayHarness jw = JetwayHarness.start(dir, "--proxy.directforwarding=" + directForwarding)) {
            jw.write("app.yaml", Manifests.service("app", backend.port()) + Manifests.route("app", "Host(`app.test`)", "app")
                    + Manifests.service("down", closedPort) + Manifests.route("down", "Host(`down.test`)", "down"));
            jw.awaitResponse("app.test", "/ready", r -> r.getStatus() == 200, Duration.ofSeconds(20));
            for (Map.Entry<String, String> request : REQUESTS.entrySet()) {
                long before = jw.server.directlyForwardedRequests();
                int received = backend.received();
                String response;
                try {
                    response = RawHttp.untilClosed(jw.port(), request.getValue());
                } catch (IOException e) {
                    throw new AssertionError(request.getKey() + " (direct forwarding " + directForwarding + ")", e);
                }
                String head = backend.received() > received ? backend.lastHead() : null;
                results.put(request.getKey(), new Result(head, response, jw.server.directlyForwardedRequests() == before + 1));
            }
            // A backend that closes a kept-alive connection after answering, without saying so: the
            // next request must not fail on that connection.
            for (int i = 0; i < 5; i++) {
                results.put("close-silently " + i, new Result(null,
                        RawHttp.untilClosed(jw.port(), get("/close-silently", "app.test")), false));
                results.put("after close " + i, new Result(null, keptAlive(jw.port(), get("/length", "app.test")), false));
            }
            long before = jw.server.directlyForwardedRequests();
            results.put("post", new Result(null, RawHttp.untilClosed(jw.port(),
                    "POST /length HTTP/1.1\r\nHost: app.test\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc"),
                    jw.server.directlyForwardedRequests() > before));
            results.put("http10", new Result(null, RawHttp.untilClosed(jw.port(),
                    "GET /length HTTP/1.0\r\nHost: app.test\r\n\r\n"), jw.server.directlyForwardedRequests() > before));
        }
        return results;
    }

    /** One request on a kept-alive connection: the answer (read by its Content-Length). */
    private static String keptAlive(int port, String request) throws IOException {
        RawHttp.Reply reply = RawHttp.exchange(port, request.replace("Connection: close", "Connection: keep-alive"));
        return reply.head() + reply.body();
    }

    @AfterAll
    static void stop() throws Exception {
        backend.close();
    }

    private static Result same(String request) {
        Result direct = viaDirect.get(request);
        Result servlet = viaServlet.get(request);
        assertTrue(direct.direct(), "the direct Jetway forwarded " + request + " itself");
        assertFalse(servlet.direct());
        assertEquals(servlet.backendHead(), direct.backendHead(), "the backend gets the same request head");
        assertEquals(servlet.head(), direct.head(), request);
        assertEquals(servlet.body(), direct.body(), request);
        return direct;
    }

    @Test
    void aBodyWithAContentLength() {
        Result result = same("/length?q=1&b=%20x");
        assertEquals(200, result.status());
        assertEquals("hello", result.body());
        String head = result.backendHead();
        assertTrue(head.startsWith("GET /length?q=1&b=%20x HTTP/1.1\r\n"), head);
        assertTrue(head.contains("X-Custom: a\r\nX-Custom: b\r\n"), head);
        assertTrue(head.contains("X-Forwarded-For: 127.0.0.1\r\n"), "an untrusted client's X-Forwarded-For is replaced: " + head);
        assertFalse(head.toLowerCase(Locale.ROOT).contains("keep-alive"), "hop-by-hop headers stay behind: " + head);
    }

    @Test
    void aChunkedBody() {
        Result result = same("/chunked");
        assertEquals("hello world", result.body());
    }

    @Test
    void aBodyUntilTheBackendCloses() {
        assertEquals("until the end", same("/until-close").body());
    }

    @Test
    void anHttp10Answer() {
        assertEquals("ok", same("/http10").body());
    }

    @Test
    void noContentAndNotModified() {
        assertEquals(204, same("/no-content").status());
        assertEquals(304, same("/not-modified").status());
    }

    @Test
    void aHeadRequest() {
        Result result = same("HEAD /length");
        assertEquals(200, result.status());
        assertEquals("", result.body());
    }

    @Test
    void anEarlyHintIsNotPassedOn() {
        Result result = same("/early-hints");
        assertEquals(200, result.status());
        assertEquals("ok", result.body());
    }

    @Test
    void hopByHopResponseHeaders() {
        Result result = same("/hop");
        assertFalse(result.head().toLowerCase(Locale.ROOT).contains("keep-alive"), result.head());
        assertFalse(result.head().contains("Proxy-Authenticate"), result.head());
        assertTrue(result.head().contains("X-App: 1"), result.head());
    }

    @Test
    void aLargeBody() {
        assertEquals(ScriptedBackend.LARGE, same("/large").body());
    }

    /**
     * A body the backend cuts short never reaches the client as a whole answer. The servlet proxy
     * holds the first bytes in its output buffer and answers 502; the direct forwarding passes on
     * the status and the bytes it has and then closes, as nginx does: the client sees fewer bytes
     * than the Content-Length it was promised.
     */
    @Test
    void aBodyCutShort() {
        Result direct = viaDirect.get("/truncated");
        Result servlet = viaServlet.get("/truncated");
        assertTrue(direct.direct());
        assertEquals(servlet.backendHead(), direct.backendHead());
        assertEquals(502, servlet.status(), servlet.response());
        if (direct.status() == 200) {
            assertTrue(direct.head().contains("Content-Length: 100"), direct.response());
            assertTrue(direct.body().length() < 100, direct.response());
        } else {
            assertEquals(servlet.response(), direct.response());
        }
    }

    @Test
    void aServerThatRefusesTheConnectionIs502() {
        Result result = same("refused");
        assertEquals(502, result.status());
        assertEquals("Bad Gateway", result.body());
    }

    @Test
    void aKeptAliveConnectionTheBackendClosedIsNotAnError() {
        for (int i = 0; i < 5; i++) {
            assertTrue(viaDirect.get("close-silently " + i).response().startsWith("HTTP/1.1 200 "));
            assertTrue(viaDirect.get("after close " + i).response().startsWith("HTTP/1.1 200 "), viaDirect.get("after close " + i).response());
        }
    }

    @Test
    void requestsThatNeedTheServletProxyStillGoThere() {
        assertEquals(200, viaDirect.get("post").status());
        assertFalse(viaDirect.get("post").direct(), "a request with a body goes through the servlet proxy");
        assertEquals(200, viaDirect.get("http10").status());
        assertFalse(viaDirect.get("http10").direct(), "HTTP/1.0 goes through the servlet proxy");
    }

    /**
     * A backend that answers each request by its path with exact bytes, and records the heads it
     * received.
     */
    static final class ScriptedBackend implements AutoCloseable {
        static final String LARGE = "0123456789abcdef".repeat(64 * 1024);

        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<String> heads = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        ScriptedBackend() throws IOException {
            acceptor = new Thread(this::accept, "scripted-backend");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        int received() {
            return heads.size();
        }

        String lastHead() {
            return heads.get(heads.size() - 1);
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread connection = new Thread(() -> serve(socket), "scripted-backend-connection");
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException e) {
                    return;
                }
            }
        }

        private void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                while (true) {
                    String head = RawHttp.readHead(in);
                    if (!head.endsWith("\r\n\r\n")) {
                        return;
                    }
                    RawHttp.contentLength(head).ifPresent(length -> skip(in, length));
                    heads.add(head);
                    String target = head.substring(head.indexOf(' ') + 1, head.indexOf(" HTTP/"));
                    String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
                    if (!answer(path, head.startsWith("HEAD "), out)) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the peer went away
            }
        }

        private static void skip(InputStream in, int length) {
            try {
                in.readNBytes(length);
            } catch (IOException e) {
                // the connection ends below
            }
        }

        /** @return whether the connection stays open */
        private static boolean answer(String path, boolean head, OutputStream out) throws IOException {
            switch (path) {
                case "/chunked" -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
                case "/until-close" -> {
                    write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nuntil the end");
                    return false;
                }
                case "/http10" -> {
                    write(out, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
                    return false;
                }
                case "/no-content" -> write(out, "HTTP/1.1 204 No Content\r\nX-A: b\r\n\r\n");
                case "/not-modified" -> write(out, "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n");
                case "/early-hints" -> write(out, "HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                        + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                case "/hop" -> write(out, "HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
                        + "Proxy-Authenticate: Basic\r\nX-App: 1\r\nContent-Length: 2\r\n\r\nok");
                case "/large" -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + LARGE.length() + "\r\n\r\n" + (head ? "" : LARGE));
                case "/truncated" -> {
                    write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly-some");
                    return false;
                }
                case "/close-silently" -> {
                    write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                    return false;
                }
                default -> write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-App: 1\r\nContent-Length: 5\r\n\r\n"
                        + (head ? "" : "hello"));
            }
            return true;
        }

        private static void write(OutputStream out, String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
