package io.jetway.middleware;

import io.jetway.exchange.ForwardEdits;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * A compiled middleware: a servlet filter that runs after its router matched and before the
 * service. It either answers itself (a redirect, a 401, a 429) or calls {@code next}, having
 * recorded its changes to the forwarded request in {@link ForwardEdits}.
 */
public abstract class HttpMiddleware implements Filter {

    @Override
    public final void doFilter(ServletRequest request, ServletResponse response, FilterChain next)
            throws IOException, ServletException {
        filter((HttpServletRequest) request, (HttpServletResponse) response, next);
    }

    protected abstract void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException;
}
