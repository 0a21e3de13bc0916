package io.jetway.e2e;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
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
        try (Backend backend = Backend.start()) {
            try (JetwayHarness jetway = start(dir, backend, log)) {
                RawHttp.Reply reply = RawHttp.exchange(jetway.port(), "POST /upload HTTP/1.1\r\nHost: chunk.test\r\n"
                        + "Transfer-Encoding: chunked\r\nContent-Type: text/plain\r\n\r\n" + body);
                String response = reply.head() + reply.body();
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
        try (Backend backend = Backend.start()) {
            try (JetwayHarness jetway = start(dir, backend, log)) {
                try (Socket socket = RawHttp.connect(jetway.port())) {
                    RawHttp.send(socket, "POST /upload HTTP/1.1\r\nHost: chunk.test\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel");
                    socket.shutdownOutput();
                    socket.getInputStream().transferTo(OutputStream.nullOutputStream());
                }
                Backend.Received upload = backend.await(r -> r.pathAndQuery().equals("/upload"), Duration.ofSeconds(10))
                        .orElseThrow(() -> new AssertionError("the upload never reached the backend"));
                assertFalse(upload.complete(), "the backend saw the body fail");
            }
            JsonObject upload = Files.readAllLines(log).stream().map(l -> Json.createReader(new StringReader(l)).readObject())
                    .filter(l -> l.getString("RequestPath").equals("/upload")).findFirst().orElseThrow();
            assertEquals(499, upload.getInt("DownstreamStatus"), upload.toString());
        }
    }

    /** Jetway with its access log in JSON, routed to the backend. */
    private static JetwayHarness start(Path dir, Backend backend, Path log) throws Exception {
        return JetwayHarness.routedTo(Files.createDirectories(dir.resolve("m")), backend.port(),
                "--accesslog.filepath=" + log, "--accesslog.format=json");
    }
}
