package io.jetway.middleware.gatewayapi;

import io.jetway.exchange.Exchange;
import io.jetway.exchange.ForwardEdits;
import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code gatewayUrlRewrite}: the HTTPRoute's URLRewrite filter. The backend gets the configured
 * hostname as its Host and/or the path replaced in full or by prefix ({@link PathModifier}); the
 * query is kept. Unlike replacePath, no X-Replaced-Path is added (Traefik adds none here).
 */
public final class UrlRewriteMiddleware extends HttpMiddleware {

    private final UrlRewriteOptions options;

    public UrlRewriteMiddleware(UrlRewriteOptions options) {
        this.options = options;
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new UrlRewriteMiddleware(UrlRewriteOptions.from(options));
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        Exchange exchange = Exchange.of(request);
        ForwardEdits edits = exchange.edits();
        if (options.path() != null) {
            edits.setPath(options.path().apply(exchange.path()));
        }
        if (options.hostname() != null) {
            edits.setRequestHeader("Host", options.hostname());
        }
        next.doFilter(request, response);
    }
}
