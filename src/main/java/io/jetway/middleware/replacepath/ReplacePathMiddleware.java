package io.jetway.middleware.replacepath;

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

/** {@code replacePath}: forwards a fixed path, the original one in X-Replaced-Path. */
public final class ReplacePathMiddleware extends HttpMiddleware {

    private final String path;

    public ReplacePathMiddleware(ReplacePathOptions options) {
        this.path = options.path();
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new ReplacePathMiddleware(ReplacePathOptions.from(options));
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        Exchange exchange = Exchange.of(request);
        PathRewrites.replacePath(exchange.edits(), exchange.path(), path);
        next.doFilter(request, response);
    }
}
