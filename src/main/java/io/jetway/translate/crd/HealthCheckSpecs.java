package io.jetway.translate.crd;

import io.jetway.dynamic.HealthCheck;
import io.jetway.dynamic.PassiveHealthCheck;
import io.jetway.kube.Node;
import io.jetway.util.GoDuration;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the {@code healthCheck} and {@code passiveHealthCheck} blocks of a service reference. */
final class HealthCheckSpecs {

    private HealthCheckSpecs() {
    }

    /** Null when the reference has no healthCheck block. */
    static HealthCheck active(Node node) {
        if (node.isMissing()) {
            return null;
        }
        String scheme = node.get("scheme").string(null);
        if (scheme != null && !List.of("http", "https").contains(scheme.toLowerCase(Locale.ROOT))) {
            throw new TranslationException(node.get("scheme").path() + ": must be http or https, got \"" + scheme + "\"");
        }
        String mode = node.get("mode").string("http").toLowerCase(Locale.ROOT);
        if (!mode.equals("http") && !mode.equals("grpc")) {
            throw new TranslationException(node.get("mode").path() + ": must be http or grpc, got \"" + mode + "\"");
        }
        String path = node.get("path").string("/");
        if (!path.startsWith("/")) {
            throw new TranslationException(node.get("path").path() + ": must start with /, got \"" + path + "\"");
        }
        int port = node.get("port").integer(0);
        if (port < 0 || port > 65535) {
            throw new TranslationException(node.get("port").path() + ": must be a port number, got " + port);
        }
        int status = node.get("status").integer(0);
        if (status != 0 && (status < 100 || status > 599)) {
            throw new TranslationException(node.get("status").path() + ": must be an HTTP status, got " + status);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Node headersNode = node.get("headers");
        headersNode.map().keySet().forEach(name -> headers.put(name, headersNode.get(name).string("")));
        Duration interval = duration(node.get("interval"), HealthCheck.DEFAULT_INTERVAL);
        return new HealthCheck(scheme == null ? null : scheme.toLowerCase(Locale.ROOT), mode, path,
                node.get("method").string("GET").toUpperCase(Locale.ROOT), status, port,
                node.get("hostname").string(null), headers, node.get("followRedirects").bool(true),
                interval, duration(node.get("unhealthyInterval"), interval),
                duration(node.get("timeout"), HealthCheck.DEFAULT_TIMEOUT));
    }

    /** Null when the reference has no passiveHealthCheck block. */
    static PassiveHealthCheck passive(Node node) {
        if (node.isMissing()) {
            return null;
        }
        int attempts = node.get("maxFailedAttempts").integer(PassiveHealthCheck.DEFAULT_MAX_FAILED_ATTEMPTS);
        if (attempts < 1) {
            throw new TranslationException(node.get("maxFailedAttempts").path() + ": must be at least 1, got " + attempts);
        }
        return new PassiveHealthCheck(duration(node.get("failureWindow"), PassiveHealthCheck.DEFAULT_FAILURE_WINDOW), attempts);
    }

    private static Duration duration(Node node, Duration fallback) {
        if (node.isMissing()) {
            return fallback;
        }
        Duration d;
        try {
            d = GoDuration.parseConfig(node.string(""));
        } catch (IllegalArgumentException e) {
            throw new TranslationException(node.path() + ": " + e.getMessage());
        }
        if (d.isNegative() || d.isZero()) {
            throw new TranslationException(node.path() + ": must be positive, got " + node.string(""));
        }
        return d;
    }
}
