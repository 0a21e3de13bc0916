package io.jetway.middleware.chain;

import io.jetway.http.FilterSequence;
import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code chain}: runs other middlewares in order, as if the route listed them itself. */
public final class ChainMiddleware extends HttpMiddleware {

    private final List<Filter> middlewares;

    public ChainMiddleware(List<Filter> middlewares) {
        this.middlewares = List.copyOf(middlewares);
    }

    /** Each member is built (or found) through the context, which reports a missing one or a cycle. */
    public static Filter create(Node options, MiddlewareContext context) {
        List<Filter> filters = new ArrayList<>();
        for (ChainOptions.Member member : ChainOptions.from(options).middlewares()) {
            filters.add(context.middleware(member.name(), member.field()));
        }
        return new ChainMiddleware(filters);
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        FilterSequence.run(middlewares, next, request, response);
    }
}
