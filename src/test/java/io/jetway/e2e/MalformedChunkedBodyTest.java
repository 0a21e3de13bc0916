package io.jetway.e2e;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A chunked request body that breaks the chunked framing must not pass for a complete request: the
 * client gets 400, the backend sees the body fail (never a whole request), and the access log says 400.
 */
class MalformedChunkedBodyTest {

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("bad hex size", "5\r\nhello\r\nZZ\r\nworld\r\n0\r\n\r\n"),
                Arguments.of("size overflowing 2^64", "5\r\nhello\r\n10000000000000005\r\nworld\r\n0\r\n\r\n"),
                Arguments.of("chunk longer than declared", "5\r\nhello\r\n3\r\nworld\r\n0\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformedChunkedBodyIsABadRequest(String name, String body, @TempDir Path dir) throws Exception {
        Path log = dir.resolve("access.log");
        try (RecordingBackend backend = RecordingBackend.start()) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", backend.port())
                    + Manifests.route("app", "Host(`chunk.test`)", "app"));
            String response;
            try (JetwayHarness jetway = JetwayHarness.start(manifests, "--accesslog.filepath=" + log, "--accesslog.format=json")) {
                jetway.awaitResponse("chunk.test", "/ready", r -> r.getStatus() == 200, Duration.ofSeconds(20));
                response = exchange(jetway.port(), "POST /upload HTTP/1.1\r\nHost: chunk.test\r\n"
                        + "Transfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n" + body);
                assertTrue(response.startsWith("HTTP/1.1 400 "), name + ": " + response);
                assertFalse(response.contains("Exception"), response);
                backend.await(r -> r.pathAndQuery().equals("/upload"), Duration.ofSeconds(2)).ifPresent(upload ->
                        assertFalse(upload.complete(), name + ": the backend saw a whole body of " + upload.bodyLength() + " bytes"));
            }
            List<JsonObject> lines = Files.readAllLines(log).stream()
                    .map(l -> Json.createReader(new StringReader(l)).readObject()).toList();
            JsonObject upload = lines.stream().filter(l -> l.getString("RequestPath").equals("/upload")).findFirst()
                    .orElseThrow(() -> new AssertionError("no access log line for the upload: " + lines));
            assertEquals(400, upload.getInt("DownstreamStatus"), upload.toString());
        }
    }

    /** A body cut short by the client closing its side is the client going away (499), not a bad request. */
    @Test
    void aBodyCutShortByTheClientIsStillAClientThatWentAway(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("access.log");
        try (RecordingBackend backend = RecordingBackend.start()) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", backend.port())
                    + Manifests.route("app", "Host(`chunk.test`)", "app"));
            try (JetwayHarness jetway = JetwayHarness.start(manifests, "--accesslog.filepath=" + log, "--accesslog.format=json")) {
                jetway.awaitResponse("chunk.test", "/ready", r -> r.getStatus() == 200, Duration.ofSeconds(20));
                try (Socket socket = new Socket("127.0.0.1", jetway.port())) {
                    socket.setSoTimeout(20_000);
                    socket.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: chunk.test\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n5\r\nhel").getBytes(StandardCharsets.ISO_8859_1));
                    socket.getOutputStream().flush();
                    socket.shutdownOutput();
                    socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                }
                RecordingBackend.Received upload = backend.await(r -> r.pathAndQuery().equals("/upload"), Duration.ofSeconds(10))
                        .orElseThrow(() -> new AssertionError("the upload never reached the backend"));
                assertFalse(upload.complete(), "the backend saw the body fail");
            }
            JsonObject upload = Files.readAllLines(log).stream().map(l -> Json.createReader(new StringReader(l)).readObject())
                    .filter(l -> l.getString("RequestPath").equals("/upload")).findFirst().orElseThrow();
            assertEquals(499, upload.getInt("DownstreamStatus"), upload.toString());
        }
    }

    /**
     * Sends the bytes and reads one answer: its head, then its body by Content-Length, or to the
     * end of the connection.
     */
    static String exchange(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                int headEnd = -1;
                long length = -1;
                for (int b; (b = in.read()) >= 0; ) {
                    all.write(b);
                    String text = all.toString(StandardCharsets.ISO_8859_1);
                    if (headEnd < 0 && text.endsWith("\r\n\r\n")) {
                        headEnd = text.length();
                        length = contentLength(text);
                    }
                    if (headEnd >= 0 && length >= 0 && all.size() >= headEnd + length) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException timeout) {
                return all.toString(StandardCharsets.ISO_8859_1) + "[timed out]";
            } catch (java.net.SocketException reset) {
                // what came before the reset is the answer
            }
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring(15).trim());
            }
        }
        return -1;
    }
}
