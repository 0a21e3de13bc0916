package io.jetway.middleware;

import io.jetway.exchange.Exchange;
import jakarta.servlet.http.HttpServletRequest;

import java.util.List;
import java.util.Locale;

/**
 * Request headers as Traefik's middlewares see them. Traefik's entry point drops X-Forwarded-*
 * and X-Real-Ip from peers it does not trust and fills in X-Forwarded-Proto, -Host, -Port and
 * X-Real-Ip from the connection before any middleware runs (X-Forwarded-For only grows in the
 * proxy); Jetway does that when forwarding, so middlewares read it through here. Earlier
 * middlewares' edits apply.
 */
public final class IncomingHeaders {

    private IncomingHeaders() {
    }

    /** The header's first value, or null. */
    public static String get(HttpServletRequest request, String name) {
        if (Exchange.of(request).requestHeaderEdited(name)) {
            List<String> values = Exchange.of(request).requestHeader(name);
            return values.isEmpty() ? null : values.get(0);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        boolean forwarding = lower.startsWith("x-forwarded-") || lower.equals("x-real-ip");
        String value = forwarding && !Exchange.of(request).forwardedHeadersTrusted(request.getRemoteAddr()) ? null : request.getHeader(name);
        if (!forwarding || (value != null && !value.isEmpty())) {
            return value;
        }
        return switch (lower) {
            case "x-forwarded-proto" -> request.isSecure() ? "https" : "http";
            case "x-forwarded-host" -> request.getHeader("Host");
            case "x-forwarded-port" -> String.valueOf(request.getServerPort());
            case "x-real-ip" -> request.getRemoteAddr();
            default -> value;
        };
    }

    /** The scheme the client used, as Traefik's redirectScheme reads it: X-Forwarded-Proto (ws means http). */
    public static String scheme(HttpServletRequest request) {
        String proto = get(request, "X-Forwarded-Proto");
        if (proto.equalsIgnoreCase("ws")) {
            return "http";
        }
        return proto.equalsIgnoreCase("wss") ? "https" : proto;
    }
}
