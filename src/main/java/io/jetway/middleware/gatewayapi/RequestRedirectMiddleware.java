package io.jetway.middleware.gatewayapi;

import io.jetway.exchange.Exchange;
import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.IncomingHeaders;
import io.jetway.middleware.LocalResponses;
import io.jetway.middleware.MiddlewareContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code gatewayRequestRedirect}: the HTTPRoute's RequestRedirect filter. Every request gets a
 * redirect (the configured status, its status text as body) to an absolute URL built from the
 * request's:
 * <ul>
 *   <li>scheme: the configured one, else https when the request came over TLS, else http (the
 *       connection's, as Traefik reads it, not X-Forwarded-Proto);</li>
 *   <li>host: the configured hostname, else the request's host without its port;</li>
 *   <li>port: the configured port; else none when a scheme http or https was configured (the
 *       scheme's own port, as Traefik's translator decides); else the request's port. A port that
 *       is the scheme's default is left out, as the Gateway API asks;</li>
 *   <li>path: replaced in full or by prefix ({@link PathModifier}), else kept; the query is kept.</li>
 * </ul>
 */
public final class RequestRedirectMiddleware extends HttpMiddleware {

    private final RequestRedirectOptions options;
    /** The configured scheme is http or https, whose port the Location leaves to the scheme. */
    private final boolean webScheme;

    public RequestRedirectMiddleware(RequestRedirectOptions options) {
        this.options = options;
        this.webScheme = "http".equals(options.scheme()) || "https".equals(options.scheme());
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new RequestRedirectMiddleware(RequestRedirectOptions.from(options));
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next) throws IOException {
        response.setHeader("Location", location(request));
        LocalResponses.send(request, response, options.statusCode(), LocalResponses.statusText(options.statusCode()));
    }

    String location(HttpServletRequest request) {
        String scheme = options.scheme() != null ? options.scheme() : request.isSecure() ? "https" : "http";
        Authority requested = Authority.of(request);
        String host = options.hostname() != null ? options.hostname() : requested.host();
        String port;
        if (options.port() != null) {
            port = String.valueOf(options.port());
        } else if (webScheme) {
            port = "";
        } else {
            port = requested.port();
        }
        if (scheme.equals("http") && port.equals("80") || scheme.equals("https") && port.equals("443")) {
            port = "";
        }
        Exchange exchange = Exchange.of(request);
        String path = options.path() == null ? exchange.path() : options.path().apply(exchange.path());
        String query = exchange.query();
        return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + (port.isEmpty() ? "" : ":" + port)
                + path + (query == null ? "" : "?" + query);
    }

    /** The host and port the request names (its Host header, as earlier middlewares left it); port "" when it names none. */
    record Authority(String host, String port) {

        static Authority of(HttpServletRequest request) {
            String authority = IncomingHeaders.get(request, "Host");
            if (authority == null || authority.isEmpty()) {
                return new Authority(request.getServerName(), "");
            }
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                if (close > 0) {
                    String rest = authority.substring(close + 1);
                    return new Authority(authority.substring(1, close), rest.startsWith(":") ? rest.substring(1) : "");
                }
            }
            int colon = authority.lastIndexOf(':');
            if (colon >= 0 && authority.indexOf(':') == colon) {
                return new Authority(authority.substring(0, colon), authority.substring(colon + 1));
            }
            return new Authority(authority, "");
        }
    }
}
