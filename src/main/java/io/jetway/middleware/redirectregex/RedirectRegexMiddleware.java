package io.jetway.middleware.redirectregex;

import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.middleware.RegexRedirect;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code redirectRegex}: redirects to the replacement when the regex matches the request's URL. */
public final class RedirectRegexMiddleware extends HttpMiddleware {

    private final RegexRedirect redirect;

    public RedirectRegexMiddleware(RedirectRegexOptions options) {
        this.redirect = new RegexRedirect(options.regex(), options.replacement(), options.permanent());
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new RedirectRegexMiddleware(RedirectRegexOptions.from(options));
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        redirect.redirectOrPass(rawUrl(request), request, response, next);
    }

    /** The scheme of the connection, the Host header as sent, the path and query. */
    static String rawUrl(HttpServletRequest request) {
        String host = request.getHeader("Host");
        return (request.isSecure() ? "https" : "http") + "://" + (host == null ? "" : host) + RegexRedirect.requestUri(request);
    }
}
