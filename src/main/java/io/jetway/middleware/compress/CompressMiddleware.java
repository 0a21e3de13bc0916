package io.jetway.middleware.compress;

import io.jetway.exchange.Exchange;
import io.jetway.exchange.ForwardEdits;
import io.jetway.exchange.ResponseBodyTransformer;
import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * {@code compress}: compresses response bodies with the coding the client prefers among
 * {@code encodings} (gzip, br, zstd). Skipped for HEAD, gRPC, 204/304/206, responses that carry a
 * Content-Encoding, excluded (or not included) content types, and bodies shorter than
 * {@code minResponseBodyBytes}. The proxy does the work, through {@link CompressedBody}, so a
 * response keeps streaming: each flush of the backend's stream sends what it compressed so far.
 */
public final class CompressMiddleware extends HttpMiddleware {

    private final CompressOptions options;

    public CompressMiddleware(CompressOptions options) {
        this.options = options;
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new CompressMiddleware(CompressOptions.from(options));
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
            String chosen = AcceptEncoding.choose(accepted, options.encodings(), options.defaultEncoding());
            if (chosen != null) {
                ForwardEdits edits = Exchange.of(request).edits();
                edits.addResponseHeaderToken("Vary", "Accept-Encoding");
                Exchange.of(request).transformResponseBody(new Transformer(options, ContentEncoder.AVAILABLE.get(chosen)));
            }
        }
        next.doFilter(request, response);
    }

    /** Decides per response, once its status and headers are known. */
    private record Transformer(CompressOptions options, ContentEncoder encoder) implements ResponseBodyTransformer {

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
            if (type != null && (type.equals("application/grpc") || options.excludedContentTypes().contains(type)
                    || (!options.includedContentTypes().isEmpty() && !options.includedContentTypes().contains(type)))) {
                return null;
            }
            long length = contentLength(response.getHeader("Content-Length"));
            try {
                if (length >= 0) {
                    return length == 0 || length < options.minResponseBodyBytes() ? null : CompressedBody.compressing(response, encoder);
                }
                return CompressedBody.undecided(response, encoder, options.minResponseBodyBytes());
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
