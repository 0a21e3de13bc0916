package io.jetway.middleware.grpcweb;

import io.jetway.exchange.BufferedBody;
import io.jetway.exchange.Exchange;
import io.jetway.exchange.ForwardEdits;
import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.LocalResponses;
import io.jetway.middleware.MiddlewareContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code grpcWeb}: lets gRPC-Web clients (browsers over HTTP/1.1) call a gRPC backend, as Traefik
 * does with improbable-eng's wrapper. A POST of type application/grpc-web[-text][+proto] is
 * forwarded as application/grpc (a -text body base64-decoded); the answer goes back as gRPC-Web,
 * the backend's trailers appended to the body as a trailer frame ({@link GrpcWebBody}). Preflights
 * asking for x-grpc-web are answered here for the {@code allowOrigins} ({@code *} for any).
 */
public final class GrpcWebMiddleware extends HttpMiddleware {

    static final String GRPC = "application/grpc";
    static final String GRPC_WEB = "application/grpc-web";
    static final String GRPC_WEB_TEXT = "application/grpc-web-text";
    /** What Go's rs/cors allows by default, which the wrapper keeps. */
    private static final Set<String> PREFLIGHT_METHODS = Set.of("GET", "POST", "HEAD");
    private static final String MAX_AGE_SECONDS = "600";
    /** A -text body is read whole to decode it: gRPC's default 4 MiB message limit, in base64, with room. */
    private static final int MAX_TEXT_BODY_BYTES = 8 * 1024 * 1024;

    private final List<String> allowOrigins;

    public GrpcWebMiddleware(GrpcWebOptions options) {
        this.allowOrigins = options.allowOrigins();
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new GrpcWebMiddleware(GrpcWebOptions.from(options));
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        if (isGrpcWebPreflight(request)) {
            preflight(request, response);
            return;
        }
        String type = request.getContentType();
        if (!request.getMethod().equals("POST") || type == null || !type.startsWith(GRPC_WEB)) {
            next.doFilter(request, response);
            return;
        }
        boolean text = type.startsWith(GRPC_WEB_TEXT);
        ForwardEdits edits = Exchange.of(request).edits();
        edits.setRequestHeader("Content-Type", type.replaceFirst(text ? GRPC_WEB_TEXT : GRPC_WEB, GRPC));
        // Its length was the HTTP/1.1 body's; HTTP/2 to the backend does without.
        edits.removeRequestHeader("Content-Length");
        if (text) {
            byte[] received = readBody(request);
            if (received == null) {
                response.setHeader("Connection", "close"); // the rest of the body is not read
                LocalResponses.send(request, response, 413, "Request Entity Too Large");
                return;
            }
            byte[] decoded = GrpcWebBody.decodeText(received);
            if (decoded == null) {
                LocalResponses.send(request, response, 400, "Bad Request");
                return;
            }
            Exchange.of(request).bufferedBody(BufferedBody.inMemory(decoded));
        }
        String origin = request.getHeader("Origin");
        if (origin != null && allows(origin)) {
            edits.addResponseHeaderToken("Vary", "Origin");
            edits.setResponseHeader("Access-Control-Allow-Origin", origin);
            edits.setResponseHeader("Access-Control-Allow-Credentials", "true");
        }
        Exchange.of(request).transformResponseBody(new GrpcWebBody.Transformer(text ? GRPC_WEB_TEXT : GRPC_WEB));
        next.doFilter(request, response);
    }

    /** The wrapper answers only preflights that ask for its x-grpc-web header; others pass on. */
    private static boolean isGrpcWebPreflight(HttpServletRequest request) {
        String asked = request.getHeader("Access-Control-Request-Headers");
        return request.getMethod().equals("OPTIONS") && asked != null
                && asked.toLowerCase(Locale.ROOT).contains("x-grpc-web");
    }

    /** As rs/cors: CORS headers only when origin and method are allowed, 200 and no body either way. */
    private void preflight(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.addHeader("Vary", "Origin");
        response.addHeader("Vary", "Access-Control-Request-Method");
        response.addHeader("Vary", "Access-Control-Request-Headers");
        String origin = request.getHeader("Origin");
        String method = request.getHeader("Access-Control-Request-Method");
        if (origin != null && !origin.isEmpty() && allows(origin) && method != null
                && PREFLIGHT_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            response.setHeader("Access-Control-Allow-Origin", origin);
            response.setHeader("Access-Control-Allow-Methods", method.toUpperCase(Locale.ROOT));
            response.setHeader("Access-Control-Allow-Headers", requestedHeaders(request));
            response.setHeader("Access-Control-Allow-Credentials", "true");
            response.setHeader("Access-Control-Max-Age", MAX_AGE_SECONDS);
        }
        LocalResponses.applyEdits(request, response);
        response.setStatus(200);
        response.setContentLength(0);
    }

    /** Every requested header is allowed (the wrapper's default is "*"): echoed, trimmed, lower-case. */
    private static String requestedHeaders(HttpServletRequest request) {
        List<String> names = new ArrayList<>();
        for (String name : request.getHeader("Access-Control-Request-Headers").split(",")) {
            String trimmed = name.trim().toLowerCase(Locale.ROOT);
            if (!trimmed.isEmpty()) {
                names.add(trimmed);
            }
        }
        return String.join(", ", names);
    }

    private boolean allows(String origin) {
        for (String allowed : allowOrigins) {
            if (allowed.equals("*") || allowed.equals(origin)) {
                return true;
            }
        }
        return false;
    }

    /** The body as received, or as an earlier middleware (buffering) already read it; null when too large. */
    private static byte[] readBody(HttpServletRequest request) throws IOException {
        BufferedBody buffered = Exchange.of(request).bufferedBody();
        if (buffered != null) {
            if (buffered.length() > MAX_TEXT_BODY_BYTES) {
                return null;
            }
            return buffered.bytes() != null ? buffered.bytes() : Files.readAllBytes(buffered.file());
        }
        if (request.getContentLengthLong() > MAX_TEXT_BODY_BYTES) {
            return null;
        }
        InputStream in = request.getInputStream();
        byte[] body = in.readNBytes(MAX_TEXT_BODY_BYTES);
        return body.length == MAX_TEXT_BODY_BYTES && in.read() >= 0 ? null : body;
    }
}
