package io.jetway.config;

import io.jetway.net.CidrSet;
import io.jetway.net.IpLiterals;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses flag values. Each method throws IllegalArgumentException whose message is the reason only. */
final class Values {

    private Values() {
    }

    /** Host and port of an entry point; host is "" for all interfaces and IPv6 has no brackets. */
    record ListenAddress(String host, int port, boolean udp) {
    }

    /** Go's strconv.ParseBool, which Traefik's flags use. */
    static boolean parseBoolean(String value) {
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new IllegalArgumentException("invalid boolean \"" + value + "\"");
        };
    }

    /** Go durations ({@code 500ms}, {@code 1m30s}) or bare seconds, as Traefik's configuration takes them. */
    static java.time.Duration parseDuration(String value) {
        java.time.Duration d = io.jetway.util.GoDuration.parseConfig(value);
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative duration \"" + value + "\"");
        }
        return d;
    }

    static boolean isBoolean(String value) {
        try {
            parseBoolean(value);
            return true;
        } catch (IllegalArgumentException notBoolean) {
            return false;
        }
    }

    /** {@code [host]:port} with Traefik's optional {@code /tcp} or {@code /udp} suffix. */
    static ListenAddress parseAddress(String value) {
        String address = value.trim();
        int slash = address.lastIndexOf('/');
        boolean udp = false;
        if (slash >= 0) {
            String protocol = address.substring(slash + 1).toLowerCase(Locale.ROOT);
            if (!protocol.equals("tcp") && !protocol.equals("udp")) {
                throw new IllegalArgumentException("invalid protocol \"" + protocol + "\" (expected tcp or udp)");
            }
            udp = protocol.equals("udp");
            address = address.substring(0, slash);
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw invalidAddress(value);
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[")) {
            if (!host.endsWith("]") || host.length() < 3 || IpLiterals.parse(host) == null) {
                throw invalidAddress(value);
            }
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0 || host.chars().anyMatch(Character::isWhitespace)) {
            // A bare IPv6 address is ambiguous with the port separator; Go requires brackets too.
            throw invalidAddress(value);
        }
        return new ListenAddress(host, parsePort(address.substring(colon + 1)), udp);
    }

    private static IllegalArgumentException invalidAddress(String value) {
        return new IllegalArgumentException("invalid address \"" + value + "\" (expected [host]:port)");
    }

    /** 0-65535; 0 asks for an ephemeral port. */
    static int parsePriority(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an integer: " + text);
        }
    }

    static int parsePort(String text) {
        boolean digits = !text.isEmpty() && text.length() <= 5 && text.chars().allMatch(c -> c >= '0' && c <= '9');
        if (!digits || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("invalid port \"" + text + "\"");
        }
        return Integer.parseInt(text);
    }

    private static final java.util.regex.Pattern DOMAIN = java.util.regex.Pattern.compile(
            "(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    /** A DNS name, or a wildcard {@code *.example.com}; lowercased. */
    static String parseDomain(String value) {
        String domain = value.trim();
        if (domain.length() > 253 || !DOMAIN.matcher(domain).matches()) {
            throw new IllegalArgumentException("invalid domain name \"" + domain + "\"");
        }
        return domain.toLowerCase(java.util.Locale.ROOT);
    }

    /** Comma-separated domain names. */
    static List<String> parseDomains(String value) {
        List<String> domains = new ArrayList<>();
        for (String item : parseList(value)) {
            domains.add(parseDomain(item));
        }
        return List.copyOf(domains);
    }

    /** Comma-separated list, entries trimmed, blanks dropped. */
    static List<String> parseList(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return List.copyOf(items);
    }

    /** Validates every entry as an IP or CIDR and keeps them as written. */
    static List<String> parseCidrs(String value) {
        List<String> cidrs = parseList(value);
        CidrSet.parse(cidrs);
        return cidrs;
    }

    /** A non-negative whole number. */
    /** Any whole number, negative included. */
    static int parseInteger(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid number \"" + value + "\"");
        }
    }

    static int parseCount(String value) {
        try {
            int count = Integer.parseInt(value.trim());
            if (count >= 0) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid number \"" + value + "\" (expected 0 or more)");
    }

    static String parseLevel(String value) {
        String level = value.trim().toUpperCase(Locale.ROOT);
        if (!LogConfig.LEVELS.contains(level)) {
            throw new IllegalArgumentException("invalid level \"" + value + "\" (expected one of "
                    + String.join(", ", LogConfig.LEVELS) + ")");
        }
        return level;
    }

    /**
     * PEM text for each comma-separated item: inline PEM as Traefik allows, or a file to read now
     * (a missing or non-PEM file is a bad flag, not a failure at the first HTTPS request).
     */
    static List<String> readPemFiles(String value) {
        List<String> pems = new ArrayList<>();
        for (String item : value.split(",")) {
            String trimmed = item.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            String pem;
            if (trimmed.contains("-----BEGIN")) {
                pem = trimmed;
            } else {
                try {
                    pem = java.nio.file.Files.readString(java.nio.file.Path.of(trimmed));
                } catch (java.io.IOException | RuntimeException e) {
                    throw new IllegalArgumentException("cannot read \"" + trimmed + "\": " + e.getClass().getSimpleName());
                }
            }
            if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                throw new IllegalArgumentException("\"" + trimmed + "\" holds no PEM certificate");
            }
            pems.add(pem);
        }
        return List.copyOf(pems);
    }

    /** One of the given lowercase words, in any case. */
    static String parseOneOf(String value, List<String> allowed) {
        String word = value.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(word)) {
            throw new IllegalArgumentException("invalid value \"" + value + "\" (expected one of " + String.join(", ", allowed) + ")");
        }
        return word;
    }

    /** Histogram bucket bounds in seconds: positive numbers, comma-separated, in increasing order. */
    static List<Double> parseBuckets(String value) {
        List<Double> buckets = new ArrayList<>();
        for (String part : value.split(",")) {
            double bound;
            try {
                bound = Double.parseDouble(part.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid bucket \"" + part.trim() + "\"");
            }
            if (!(bound > 0) || Double.isInfinite(bound) || (!buckets.isEmpty() && bound <= buckets.get(buckets.size() - 1))) {
                throw new IllegalArgumentException("buckets must be positive and increasing: \"" + value + "\"");
            }
            buckets.add(bound);
        }
        return List.copyOf(buckets);
    }

    /** An ACME directory URL: absolute http or https. */
    static String parseUrl(String value) {
        String url = value.trim();
        try {
            java.net.URI uri = new java.net.URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                return url;
            }
        } catch (java.net.URISyntaxException invalid) {
            // reported below
        }
        throw new IllegalArgumentException("invalid URL \"" + value + "\" (expected https://host/path)");
    }

    /** A whole number of hours above zero, as Traefik's {@code certificatesDuration}. */
    static java.time.Duration parseHours(String value) {
        try {
            long hours = Long.parseLong(value.trim());
            if (hours > 0 && hours <= 1_000_000) {
                return java.time.Duration.ofHours(hours);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid duration \"" + value + "\" (expected a number of hours above 0)");
    }

    /** Comma-separated files that must be readable now. */
    static List<java.nio.file.Path> parseReadableFiles(String value) {
        List<java.nio.file.Path> files = new ArrayList<>();
        for (String item : parseList(value)) {
            java.nio.file.Path file = java.nio.file.Path.of(item);
            if (!java.nio.file.Files.isReadable(file) || java.nio.file.Files.isDirectory(file)) {
                throw new IllegalArgumentException("cannot read file \"" + item + "\"");
            }
            files.add(file);
        }
        return List.copyOf(files);
    }
}
