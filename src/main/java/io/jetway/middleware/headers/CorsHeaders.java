package io.jetway.middleware.headers;

import io.jetway.exchange.ForwardEdits;
import io.jetway.kube.Node;
import io.jetway.middleware.OptionPatterns;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The CORS part of {@code headers}: preflight answers and the Access-Control-* response headers. */
public record CorsHeaders(List<String> allowOrigins, List<Pattern> allowOriginPatterns, List<String> allowMethods,
                   List<String> allowHeaders, List<String> exposeHeaders, boolean allowCredentials,
                   long maxAge, boolean addVaryHeader) {

    /** Null when no CORS option is set. */
    public static CorsHeaders from(Node options) {
        List<Pattern> patterns = new ArrayList<>();
        for (Node regex : options.get("accessControlAllowOriginListRegex").list()) {
            patterns.add(OptionPatterns.compile(regex));
        }
        CorsHeaders cors = new CorsHeaders(
                options.get("accessControlAllowOriginList").strings(), List.copyOf(patterns),
                options.get("accessControlAllowMethods").strings(), options.get("accessControlAllowHeaders").strings(),
                options.get("accessControlExposeHeaders").strings(),
                options.get("accessControlAllowCredentials").bool(false),
                options.get("accessControlMaxAge").integer(0), options.get("addVaryHeader").bool(false));
        boolean defined = !cors.allowOrigins.isEmpty() || !cors.allowOriginPatterns.isEmpty() || !cors.allowMethods.isEmpty()
                || !cors.allowHeaders.isEmpty() || !cors.exposeHeaders.isEmpty() || cors.allowCredentials
                || cors.maxAge != 0 || cors.addVaryHeader;
        return defined ? cors : null;
    }

    /** An OPTIONS request with Origin and Access-Control-Request-Method. */
    static boolean isPreflight(HttpServletRequest request) {
        return request.getMethod().equals("OPTIONS") && notEmpty(request.getHeader("Origin"))
                && notEmpty(request.getHeader("Access-Control-Request-Method"));
    }

    private static boolean notEmpty(String value) {
        return value != null && !value.isEmpty();
    }

    /** Traefik answers preflights itself: 200, no body, never forwarded. */
    void answerPreflight(HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(200);
        if (allowCredentials) {
            response.setHeader("Access-Control-Allow-Credentials", "true");
        }
        if (!allowHeaders.isEmpty()) {
            response.setHeader("Access-Control-Allow-Headers", String.join(",", allowHeaders));
        }
        if (!allowMethods.isEmpty()) {
            response.setHeader("Access-Control-Allow-Methods", String.join(",", allowMethods));
        }
        String origin = allowedOrigin(request.getHeader("Origin"));
        if (origin != null) {
            response.setHeader("Access-Control-Allow-Origin", origin);
        }
        response.setHeader("Access-Control-Max-Age", Long.toString(maxAge));
        response.setContentLength(0);
    }

    /** The headers every other response gets. */
    void editResponse(HttpServletRequest request, ForwardEdits edits) {
        String origin = request.getHeader("Origin");
        String allowed = allowedOrigin(origin == null ? "" : origin);
        if (allowed != null) {
            edits.setResponseHeader("Access-Control-Allow-Origin", allowed);
        }
        if (allowCredentials) {
            edits.setResponseHeader("Access-Control-Allow-Credentials", "true");
        }
        if (!exposeHeaders.isEmpty()) {
            edits.setResponseHeader("Access-Control-Expose-Headers", String.join(",", exposeHeaders));
        }
        if (addVaryHeader) {
            edits.addResponseHeaderToken("Vary", "Origin");
        }
    }

    /**
     * What Access-Control-Allow-Origin says for this origin, or null: a listed {@code *} (even for
     * requests without Origin, as in Traefik), the origin itself when listed or matched by a regex.
     */
    String allowedOrigin(String origin) {
        for (String item : allowOrigins) {
            if (item.equals("*") || item.equals(origin)) {
                return item;
            }
        }
        for (Pattern pattern : allowOriginPatterns) {
            if (pattern.matcher(origin).find()) {
                return origin;
            }
        }
        return null;
    }
}
