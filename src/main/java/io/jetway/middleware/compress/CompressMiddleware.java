package io.jetway.middleware.compress;

import io.jetway.exchange.Exchange;
import io.jetway.exchange.ForwardEdits;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.exchange.ResponseBodyTransformer;
import io.jetway.model.Node;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code compress}: compresses response bodies with the coding the client prefers among
 * {@code encodings} (gzip, br, zstd). Skipped for HEAD, gRPC, 204/304/206, responses that carry a
 * Content-Encoding, excluded (or not included) content types, and bodies shorter than
 * {@code minResponseBodyBytes}. The proxy does the work, through {@link CompressedBody}, so a
 * response keeps streaming: each flush of the backend's stream sends what it compressed so far.
 */
public final class CompressMiddleware extends HttpMiddleware {

    static final List<String> DEFAULT_ENCODINGS = List.of("gzip", "br", "zstd");
    private static final int DEFAULT_MIN_BYTES = 1024;

    private final Settings settings;

    private record Settings(Set<String> excludedTypes, Set<String> includedTypes, int minBytes,
                            List<String> encodings, String defaultEncoding) {
    }

    private CompressMiddleware(Settings settings) {
        this.settings = settings;
    }

    public static Filter create(Node options, MiddlewareContext context) {
        Node excludedNode = options.get("excludedContentTypes");
        Node includedNode = options.get("includedContentTypes");
        Set<String> excluded = mediaTypes(excludedNode);
        Set<String> included = mediaTypes(includedNode);
        if (!excluded.isEmpty() && !included.isEmpty()) {
            throw new Node.InvalidFieldException(includedNode.path(),
                    "excludedContentTypes and includedContentTypes cannot be used together");
        }
        Node minNode = options.get("minResponseBodyBytes");
        int minBytes = minNode.integer(DEFAULT_MIN_BYTES);
        if (minBytes < 0) {
            throw new Node.InvalidFieldException(minNode.path(), "must not be negative, got " + minBytes);
        }
        List<String> encodings = encodings(options.get("encodings"));
        Node defaultNode = options.get("defaultEncoding");
        String defaultEncoding = defaultNode.string("").trim().toLowerCase(Locale.ROOT);
        if (!defaultEncoding.isEmpty() && !encodings.contains(defaultEncoding)) {
            throw new Node.InvalidFieldException(defaultNode.path(),
                    "must be one of the encodings " + encodings + ", got \"" + defaultEncoding + "\"");
        }
        return new CompressMiddleware(new Settings(excluded, included, minBytes, encodings,
                defaultEncoding.isEmpty() ? null : defaultEncoding));
    }

    private static Set<String> mediaTypes(Node node) {
        List<String> types = new ArrayList<>();
        List<Node> items = node.list();
        for (Node item : items) {
            String type = mediaType(item.requiredString());
            if (type == null) {
                throw new Node.InvalidFieldException(item.path(), "not a media type: \"" + item.raw() + "\"");
            }
            types.add(type);
        }
        return Set.copyOf(types);
    }

    /** Written encodings in order; the defaults are those this platform has, the written ones must all be had. */
    private static List<String> encodings(Node node) {
        if (node.isMissing()) {
            return DEFAULT_ENCODINGS.stream().filter(ContentEncoder.AVAILABLE::containsKey).toList();
        }
        List<String> encodings = new ArrayList<>();
        for (Node item : node.list()) {
            String token = item.requiredString().trim().toLowerCase(Locale.ROOT);
            if (ContentEncoder.byToken(token) == null) {
                throw new Node.InvalidFieldException(item.path(), "must be one of gzip, br, zstd, got \"" + item.raw() + "\"");
            }
            if (!ContentEncoder.AVAILABLE.containsKey(token)) {
                throw new Node.InvalidFieldException(item.path(), "encoding " + token + " is not available on this platform");
            }
            if (!encodings.contains(token)) {
                encodings.add(token);
            }
        }
        if (encodings.isEmpty()) {
            throw new Node.InvalidFieldException(node.path(), "must name at least one encoding");
        }
        return List.copyOf(encodings);
    }

    /** The media type without parameters, lower-case, or null when it is not one. */
    static String mediaType(String value) {
        if (value == null) {
            return null;
        }
        int semicolon = value.indexOf(';');
        String type = (semicolon < 0 ? value : value.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        int slash = type.indexOf('/');
        return slash <= 0 || slash == type.length() - 1 || type.indexOf('/', slash + 1) >= 0 ? null : type;
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        if (!request.getMethod().equals("HEAD") && !"application/grpc".equals(mediaType(request.getContentType()))) {
            List<String> accepted = request.getHeader("Accept-Encoding") == null ? null
                    : Collections.list(request.getHeaders("Accept-Encoding"));
            String chosen = AcceptEncoding.choose(accepted, settings.encodings(), settings.defaultEncoding());
            if (chosen != null) {
                ForwardEdits edits = Exchange.of(request).edits();
                edits.addResponseHeaderToken("Vary", "Accept-Encoding");
                Exchange.of(request).transformResponseBody(new Transformer(settings, ContentEncoder.AVAILABLE.get(chosen)));
            }
        }
        next.doFilter(request, response);
    }

    /** Decides per response, once its status and headers are known. */
    private record Transformer(Settings settings, ContentEncoder encoder) implements ResponseBodyTransformer {

        @Override
        public Transform begin(HttpServletRequest request, HttpServletResponse response, int status) {
            if (status < 200 || status == 204 || status == 206 || status == 304) {
                return null;
            }
            String encoding = response.getHeader("Content-Encoding");
            if (encoding != null && !encoding.isBlank()) {
                return null;
            }
            String type = mediaType(response.getContentType());
            if (type != null && (type.equals("application/grpc") || settings.excludedTypes().contains(type)
                    || (!settings.includedTypes().isEmpty() && !settings.includedTypes().contains(type)))) {
                return null;
            }
            long length = contentLength(response.getHeader("Content-Length"));
            try {
                if (length >= 0) {
                    return length == 0 || length < settings.minBytes() ? null : CompressedBody.compressing(response, encoder);
                }
                return CompressedBody.undecided(response, encoder, settings.minBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static long contentLength(String value) {
            if (value == null) {
                return -1;
            }
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
