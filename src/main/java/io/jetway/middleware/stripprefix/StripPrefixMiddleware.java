package io.jetway.middleware.stripprefix;

import io.jetway.exchange.Exchange;
import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.middleware.PathRewrites;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

/** {@code stripPrefix}: forwards the path without the first listed prefix it starts with. */
public final class StripPrefixMiddleware extends HttpMiddleware {

    private final List<String> prefixes;

    public StripPrefixMiddleware(StripPrefixOptions options) {
        this.prefixes = options.prefixes();
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new StripPrefixMiddleware(StripPrefixOptions.from(options));
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        Exchange exchange = Exchange.of(request);
        String path = exchange.path();
        for (String prefix : prefixes) {
            if (!prefix.isEmpty() && path.startsWith(prefix)) {
                PathRewrites.stripPrefix(exchange.edits(), path, prefix);
                break;
            }
        }
        next.doFilter(request, response);
    }
}
