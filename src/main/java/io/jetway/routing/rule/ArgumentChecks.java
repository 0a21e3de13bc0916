package io.jetway.routing.rule;

import io.jetway.net.IpRange;

import java.util.Locale;

/** Argument validations shared by the v3 and v2 matchers. */
final class ArgumentChecks {

    private ArgumentChecks() {
    }

    /** Hosts must be written in ASCII (punycode), as Traefik requires. */
    static String asciiHost(String host) {
        for (int i = 0; i < host.length(); i++) {
            if (host.charAt(i) >= 0x80) {
                throw new ArgumentProblem("non-ASCII characters are not allowed in \"" + host
                        + "\" (use punycode)");
            }
        }
        return host;
    }

    static String absolutePath(String path) {
        if (!path.startsWith("/")) {
            throw new ArgumentProblem("path must start with \"/\": \"" + path + "\"");
        }
        return path;
    }

    static String method(String method) {
        return method.toUpperCase(Locale.ROOT);
    }

    static IpRange ipRange(String text) {
        try {
            return IpRange.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ArgumentProblem("invalid IP or CIDR \"" + text + "\"");
        }
    }
}
