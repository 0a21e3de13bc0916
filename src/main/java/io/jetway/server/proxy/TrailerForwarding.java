package io.jetway.server.proxy;

import io.jetway.exchange.Exchange;
import io.jetway.exchange.ResponseBodyTransformer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** Trailers pass both ways: the client's to the backend, the backend's (gRPC's grpc-status) back. */
final class TrailerForwarding {

    private TrailerForwarding() {
    }

    /**
     * Whether to pass the request's trailers on. Asking for them makes Jetty chunk an HTTP/1.1
     * request body, so only when they may come: a streamed body, or a client that speaks of
     * trailers (gRPC sends TE: trailers and its own content type).
     */
    static boolean requestMayHaveTrailers(HttpServletRequest request) {
        boolean http2 = request.getProtocol().equals("HTTP/2.0");
        if (!http2 && !"chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"))) {
            return false;
        }
        if (request.getContentLengthLong() < 0) {
            return true;
        }
        String type = request.getContentType();
        return asksForTrailers(request) || (type != null && type.startsWith("application/grpc"));
    }

    /** The request's trailers as fields, or null when it had none. */
    static HttpFields requestTrailers(HttpServletRequest request) {
        Map<String, String> trailers = request.getTrailerFields();
        if (trailers.isEmpty()) {
            return null;
        }
        HttpFields.Mutable fields = HttpFields.build(trailers.size());
        trailers.forEach(fields::add);
        return fields;
    }

    /**
     * Passes the backend's trailers to the client when it can take them: always over HTTP/2; over
     * HTTP/1.1 when announced or asked for, since they need chunking. A body transform that
     * writes them into the body (gRPC-Web) keeps them.
     */
    static void forwardResponseTrailers(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                        Response serverResponse) {
        String protocol = clientRequest.getProtocol();
        if (!protocol.equals("HTTP/2.0")) {
            boolean wanted = serverResponse.getHeaders().contains(HttpHeader.TRAILER) || asksForTrailers(clientRequest);
            if (!protocol.equals("HTTP/1.1") || !wanted || serverResponse.getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
                return;
            }
        }
        Supplier<HttpFields> trailers = () -> {
            ResponseBodyTransformer.Transform transform = Exchange.of(clientRequest).bodyTransform();
            if (transform != null && transform.consumesTrailers()) {
                return null; // in the body already (gRPC-Web)
            }
            HttpFields received = serverResponse.getTrailers();
            return received == null || received.size() == 0 ? null : received;
        };
        if (ContainerLookups.setTrailers(proxyResponse, trailers)) {
            return;
        }
        proxyResponse.setTrailerFields(() -> {
            HttpFields received = trailers.get();
            Map<String, String> map = new LinkedHashMap<>();
            if (received != null) {
                received.forEach(f -> map.merge(f.getName(), f.getValue(), (a, b) -> a + ", " + b));
            }
            return map;
        });
    }

    private static boolean asksForTrailers(HttpServletRequest request) {
        String te = request.getHeader("TE");
        return te != null && te.toLowerCase(Locale.ROOT).contains("trailers");
    }
}
