package io.jetway.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.io.IOException;
import java.util.List;

/**
 * Runs servlet filters in order, then a last link: the one chain runner, for a router's
 * middlewares and for the chain middleware alike. One instance per run; each filter calls the
 * next link at most once.
 */
public final class FilterSequence implements FilterChain {

    private final List<Filter> filters;
    private final FilterChain last;
    private int position;

    private FilterSequence(List<Filter> filters, FilterChain last) {
        this.filters = filters;
        this.last = last;
    }

    /** Runs {@code filters} on the request, then {@code last} if every filter passed it on. */
    public static void run(List<Filter> filters, FilterChain last, ServletRequest request, ServletResponse response)
            throws IOException, ServletException {
        if (filters.isEmpty()) {
            last.doFilter(request, response);
        } else {
            new FilterSequence(filters, last).doFilter(request, response);
        }
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response) throws IOException, ServletException {
        if (position < filters.size()) {
            filters.get(position++).doFilter(request, response, this);
        } else {
            last.doFilter(request, response);
        }
    }
}
