package io.jetway.middleware.redirectscheme;

import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.IncomingHeaders;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.middleware.RegexRedirect;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * {@code redirectScheme}: redirects to the same URL with the configured scheme (and port), unless
 * the request already has them.
 */
public final class RedirectSchemeMiddleware extends HttpMiddleware {

    /** scheme, host, port, rest: how Traefik splits a URL for redirectScheme. */
    private static final Pattern URL_PARTS = Pattern.compile("^(https?)://(\\[[\\w:.]+]|[\\w._-]+)?(:\\d+)?(.*)$");

    private final RegexRedirect redirect;

    public RedirectSchemeMiddleware(RedirectSchemeOptions options) {
        String scheme = options.scheme();
        String port = options.port();
        // Traefik drops a port that is the scheme's default.
        boolean defaultPort = scheme.equals("http") && port.equals("80") || scheme.equals("https") && port.equals("443");
        String replacement = scheme + "://${2}" + (port.isEmpty() || defaultPort ? "" : ":" + port) + "${4}";
        this.redirect = new RegexRedirect(URL_PARTS, replacement, options.permanent());
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new RedirectSchemeMiddleware(RedirectSchemeOptions.from(options));
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        redirect.redirectOrPass(clientUrl(request), request, response, next);
    }

    /**
     * The URL the client used: its scheme as X-Forwarded-Proto says (which the entry point derives
     * from the connection unless a trusted proxy sent it), with a default port dropped.
     */
    static String clientUrl(HttpServletRequest request) {
        String scheme = IncomingHeaders.scheme(request);
        String host = request.getHeader("Host");
        host = host == null ? "" : host;
        String port = "";
        int colon = host.lastIndexOf(':');
        if (colon >= 0 && colon > host.lastIndexOf(']')) {
            port = host.substring(colon);
            host = host.substring(0, colon);
        }
        if (scheme.equals("http") && port.equals(":80") || scheme.equals("https") && port.equals(":443")) {
            port = "";
        }
        return scheme + "://" + host + port + RegexRedirect.requestUri(request);
    }
}
