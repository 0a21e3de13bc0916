package io.jetway.e2e;

import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.FutureResponseListener;
import org.eclipse.jetty.client.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** buffering through Jetway to whoami (/upload digests the body, /echo streams it back, /data sends N bytes). */
class BufferingEndToEndTest {

    private static final String BUFFERING = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: buffer}
            spec:
              buffering:
            %s""";

    private static MiddlewareHarness start(Path dir, String options) throws Exception {
        return MiddlewareHarness.start(dir, BUFFERING.formatted(options), Manifests.appRoute("app.localhost", "{name: buffer}"));
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** A body without Content-Length, sent in two chunks. */
    private static AsyncRequestContent streamed(byte[] body) {
        AsyncRequestContent content = new AsyncRequestContent();
        int half = body.length / 2;
        content.write(ByteBuffer.wrap(body, 0, half), org.eclipse.jetty.util.Callback.NOOP);
        content.write(ByteBuffer.wrap(body, half, body.length - half), org.eclipse.jetty.util.Callback.NOOP);
        content.close();
        return content;
    }

    @Test
    void aBodyOverTheLimitIsAnswered413AndNeverForwarded(@TempDir Path dir) throws Exception {
        try (Backend backend = Backend.echoing()) {
            Path manifests = Files.createDirectories(dir.resolve("manifests"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", backend.port())
                    + BUFFERING.formatted("    maxRequestBodyBytes: 1000\n") + "---\n" + Manifests.appRoute("app.localhost", "{name: buffer}"));
            try (JetwayHarness jetway = JetwayHarness.start(manifests)) {
                ContentResponse announced = jetway.request("app.localhost", "/").method("POST")
                        .body(new BytesRequestContent(randomBytes(2000))).send();
                assertEquals(413, announced.getStatus());
                assertEquals("Request Entity Too Large\n", announced.getContentAsString());
                ContentResponse chunked = jetway.request("app.localhost", "/").method("POST")
                        .body(streamed(randomBytes(2000))).send();
                assertEquals(413, chunked.getStatus());
                assertEquals(0, backend.requestCount());
                ContentResponse fits = jetway.request("app.localhost", "/").method("POST")
                        .body(new BytesRequestContent("small".getBytes())).send();
                assertEquals(200, fits.getStatus());
                assertEquals("port " + backend.port() + " body small", fits.getContentAsString());
                assertEquals(1, backend.requestCount());
            }
        }
    }

    @Test
    void aLargeBodyArrivesIntactFromMemoryOrFromItsTemporaryFile(@TempDir Path dir) throws Exception {
        long tempFilesBefore = tempBodyFiles();
        try (MiddlewareHarness h = start(dir, "    memRequestBodyBytes: 65536\n    maxRequestBodyBytes: 10000000\n")) {
            for (int size : new int[]{1000, 3 * 1024 * 1024}) {
                byte[] body = randomBytes(size);
                ContentResponse r = h.jetway.request("app.localhost", "/upload").method("POST")
                        .body(new BytesRequestContent(body)).send();
                assertEquals(200, r.getStatus());
                assertEquals("bytes=" + size + " sha256=" + sha256(body), r.getContentAsString());
                Request echo = h.jetway.request("app.localhost", "/echo").method("POST").body(streamed(body));
                FutureResponseListener listener = new FutureResponseListener(echo, 8 * 1024 * 1024);
                echo.send(listener);
                ContentResponse echoed = listener.get(20, TimeUnit.SECONDS);
                assertEquals(200, echoed.getStatus());
                assertTrue(java.util.Arrays.equals(body, echoed.getContent()), "echoed body differs");
            }
        }
        assertEquals(tempFilesBefore, tempBodyFiles(), "temporary body files are deleted");
    }

    @Test
    void theBodyIsReadInFullBeforeAnythingIsForwarded(@TempDir Path dir) throws Exception {
        try (Backend backend = Backend.echoing()) {
            Path manifests = Files.createDirectories(dir.resolve("manifests"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", backend.port())
                    + BUFFERING.formatted("    maxRequestBodyBytes: 100000\n") + "---\n" + Manifests.appRoute("app.localhost", "{name: buffer}"));
            try (JetwayHarness jetway = JetwayHarness.start(manifests)) {
                AsyncRequestContent content = new AsyncRequestContent();
                Request request = jetway.request("app.localhost", "/").method("POST").body(content);
                FutureResponseListener listener = new FutureResponseListener(request);
                request.send(listener);
                content.write(ByteBuffer.wrap("first half, ".getBytes()), org.eclipse.jetty.util.Callback.NOOP);
                // a slow client: nothing reaches the backend while the body is still coming
                Thread.sleep(300);
                assertEquals(0, backend.requestCount());
                content.write(ByteBuffer.wrap("second half".getBytes()), org.eclipse.jetty.util.Callback.NOOP);
                content.close();
                ContentResponse r = listener.get(20, TimeUnit.SECONDS);
                assertEquals(200, r.getStatus());
                assertEquals("port " + backend.port() + " body first half, second half", r.getContentAsString());
            }
        }
    }

    @Test
    void aResponseOverTheLimitIsAnInternalServerError(@TempDir Path dir) throws Exception {
        try (MiddlewareHarness h = start(dir, "    maxResponseBodyBytes: 1000\n")) {
            ContentResponse fits = h.get("app.localhost", "/data?size=1000");
            assertEquals(200, fits.getStatus());
            assertEquals(1000, fits.getContent().length);
            // announced by Content-Length
            assertEquals(500, h.get("app.localhost", "/data?size=5000").getStatus());
            // streamed without a length: found out while it comes
            ContentResponse streamed = h.jetway.request("app.localhost", "/echo").method("POST")
                    .body(streamed(randomBytes(5000))).send();
            assertEquals(500, streamed.getStatus());
            // the server is not to blame: it still serves
            assertEquals(200, h.get("app.localhost", "/").getStatus());
        }
    }

    @Test
    void negativeSizesAreErrorsNamingTheField(@TempDir Path dir) throws Exception {
        try (MiddlewareHarness h = start(dir, "    maxRequestBodyBytes: -1\n")) {
            String errors = h.jetway.server.routerStatuses().toString();
            assertTrue(errors.contains("spec.buffering.maxRequestBodyBytes"), errors);
        }
    }

    private static long tempBodyFiles() throws Exception {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(p -> p.getFileName().toString().startsWith("jetway-body-")).count();
        }
    }
}
