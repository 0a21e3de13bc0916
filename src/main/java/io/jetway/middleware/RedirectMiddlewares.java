package io.jetway.middleware;

import io.jetway.exchange.Exchange;
import io.jetway.model.Node;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code redirectScheme} and {@code redirectRegex}: both rewrite the request's full URL with a
 * regex and redirect when the result differs (302, or 307 for methods other than GET; 301/308
 * when permanent), with the status text as body.
 */
public final class RedirectMiddlewares {

    /** scheme, host, port, rest: how Traefik splits a URL for redirectScheme. */
    private static final Pattern URL_PARTS = Pattern.compile("^(https?)://(\\[[\\w:.]+]|[\\w._-]+)?(:\\d+)?(.*)$");

    private RedirectMiddlewares() {
    }

    public static Filter redirectScheme(Node options, MiddlewareContext context) {
        Node schemeNode = options.get("scheme");
        String scheme = schemeNode.requiredString();
        if (!scheme.matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            throw new Node.InvalidFieldException(schemeNode.path(), "invalid scheme \"" + scheme + "\"");
        }
        Node portNode = options.get("port");
        String port = portNode.string("");
        if (!port.isEmpty() && !port.matches("\\d{1,5}")) {
            throw new Node.InvalidFieldException(portNode.path(), "invalid port \"" + port + "\"");
        }
        // Traefik drops a port that is the scheme's default.
        boolean defaultPort = scheme.equals("http") && port.equals("80") || scheme.equals("https") && port.equals("443");
        String replacement = scheme + "://${2}" + (port.isEmpty() || defaultPort ? "" : ":" + port) + "${4}";
        return new Redirect(URL_PARTS, GoReplacement.parse(replacement), options.get("permanent").bool(false),
                RedirectMiddlewares::clientUrl);
    }

    public static Filter redirectRegex(Node options, MiddlewareContext context) {
        Pattern regex = OptionPatterns.compile(options.get("regex"));
        String replacement = options.get("replacement").requiredString();
        return new Redirect(regex, GoReplacement.parse(replacement), options.get("permanent").bool(false),
                RedirectMiddlewares::rawUrl);
    }

    /** redirectRegex's URL: the scheme of the connection, the Host header as sent, the path and query. */
    static String rawUrl(HttpServletRequest request) {
        String host = request.getHeader("Host");
        return (request.isSecure() ? "https" : "http") + "://" + (host == null ? "" : host) + requestUri(request);
    }

    /**
     * redirectScheme's URL: the scheme the client used (X-Forwarded-Proto, which the entry point
     * derives from the connection unless a trusted proxy sent it), with a default port dropped.
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
        return scheme + "://" + host + port + requestUri(request);
    }

    private static String requestUri(HttpServletRequest request) {
        String query = Exchange.of(request).query();
        return Exchange.of(request).path() + (query == null ? "" : "?" + query);
    }

    private static final class Redirect extends HttpMiddleware {
        private final Pattern regex;
        private final GoReplacement replacement;
        private final boolean permanent;
        private final Function<HttpServletRequest, String> url;

        Redirect(Pattern regex, GoReplacement replacement, boolean permanent, Function<HttpServletRequest, String> url) {
            this.regex = regex;
            this.replacement = replacement;
            this.permanent = permanent;
            this.url = url;
        }

        @Override
        protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
                throws IOException, ServletException {
            String oldUrl = url.apply(request);
            if (!regex.matcher(oldUrl).find()) {
                next.doFilter(request, response);
                return;
            }
            String newUrl = replacement.replaceAll(regex, oldUrl);
            if (newUrl.equals(oldUrl)) {
                next.doFilter(request, response);
                return;
            }
            String location;
            try {
                location = new URI(newUrl).toASCIIString();
            } catch (URISyntaxException e) {
                LocalResponses.send(request, response, 500, LocalResponses.statusText(500));
                return;
            }
            boolean get = request.getMethod().toUpperCase(Locale.ROOT).equals("GET");
            int status = permanent ? (get ? 301 : 308) : (get ? 302 : 307);
            LocalResponses.redirect(request, response, status, location);
        }
    }
}
