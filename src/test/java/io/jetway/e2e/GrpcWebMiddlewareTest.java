package io.jetway.e2e;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * grpcWeb in front of an h2c gRPC-style backend: gRPC-Web requests over HTTP/1.1 (binary and
 * base64 text) reach it as application/grpc over HTTP/2, and its answer and trailers come back as
 * gRPC-Web; preflights are answered for the allowed origins; bad options disable only their router.
 */
class GrpcWebMiddlewareTest {

    /** What the backend's /Gated waits for before it ends its answer. */
    private static final AtomicReference<CountDownLatch> GATE = new AtomicReference<>();
    private static Backend backend;
    private static JetwayHarness jetway;

    @BeforeAll
    static void start() throws Exception {
        backend = Backend.h2cAnsweredBy(new GrpcBackend());

        Path manifests = Files.createDirectories(Files.createTempDirectory("jetway-grpcweb").resolve("m"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("grpc", backend.port()) + """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: grpcweb}
                spec:
                  grpcWeb:
                    allowOrigins:
                      - https://app.example
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: bad}
                spec:
                  grpcWeb:
                    allowOrigins: https://app.example
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: grpc}
                spec:
                  routes:
                    - match: Host(`grpc.localhost`)
                      middlewares: [{name: grpcweb}]
                      services: [{name: grpc, port: 80, scheme: h2c}]
                    - match: Host(`stream.localhost`)
                      middlewares: [{name: grpcweb}]
                      services: [{name: grpc, port: 80, scheme: h2c, responseForwarding: {flushInterval: "-1"}}]
                    - match: Host(`bad.localhost`)
                      middlewares: [{name: bad}]
                      services: [{name: grpc, port: 80, scheme: h2c}]
                """);
        jetway = JetwayHarness.start(manifests);
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetway != null) {
            jetway.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void binaryRequestGetsTheMessageAndTheTrailerFrame() throws Exception {
        ContentResponse r = jetway.request("grpc.localhost", "/demo.Greeter/Hello").method("POST")
                .headers(h -> h.put("X-Grpc-Web", "1"))
                .body(new BytesRequestContent("application/grpc-web+proto", frame(0, "world")))
                .send();
        assertEquals(200, r.getStatus());
        assertEquals("application/grpc-web+proto", r.getHeaders().get(HttpHeader.CONTENT_TYPE));
        assertEquals("HTTP/2.0", r.getHeaders().get("X-Protocol"), "h2c to the backend");
        assertEquals("application/grpc+proto", r.getHeaders().get("X-Received-Type"));
        assertNull(r.getHeaders().get("X-Received-Length"), "the HTTP/1.1 body's length is not forwarded");
        byte[] expected = concat(frame(0, "echo:world"), trailerFrame("grpc-status: 0\r\ngrpc-message: ok\r\n"));
        assertArrayEquals(expected, r.getContent(), new String(r.getContent(), StandardCharsets.ISO_8859_1));
        assertTrue(r.getHeaders().get("Access-Control-Expose-Headers").contains("grpc-status"));
    }

    @Test
    void textRequestIsDecodedAndTheAnswerEncoded() throws Exception {
        byte[] body = Base64.getEncoder().encode(frame(0, "text client"));
        ContentResponse r = jetway.request("grpc.localhost", "/demo.Greeter/Hello").method("POST")
                .body(new BytesRequestContent("application/grpc-web-text", body))
                .send();
        assertEquals(200, r.getStatus());
        assertEquals("application/grpc-web-text", r.getHeaders().get(HttpHeader.CONTENT_TYPE));
        assertEquals("application/grpc", r.getHeaders().get("X-Received-Type"));
        byte[] decoded = decodeChunks(r.getContentAsString());
        byte[] expected = concat(frame(0, "echo:text client"), trailerFrame("grpc-status: 0\r\ngrpc-message: ok\r\n"));
        assertArrayEquals(expected, decoded, new String(decoded, StandardCharsets.ISO_8859_1));
    }

    @Test
    void textRequestThatIsNotBase64IsRejected() throws Exception {
        ContentResponse r = jetway.request("grpc.localhost", "/demo.Greeter/Hello").method("POST")
                .body(new BytesRequestContent("application/grpc-web-text", "not*base64".getBytes(StandardCharsets.US_ASCII)))
                .send();
        assertEquals(400, r.getStatus());
        assertNull(r.getHeaders().get("X-Protocol"), "answered by Jetway, not the backend");
    }

    @Test
    void trailersAfterAnEmptyBodyStillComeAsAFrame() throws Exception {
        ContentResponse r = jetway.request("grpc.localhost", "/demo.Greeter/Missing").method("POST")
                .body(new BytesRequestContent("application/grpc-web+proto", frame(0, "x")))
                .send();
        assertEquals(200, r.getStatus());
        assertArrayEquals(trailerFrame("grpc-status: 5\r\ngrpc-message: not found\r\n"), r.getContent(),
                new String(r.getContent(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void trailersGoInTheBodyOnlyEvenWhenTheClientTakesTrailers() throws Exception {
        // The backend ends only once the client has its message: the answer is chunked, so it could carry HTTP trailers.
        CountDownLatch messageReceived = new CountDownLatch(1);
        GATE.set(messageReceived);
        ContentResponse r = jetway.request("stream.localhost", "/demo.Greeter/Gated").method("POST")
                .headers(h -> h.put("TE", "trailers"))
                .onResponseContent((response, content) -> messageReceived.countDown())
                .body(new BytesRequestContent("application/grpc-web+proto", frame(0, "te")))
                .send();
        assertNull(r.getHeaders().get(HttpHeader.CONTENT_LENGTH), "streamed");
        HttpFields trailers = r.getTrailers();
        assertTrue(trailers == null || trailers.get("grpc-status") == null, "HTTP trailers: " + trailers);
        byte[] expected = concat(frame(0, "echo:te"), trailerFrame("grpc-status: 0\r\ngrpc-message: ok\r\n"));
        assertArrayEquals(expected, r.getContent(), r.getHeaders().toString());
    }

    @Test
    void allowedOriginGetsCorsOnTheAnswer() throws Exception {
        ContentResponse r = jetway.request("grpc.localhost", "/demo.Greeter/Hello").method("POST")
                .headers(h -> h.put("Origin", "https://app.example"))
                .body(new BytesRequestContent("application/grpc-web", frame(0, "cors")))
                .send();
        assertEquals("https://app.example", r.getHeaders().get("Access-Control-Allow-Origin"));
        assertEquals("application/grpc-web", r.getHeaders().get(HttpHeader.CONTENT_TYPE));
    }

    @Test
    void preflightForAnAllowedOriginIsAnswered() throws Exception {
        ContentResponse r = preflight("https://app.example");
        assertEquals(200, r.getStatus());
        assertEquals("https://app.example", r.getHeaders().get("Access-Control-Allow-Origin"));
        assertEquals("POST", r.getHeaders().get("Access-Control-Allow-Methods"));
        assertEquals("x-grpc-web, content-type, x-user-agent, grpc-timeout",
                r.getHeaders().get("Access-Control-Allow-Headers"));
        assertNull(r.getHeaders().get("X-Protocol"), "answered by Jetway, not the backend");
    }

    @Test
    void preflightForAnotherOriginGetsNoCorsHeaders() throws Exception {
        ContentResponse r = preflight("https://evil.example");
        assertNull(r.getHeaders().get("Access-Control-Allow-Origin"));
        assertNull(r.getHeaders().get("Access-Control-Allow-Methods"));
        assertNull(r.getHeaders().get("X-Protocol"), "answered by Jetway, not the backend");
    }

    @Test
    void allowOriginsNotAListDisablesOnlyItsRouter() throws Exception {
        assertEquals(404, jetway.get("bad.localhost", "/").getStatus());
        String errors = jetway.server.routerStatuses().toString();
        assertTrue(errors.contains("spec.grpcWeb.allowOrigins") && errors.contains("default-bad@kubernetescrd"), errors);
        assertEquals(200, jetway.request("grpc.localhost", "/demo.Greeter/Hello").method("POST")
                .body(new BytesRequestContent("application/grpc-web", frame(0, "still"))).send().getStatus());
    }

    private static ContentResponse preflight(String origin) throws Exception {
        return jetway.request("grpc.localhost", "/demo.Greeter/Hello").method("OPTIONS")
                .headers(h -> h.put("Origin", origin).put("Access-Control-Request-Method", "POST")
                        .put("Access-Control-Request-Headers", "x-grpc-web,content-type,x-user-agent,grpc-timeout"))
                .send();
    }

    static byte[] frame(int flag, String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(5 + bytes.length);
        buffer.put((byte) flag).putInt(bytes.length).put(bytes);
        return buffer.array();
    }

    static byte[] trailerFrame(String lines) {
        return frame(0x80, lines);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** A -text body may be several padded base64 chunks one after another. */
    static byte[] decodeChunks(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String chunk : text.split("(?<==)(?=[^=])")) {
            out.writeBytes(Base64.getDecoder().decode(chunk));
        }
        return out.toByteArray();
    }

    /**
     * Answers like a gRPC server: the request's message echoed in one frame, then trailers; /Missing
     * sends no message, only trailers with grpc-status 5; /Gated ends once {@link #GATE} opens. Answers in the request's type and says in
     * headers what it received.
     */
    private static final class GrpcBackend extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            HttpFields.Mutable headers = response.getHeaders();
            headers.put("X-Protocol", request.getConnectionMetaData().getProtocol());
            headers.put("X-Received-Type", String.valueOf(request.getHeaders().get(HttpHeader.CONTENT_TYPE)));
            String length = request.getHeaders().get(HttpHeader.CONTENT_LENGTH);
            if (length != null) {
                headers.put("X-Received-Length", length);
            }
            Content.Source.asByteBufferAsync(request).whenComplete((body, failure) -> {
                if (failure != null) {
                    callback.failed(failure);
                    return;
                }
                headers.put(HttpHeader.CONTENT_TYPE, request.getHeaders().get(HttpHeader.CONTENT_TYPE));
                if (Request.getPathInContext(request).endsWith("/Missing")) {
                    response.setTrailersSupplier(() -> HttpFields.build()
                            .put("grpc-status", "5").put("grpc-message", "not found"));
                    callback.succeeded();
                    return;
                }
                headers.put("X-Received-Bytes", String.valueOf(body.remaining()));
                byte[] bytes = new byte[body.remaining()];
                body.get(bytes);
                String message = new String(bytes, 5, bytes.length - 5, StandardCharsets.UTF_8);
                response.setTrailersSupplier(() -> HttpFields.build().put("grpc-status", "0").put("grpc-message", "ok"));
                if (Request.getPathInContext(request).endsWith("/Gated")) {
                    response.write(false, ByteBuffer.wrap(frame(0, "echo:" + message)), Callback.from(() -> new Thread(() -> {
                        try {
                            GATE.get().await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        response.write(true, ByteBuffer.allocate(0), callback);
                    }).start(), callback::failed));
                    return;
                }
                response.write(true, ByteBuffer.wrap(frame(0, "echo:" + message)), callback);
            });
            return true;
        }
    }
}
