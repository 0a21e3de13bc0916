package io.jetway.middleware.headers;

import io.jetway.exchange.Exchange;
import io.jetway.kube.Node;
import io.jetway.middleware.IncomingHeaders;
import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The security part of {@code headers} (Traefik's use of unrolled/secure): the allowed-hosts
 * check, v2's HTTPS redirects, and the security response headers.
 */
public record SecurityHeaders(List<String> allowedHosts, List<String> hostsProxyHeaders, Map<String, String> sslProxyHeaders,
                       SslRedirect sslRedirect, long stsSeconds, boolean stsIncludeSubdomains, boolean stsPreload,
                       boolean forceSTSHeader, String frameOptions, boolean contentTypeNosniff, String xssProtection,
                       String contentSecurityPolicy, String contentSecurityPolicyReportOnly, String publicKey,
                       String referrerPolicy, String featurePolicy, String permissionsPolicy, boolean isDevelopment) {

    /** v2's sslRedirect, sslTemporaryRedirect, sslHost and sslForceHost (dropped by Traefik v3). */
    public record SslRedirect(boolean redirect, boolean temporary, String host, boolean forceHost) {
        boolean defined() {
            return redirect || temporary || !host.isEmpty() || forceHost;
        }

        /** unrolled/secure answers 301, or 307 (not the 302 of v2's documentation) when temporary. */
        int status() {
            return temporary ? 307 : 301;
        }
    }

    /** Options Traefik v3 dropped; Jetway still honours them as v2 did, with a warning. */
    static final List<String> V2_ONLY_OPTIONS = List.of("sslRedirect", "sslTemporaryRedirect", "sslHost", "sslForceHost",
            "featurePolicy");

    /** Null when no security option is set. */
    public static SecurityHeaders from(Node options) {
        Map<String, String> sslProxyHeaders = new LinkedHashMap<>();
        options.get("sslProxyHeaders").map().forEach((name, value) ->
                sslProxyHeaders.put(name, options.get("sslProxyHeaders").get(name).string("")));
        String customFrame = options.get("customFrameOptionsValue").string("");
        String customXss = options.get("customBrowserXSSValue").string("");
        SecurityHeaders security = new SecurityHeaders(
                options.get("allowedHosts").strings(), options.get("hostsProxyHeaders").strings(),
                Map.copyOf(sslProxyHeaders),
                new SslRedirect(options.get("sslRedirect").bool(false), options.get("sslTemporaryRedirect").bool(false),
                        options.get("sslHost").string(""), options.get("sslForceHost").bool(false)),
                nonNegative(options.get("stsSeconds")), options.get("stsIncludeSubdomains").bool(false),
                options.get("stsPreload").bool(false), options.get("forceSTSHeader").bool(false),
                !customFrame.isEmpty() ? customFrame : options.get("frameDeny").bool(false) ? "DENY" : "",
                options.get("contentTypeNosniff").bool(false),
                !customXss.isEmpty() ? customXss : options.get("browserXssFilter").bool(false) ? "1; mode=block" : "",
                options.get("contentSecurityPolicy").string(""), options.get("contentSecurityPolicyReportOnly").string(""),
                options.get("publicKey").string(""), options.get("referrerPolicy").string(""),
                options.get("featurePolicy").string(""), options.get("permissionsPolicy").string(""),
                options.get("isDevelopment").bool(false));
        boolean defined = !security.allowedHosts.isEmpty() || !security.hostsProxyHeaders.isEmpty()
                || !security.sslProxyHeaders.isEmpty() || security.sslRedirect.defined() || security.stsSeconds != 0
                || security.stsIncludeSubdomains || security.stsPreload || security.forceSTSHeader
                || !security.frameOptions.isEmpty() || security.contentTypeNosniff || !security.xssProtection.isEmpty()
                || !security.contentSecurityPolicy.isEmpty() || !security.contentSecurityPolicyReportOnly.isEmpty()
                || !security.publicKey.isEmpty() || !security.referrerPolicy.isEmpty()
                || !security.featurePolicy.isEmpty() || !security.permissionsPolicy.isEmpty() || security.isDevelopment;
        return defined ? security : null;
    }

    private static long nonNegative(Node node) {
        int value = node.integer(0);
        if (value < 0) {
            throw new Node.InvalidFieldException(node.path(), "must not be negative, got " + value);
        }
        return value;
    }

    /** The host the checks use: the first non-empty hostsProxyHeaders header, else Host. */
    String host(HttpServletRequest request) {
        for (String header : hostsProxyHeaders) {
            String value = IncomingHeaders.get(request, header);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        String host = request.getHeader("Host");
        return host == null ? "" : host;
    }

    boolean allowsHost(String host) {
        if (allowedHosts.isEmpty() || isDevelopment) {
            return true;
        }
        for (String allowed : allowedHosts) {
            if (allowed.equalsIgnoreCase(host)) {
                return true;
            }
        }
        return false;
    }

    /** TLS, or an sslProxyHeaders header with its value (X-Forwarded-Proto: https behind a trusted proxy). */
    boolean isSecure(HttpServletRequest request) {
        if (request.isSecure()) {
            return true;
        }
        for (Map.Entry<String, String> header : sslProxyHeaders.entrySet()) {
            String value = IncomingHeaders.get(request, header.getKey());
            if (header.getValue().equals(value == null ? "" : value)) {
                return true;
            }
        }
        return false;
    }

    /** Where v2 sent the request instead of serving it, or null to serve it. */
    String redirectLocation(HttpServletRequest request, String host, boolean secure) {
        String target = null;
        if (sslRedirect.redirect() && !secure && !isDevelopment) {
            target = sslRedirect.host().isEmpty() ? host : sslRedirect.host();
        } else if (sslRedirect.forceHost() && !sslRedirect.host().isEmpty() && !sslRedirect.host().equals(host)) {
            target = sslRedirect.host();
        }
        if (target == null) {
            return null;
        }
        String path = Exchange.of(request).path();
        String query = Exchange.of(request).query();
        return "https://" + target + path + (query == null || query.isEmpty() ? "" : "?" + query);
    }

    /** The security headers for a request that passed the checks, in unrolled/secure's order. */
    Map<String, String> responseHeaders(boolean secure) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (stsSeconds != 0 && (secure || forceSTSHeader) && !isDevelopment) {
            headers.put("Strict-Transport-Security", "max-age=" + stsSeconds
                    + (stsIncludeSubdomains ? "; includeSubDomains" : "") + (stsPreload ? "; preload" : ""));
        }
        putIfSet(headers, "X-Frame-Options", frameOptions);
        if (contentTypeNosniff) {
            headers.put("X-Content-Type-Options", "nosniff");
        }
        putIfSet(headers, "X-XSS-Protection", xssProtection);
        if (secure && !isDevelopment) {
            putIfSet(headers, "Public-Key-Pins", publicKey);
        }
        putIfSet(headers, "Content-Security-Policy", contentSecurityPolicy);
        putIfSet(headers, "Content-Security-Policy-Report-Only", contentSecurityPolicyReportOnly);
        putIfSet(headers, "Referrer-Policy", referrerPolicy);
        putIfSet(headers, "Feature-Policy", featurePolicy);
        putIfSet(headers, "Permissions-Policy", permissionsPolicy);
        return headers;
    }

    private static void putIfSet(Map<String, String> headers, String name, String value) {
        if (!value.isEmpty()) {
            headers.put(name, value);
        }
    }

    /** The v2-only options this definition uses. */
    static List<String> v2OnlyOptions(Node options) {
        List<String> used = new ArrayList<>();
        for (String option : V2_ONLY_OPTIONS) {
            if (!options.get(option).isMissing()) {
                used.add(option);
            }
        }
        return used;
    }
}
