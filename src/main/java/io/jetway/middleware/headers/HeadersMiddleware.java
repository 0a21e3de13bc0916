package io.jetway.middleware.headers;

import io.jetway.exchange.Exchange;
import io.jetway.exchange.ForwardEdits;
import io.jetway.kube.Node;
import io.jetway.middleware.EditedResponse;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.LocalResponses;
import io.jetway.middleware.MiddlewareContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code headers}: custom request and response headers, CORS, and security headers, in Traefik's
 * order. CORS preflights are answered here. Custom request headers are set (an empty value
 * removes the header) before the security checks read them. Response headers are applied to the
 * backend's response and to answers produced after this middleware (later middlewares, 502/503/504):
 * the security headers first, then the custom ones and CORS, so a custom value wins. The
 * security checks' own answers (bad host, v2's HTTPS redirect) carry the custom and CORS headers
 * only, and a preflight carries just its CORS headers, as in Traefik.
 */
public final class HeadersMiddleware extends HttpMiddleware {

    private static final Logger LOG = LoggerFactory.getLogger(HeadersMiddleware.class);

    private final Map<String, String> customRequestHeaders;
    private final Map<String, String> customResponseHeaders;
    private final CorsHeaders cors;
    private final SecurityHeaders security;
    /** Lower-case names of the custom response headers, which override security headers of the same name. */
    private final Set<String> customResponseNames;

    public HeadersMiddleware(HeadersOptions options) {
        this.customRequestHeaders = options.customRequestHeaders();
        this.customResponseHeaders = options.customResponseHeaders();
        this.cors = options.cors();
        this.security = options.security();
        this.customResponseNames = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        customResponseNames.addAll(customResponseHeaders.keySet());
    }

    public static Filter create(Node node, MiddlewareContext context) {
        HeadersOptions options = HeadersOptions.from(node);
        List<String> v2Only = options.v2OnlyOptions();
        if (!v2Only.isEmpty() && context.state("v2-options-logged", AtomicBoolean::new).compareAndSet(false, true)) {
            LOG.warn("event=deprecated-option middleware={} options={} msg=\"dropped by Traefik v3; applied as Traefik v2 did: "
                    + "prefer redirectScheme for HTTPS redirects and permissionsPolicy\"", context.name(), v2Only);
        }
        return new HeadersMiddleware(options);
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        if (cors != null && CorsHeaders.isPreflight(request)) {
            cors.answerPreflight(request, response);
            return;
        }
        ForwardEdits edits = Exchange.of(request).edits();
        customRequestHeaders.forEach((name, value) -> {
            if (value.isEmpty()) {
                edits.removeRequestHeader(name);
            } else {
                edits.setRequestHeader(name.equalsIgnoreCase("Host") ? "Host" : name, value);
            }
        });
        if (security != null) {
            boolean secure = security.isSecure(request);
            String host = security.host(request);
            if (!security.allowsHost(host)) {
                editResponse(request, edits);
                // unrolled/secure's default answer, which Traefik keeps: http.Error(w, "Bad Host", 500).
                response.setHeader("X-Content-Type-Options", "nosniff");
                LocalResponses.send(request, response, 500, "Bad Host\n");
                return;
            }
            String location = security.redirectLocation(request, host, secure);
            if (location != null) {
                editResponse(request, edits);
                redirect(request, response, location, security.sslRedirect().status());
                return;
            }
            security.responseHeaders(secure).forEach((name, value) -> {
                if (!customResponseNames.contains(name)) {
                    edits.setResponseHeader(name, value);
                }
            });
        }
        editResponse(request, edits);
        EditedResponse.passOn(request, response, next);
    }

    private void editResponse(HttpServletRequest request, ForwardEdits edits) {
        customResponseHeaders.forEach((name, value) -> {
            if (value.isEmpty()) {
                edits.removeResponseHeader(name);
            } else {
                edits.setResponseHeader(name, value);
            }
        });
        if (cors != null) {
            cors.editResponse(request, edits);
        }
    }

    /** Go's http.Redirect: a short HTML body for GET and HEAD. */
    private static void redirect(HttpServletRequest request, HttpServletResponse response, String location, int status)
            throws IOException {
        byte[] body = request.getMethod().equals("GET") || request.getMethod().equals("HEAD")
                ? ("<a href=\"" + htmlEscape(location) + "\">" + LocalResponses.statusText(status) + "</a>.\n\n")
                        .getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        response.setStatus(status);
        response.setHeader("Location", location);
        if (body.length > 0) {
            response.setContentType("text/html; charset=utf-8");
        }
        LocalResponses.applyEdits(request, response);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String htmlEscape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\'' -> out.append("&#39;");
                case '"' -> out.append("&#34;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
