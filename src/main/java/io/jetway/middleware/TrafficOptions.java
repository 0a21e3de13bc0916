package io.jetway.middleware;

import io.jetway.kube.Node;
import io.jetway.util.GoDuration;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Option readers and the plain answers shared by the traffic-control middlewares. */
public final class TrafficOptions {

    private TrafficOptions() {
    }

    /** A Traefik duration ({@code 10s}, {@code 100ms}, or a bare integer as seconds). */
    public static Duration duration(Node node, Duration fallback) {
        String text = node.string(null);
        if (text == null) {
            return fallback;
        }
        try {
            return GoDuration.parseConfig(text);
        } catch (IllegalArgumentException e) {
            throw new Node.InvalidFieldException(node.path(), "invalid duration \"" + text + "\"");
        }
    }

    public static Duration positiveDuration(Node node, Duration fallback) {
        Duration d = duration(node, fallback);
        if (d.isNegative() || d.isZero()) {
            throw new Node.InvalidFieldException(node.path(), "must be positive");
        }
        return d;
    }

    public static int nonNegative(Node node, int fallback) {
        int value = node.integer(fallback);
        if (value < 0) {
            throw new Node.InvalidFieldException(node.path(), "must not be negative, got " + value);
        }
        return value;
    }

    /** A byte count; Traefik's int64 fields may exceed an int. */
    public static long bytes(Node node, long fallback) {
        Object raw = node.raw();
        if (raw == null) {
            return fallback;
        }
        long value;
        if (raw instanceof Number n && !(raw instanceof Double || raw instanceof Float)) {
            value = n.longValue();
        } else if (raw instanceof String s) {
            try {
                value = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new Node.InvalidFieldException(node.path(), "expected an integer, got \"" + s + "\"");
            }
        } else {
            throw new Node.InvalidFieldException(node.path(), "expected an integer");
        }
        if (value < 0) {
            throw new Node.InvalidFieldException(node.path(), "must not be negative, got " + value);
        }
        return value;
    }

    /** A text/plain answer as Go's http.Error writes it. */
    public static void plain(HttpServletResponse response, int status, String text) throws IOException {
        byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/plain; charset=utf-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
