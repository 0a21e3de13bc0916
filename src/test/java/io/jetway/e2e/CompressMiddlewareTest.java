package io.jetway.e2e;

import com.aayushatharva.brotli4j.decoder.BrotliInputStream;
import com.github.luben.zstd.ZstdInputStream;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.FutureCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compress middleware through real sockets: the coding follows Accept-Encoding and the
 * middleware's encodings, the client decodes it back to the backend's bytes, and the responses
 * Traefik leaves alone stay as the backend sent them.
 */
class CompressMiddlewareTest {

    private static final String MIDDLEWARES = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: compress}
            spec:
              compress: {}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: zstd-first}
            spec:
              compress:
                encodings: [zstd, br, gzip]
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: default-br}
            spec:
              compress:
                defaultEncoding: br
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: no-csv}
            spec:
              compress:
                excludedContentTypes: [text/csv]
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: only-json}
            spec:
              compress:
                includedContentTypes: [application/json]
                minResponseBodyBytes: 10
            """;

    private final CountDownLatch firstEventSeen = new CountDownLatch(1);

    @TempDir
    Path dir;
    private Backend backend;
    private JetwayHarness jetway;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception {
        backend = Backend.answeredBy(new ScriptHandler());
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        StringBuilder routes = new StringBuilder();
        for (String mw : new String[]{"compress", "zstd-first", "default-br", "no-csv", "only-json"}) {
            routes.append("""
                    ---
                    apiVersion: traefik.io/v1alpha1
                    kind: IngressRoute
                    metadata: {name: %s}
                    spec:
                      routes:
                        - match: Host(`%s.localhost`)
                          middlewares: [{name: %s}]
                          services: [{name: app, port: 80}]
                    """.formatted(mw, mw, mw));
        }
        routes.append("""
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: plain}
                spec:
                  routes:
                    - match: Host(`plain.localhost`)
                      services: [{name: app, port: 80}]
                """);
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", backend.port())
                + MIDDLEWARES + routes);
        jetway = JetwayHarness.start(manifests);
        client = new HttpClient();
        client.start();
        client.getContentDecoderFactories().clear(); // the test decodes, and sends its own Accept-Encoding
    }

    @AfterEach
    void stop() throws Exception {
        client.stop();
        jetway.close();
        backend.close();
    }

    private Request request(String host, String path, String acceptEncoding) {
        Request r = client.newRequest(jetway.url(path)).timeout(20, TimeUnit.SECONDS)
                .headers(h -> h.put("Host", host));
        if (acceptEncoding != null) {
            r.headers(h -> h.put("Accept-Encoding", acceptEncoding));
        }
        return r;
    }

    private ContentResponse get(String host, String path, String acceptEncoding) throws Exception {
        return request(host, path, acceptEncoding).send();
    }

    @ParameterizedTest(name = "{0} Accept-Encoding [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
            "compress   | gzip                        | gzip",
            "compress   | br                          | br",
            "compress   | zstd                        | zstd",
            "compress   | zstd, br, gzip              | gzip",
            "compress   | br;q=1.0, gzip;q=0.5        | br",
            "compress   | gzip;q=0.2, zstd;q=0.9      | zstd",
            "compress   | *                           | gzip",
            "compress   | gzip;q=0, *                 | br",
            "compress   | deflate                     | NONE",
            "compress   | identity                    | NONE",
            "compress   | ''                          | NONE",
            "compress   | NONE                        | NONE",
            "zstd-first | gzip, br, zstd              | zstd",
            "zstd-first | *                           | zstd",
            "default-br | NONE                        | br",
            "default-br | *                           | br",
            "default-br | gzip, *;q=0.5               | gzip",
    })
    void negotiatesTheCodingAndTheClientDecodesTheBackendsBytes(String mw, String accept, String expected) throws Exception {
        ContentResponse r = get(mw + ".localhost", "/text?size=20000", accept);
        assertEquals(200, r.getStatus());
        assertEquals(expected, r.getHeaders().get("Content-Encoding"));
        assertArrayEquals(body(20000), decode(expected, r.getContent()));
        if (expected != null) {
            assertTrue(r.getContent().length < 20000 / 4, "compressed: " + r.getContent().length);
            assertTrue(r.getHeaders().get("Vary").contains("Accept-Encoding"), r.getHeaders().toString());
            String length = r.getHeaders().get("Content-Length");
            assertTrue(length == null || Integer.parseInt(length) == r.getContent().length, "no stale Content-Length");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gzip", "br", "zstd"})
    void aStreamOfUnknownLengthIsCompressedToo(String coding) throws Exception {
        ContentResponse r = get("compress.localhost", "/chunked?size=50000", coding);
        assertEquals(coding, r.getHeaders().get("Content-Encoding"));
        String length = r.getHeaders().get("Content-Length");
        assertTrue(length == null || Integer.parseInt(length) == r.getContent().length, "no stale Content-Length");
        assertArrayEquals(body(50000), decode(coding, r.getContent()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "compress.localhost  | /text?size=1023                           | below minResponseBodyBytes",
            "compress.localhost  | /chunked?size=600                         | a stream that ends below the minimum",
            "compress.localhost  | /text?size=5000&encoding=x-custom         | already encoded",
            "compress.localhost  | /text?size=5000&type=application/grpc     | a gRPC response",
            "no-csv.localhost    | /text?size=5000&type=text/csv;charset=utf-8 | an excluded type",
            "only-json.localhost | /text?size=5000&type=text/html           | a type not included",
    })
    void leavesAloneWhatTraefikDoesNotCompress(String host, String path, String why) throws Exception {
        ContentResponse r = get(host, path, "gzip, br, zstd");
        assertEquals(200, r.getStatus(), why);
        assertNull(r.getHeaders().get("Content-Encoding") == null || path.contains("encoding=")
                ? null : r.getHeaders().get("Content-Encoding"), why);
        int size = Integer.parseInt(path.replaceAll(".*size=(\\d+).*", "$1"));
        assertArrayEquals(body(size), r.getContent(), why + ": the backend's bytes as they were");
        if (path.contains("encoding=")) {
            assertEquals("x-custom", r.getHeaders().get("Content-Encoding"));
        }
    }

    @Test
    void includedTypesAreCompressedAboveTheirMinimum() throws Exception {
        ContentResponse r = get("only-json.localhost", "/text?size=200&type=application/json", "gzip");
        assertEquals("gzip", r.getHeaders().get("Content-Encoding"));
        assertArrayEquals(body(200), decode("gzip", r.getContent()));
    }

    @Test
    void grpcRequestsHeadRequestsAndEmptyStatusesAreNotCompressed() throws Exception {
        ContentResponse grpc = request("compress.localhost", "/text?size=5000", "gzip")
                .headers(h -> h.put("Content-Type", "application/grpc")).send();
        assertNull(grpc.getHeaders().get("Content-Encoding"));
        assertArrayEquals(body(5000), grpc.getContent());

        ContentResponse head = request("compress.localhost", "/text?size=5000", "gzip").method("HEAD").send();
        assertEquals(200, head.getStatus());
        assertNull(head.getHeaders().get("Content-Encoding"));
        assertEquals("5000", head.getHeaders().get("Content-Length"));

        ContentResponse noContent = get("compress.localhost", "/text?size=0&status=204", "gzip");
        assertEquals(204, noContent.getStatus());
        assertNull(noContent.getHeaders().get("Content-Encoding"));
    }

    @Test
    void withoutTheMiddlewareNothingChanges() throws Exception {
        ContentResponse r = get("plain.localhost", "/text?size=20000", "gzip");
        assertNull(r.getHeaders().get("Content-Encoding"));
        assertNull(r.getHeaders().get("Vary"));
        assertArrayEquals(body(20000), r.getContent());
    }

    /** The backend sends its second event only once the client has read the first. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gzip", "br", "zstd"})
    void compressedServerSentEventsArriveEventByEvent(String coding) throws Exception {
        InputStreamResponseListener listener = new InputStreamResponseListener();
        request("compress.localhost", "/events", coding).send(listener);
        Response response = listener.get(10, TimeUnit.SECONDS);
        assertEquals(200, response.getStatus());
        assertEquals(coding, response.getHeaders().get("Content-Encoding"));
        InputStream events = decoding(coding, listener.getInputStream());
        assertEquals("data: one\n\n", readEvent(events));
        firstEventSeen.countDown();
        assertEquals("data: two\n\n", readEvent(events), "the first event arrived while the stream was open");
    }

    /** Byte by byte: a decoder's reader would wait for more than the event that is there. */
    private static String readEvent(InputStream in) throws IOException {
        StringBuilder event = new StringBuilder();
        while (!event.toString().endsWith("\n\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            event.append((char) b);
        }
        return event.toString();
    }

    /** Text that compresses well but not to nothing: lines with their numbers. */
    static byte[] body(int size) {
        StringBuilder text = new StringBuilder(size + 32);
        for (int line = 0; text.length() < size; line++) {
            text.append("line ").append(line).append(" of the backend's answer\n");
        }
        return text.substring(0, size).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] decode(String coding, byte[] content) throws IOException {
        if (coding == null) {
            return content;
        }
        try (InputStream in = decoding(coding, new ByteArrayInputStream(content))) {
            return in.readAllBytes();
        }
    }

    private static InputStream decoding(String coding, InputStream in) throws IOException {
        return switch (coding) {
            case "gzip" -> new GZIPInputStream(in);
            case "br" -> {
                BrotliInputStream br = new BrotliInputStream(in);
                br.enableEagerOutput(); // hand out what a flush made decodable instead of waiting for more
                yield br;
            }
            case "zstd" -> new ZstdInputStream(in);
            default -> throw new IllegalArgumentException(coding);
        };
    }

    /** /text (Content-Length), /chunked (no length, two writes), /events (SSE): size, type, encoding, status from the query. */
    private final class ScriptHandler extends Handler.Abstract {
        @Override
        public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                              Callback callback) throws Exception {
            Fields query = org.eclipse.jetty.server.Request.extractQueryParameters(request);
            String path = org.eclipse.jetty.server.Request.getPathInContext(request);
            if (path.equals("/events")) {
                response.getHeaders().put("Content-Type", "text/event-stream");
                FutureCallback first = new FutureCallback();
                response.write(false, ByteBuffer.wrap("data: one\n\n".getBytes(StandardCharsets.UTF_8)), first);
                first.get(5, TimeUnit.SECONDS);
                boolean seen = firstEventSeen.await(10, TimeUnit.SECONDS);
                response.write(true, ByteBuffer.wrap(("data: " + (seen ? "two" : "timeout") + "\n\n")
                        .getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
            int size = Integer.parseInt(query.getValue("size") == null ? "0" : query.getValue("size"));
            byte[] bytes = body(size);
            response.setStatus(query.getValue("status") == null ? 200 : Integer.parseInt(query.getValue("status")));
            response.getHeaders().put("Content-Type", query.getValue("type") == null ? "text/plain" : query.getValue("type"));
            if (query.getValue("encoding") != null) {
                response.getHeaders().put("Content-Encoding", query.getValue("encoding"));
            }
            if (path.equals("/chunked")) {
                int half = size / 2;
                FutureCallback first = new FutureCallback();
                response.write(false, ByteBuffer.wrap(bytes, 0, half), first);
                first.get(5, TimeUnit.SECONDS);
                response.write(true, ByteBuffer.wrap(bytes, half, size - half), callback);
                return true;
            }
            if (response.getStatus() != 204) {
                response.getHeaders().put("Content-Length", bytes.length);
            }
            response.write(true, ByteBuffer.wrap(bytes), callback);
            return true;
        }
    }
}
