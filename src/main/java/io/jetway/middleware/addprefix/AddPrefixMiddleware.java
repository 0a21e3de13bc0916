package io.jetway.middleware.addprefix;

import io.jetway.exchange.Exchange;
import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code addPrefix}: forwards the path with the prefix before it. */
public final class AddPrefixMiddleware extends HttpMiddleware {

    private final String prefix;

    public AddPrefixMiddleware(AddPrefixOptions options) {
        this.prefix = options.prefix();
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new AddPrefixMiddleware(AddPrefixOptions.from(options));
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        Exchange exchange = Exchange.of(request);
        exchange.edits().setPath(prefix + exchange.path());
        next.doFilter(request, response);
    }
}
