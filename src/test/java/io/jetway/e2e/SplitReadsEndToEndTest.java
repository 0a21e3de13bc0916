package io.jetway.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bytes that arrive in pieces, on both sides of the proxy. After a read that empties the socket,
 * Jetway does not read again until the selector reports input (ShortReadEndPoint): these tests make
 * the next bytes come after such a read, from the client (request line, headers and body apart,
 * pipelined requests, a later request on the same connection) and from the backend (headers, then
 * the body in two parts).
 */
class SplitReadsEndToEndTest {

    private static final long PAUSE_MS = 150;

    static Backend backend;

    @BeforeAll
    static void start() throws IOException {
        backend = Backend.answeredOnSockets(SplitReadsEndToEndTest::answerSlowly);
    }

    @AfterAll
    static void stop() throws Exception {
        backend.close();
    }

    private static JetwayHarness jetway(Path dir) throws Exception {
        return JetwayHarness.routedTo(Files.createDirectories(dir.resolve("m")), backend.port());
    }

    @Test
    void requestHeadersAndBodyArrivingAfterPausesAreForwardedWhole(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = jetway(dir); Socket client = new Socket("127.0.0.1", jw.port())) {
            client.setSoTimeout(10_000);
            OutputStream out = client.getOutputStream();
            send(out, "POST /upload HTTP/1.1\r\nHost: split.localhost\r\n");
            Thread.sleep(PAUSE_MS);
            send(out, "Content-Length: 11\r\n\r\n");
            Thread.sleep(PAUSE_MS);
            send(out, "hello");
            Thread.sleep(PAUSE_MS);
            send(out, " world");
            Reply reply = Reply.read(client.getInputStream());
            assertEquals(200, reply.status());
            assertEquals("POST /upload body=hello world", reply.body());
        }
    }

    @Test
    void pipelinedRequestsInOneWriteGetTheirAnswersInOrder(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = jetway(dir); Socket client = new Socket("127.0.0.1", jw.port())) {
            client.setSoTimeout(10_000);
            send(client.getOutputStream(), "GET /one HTTP/1.1\r\nHost: a.localhost\r\n\r\n"
                    + "GET /two HTTP/1.1\r\nHost: a.localhost\r\n\r\n");
            InputStream in = client.getInputStream();
            assertEquals("GET /one body=", Reply.read(in).body());
            assertEquals("GET /two body=", Reply.read(in).body());
        }
    }

    @Test
    void aLaterRequestOnTheSameConnectionIsServed(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = jetway(dir); Socket client = new Socket("127.0.0.1", jw.port())) {
            client.setSoTimeout(10_000);
            InputStream in = client.getInputStream();
            for (int i = 0; i < 3; i++) {
                send(client.getOutputStream(), "GET /again/" + i + " HTTP/1.1\r\nHost: a.localhost\r\n\r\n");
                Reply reply = Reply.read(in);
                assertEquals(200, reply.status());
                assertEquals("GET /again/" + i + " body=", reply.body());
                Thread.sleep(PAUSE_MS);
            }
        }
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A response read off a raw socket: status line, headers, a Content-Length body. */
    record Reply(int status, Map<String, String> headers, String body) {

        static Reply read(InputStream in) throws IOException {
            String statusLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            return new Reply(Integer.parseInt(statusLine.split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed in a response: " + bytes);
                }
                if (b != '\r') {
                    bytes.write(b);
                }
            }
            return bytes.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * The backend: keep-alive HTTP/1.1 on a plain socket that answers each request with its method, path
     * and body, sending the headers first and the body in two parts, with pauses between.
     */
    private static void answerSlowly(Socket s) throws IOException, InterruptedException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        while (true) {
            String requestLine;
            try {
                requestLine = Reply.line(in);
            } catch (IOException closed) {
                return;
            }
            int length = 0;
            for (String h = Reply.line(in); !h.isEmpty(); h = Reply.line(in)) {
                if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(h.substring(15).trim());
                }
            }
            String requestBody = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            String[] parts = requestLine.split(" ");
            byte[] body = (parts[0] + " " + parts[1] + " body=" + requestBody).getBytes(StandardCharsets.UTF_8);
            int half = body.length / 2;
            send(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n");
            Thread.sleep(PAUSE_MS / 3);
            out.write(body, 0, half);
            out.flush();
            Thread.sleep(PAUSE_MS / 3);
            out.write(body, half, body.length - half);
            out.flush();
        }
    }
}
