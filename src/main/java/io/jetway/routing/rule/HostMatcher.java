package io.jetway.routing.rule;

import java.util.Locale;

/**
 * `Host(...)`. Compares against the canonical request host without allocating: a trailing dot on
 * the request is skipped by index, case by {@link String#regionMatches(boolean, int, String, int, int)}.
 */
final class HostMatcher implements Matcher {

    private enum Kind { ANY_HOST, EXACT, ONE_LABEL_WILDCARD }

    private final Kind kind;
    /** EXACT: the host; ONE_LABEL_WILDCARD: the suffix with its leading dot, e.g. ".example.com". */
    private final String value;

    private HostMatcher(Kind kind, String value) {
        this.kind = kind;
        this.value = value;
    }

    /** v3 semantics: `*` matches every request, `*.suffix` matches exactly one extra label. */
    static HostMatcher v3(String ruleHost) {
        String host = normalize(ruleHost);
        if (host.equals("*")) {
            return new HostMatcher(Kind.ANY_HOST, "");
        }
        if (host.startsWith("*.") && host.length() > 2 && host.indexOf('*', 1) < 0) {
            return new HostMatcher(Kind.ONE_LABEL_WILDCARD, host.substring(1));
        }
        return new HostMatcher(Kind.EXACT, host);
    }

    /** v2 semantics: a plain name compared exactly (wildcards need HostRegexp there). */
    static HostMatcher v2(String ruleHost) {
        return new HostMatcher(Kind.EXACT, normalize(ruleHost));
    }

    /** Lowercase, one trailing dot and IPv6 brackets removed; a port is kept, so it never matches. */
    private static String normalize(String ruleHost) {
        String host = ruleHost.toLowerCase(Locale.ROOT);
        if (host.length() > 2 && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.length() > 1 && host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host;
    }

    @Override
    public boolean matches(RequestView request) {
        if (kind == Kind.ANY_HOST) {
            return true;
        }
        String host = request.host();
        int length = host.length();
        if (length > 0 && host.charAt(length - 1) == '.') {
            length--;
        }
        if (length == 0) {
            return false;
        }
        if (kind == Kind.EXACT) {
            return length == value.length() && host.regionMatches(true, 0, value, 0, length);
        }
        int labelLength = length - value.length();
        if (labelLength <= 0 || !host.regionMatches(true, labelLength, value, 0, value.length())) {
            return false;
        }
        for (int i = 0; i < labelLength; i++) {
            if (host.charAt(i) == '.') {
                return false;
            }
        }
        return true;
    }

    /** True for {@code Host(host)} itself: the exact, canonical name, no wildcard. */
    boolean isExactly(String host) {
        return kind == Kind.EXACT && value.equals(host);
    }

    @Override
    public HostKeys hostKeys() {
        return switch (kind) {
            case ANY_HOST -> HostKeys.ANY;
            case EXACT -> HostKeys.exactHost(value);
            case ONE_LABEL_WILDCARD -> HostKeys.wildcardSuffix(value.substring(1));
        };
    }

    @Override
    public String toString() {
        return "Host(" + kind + " " + value + ")";
    }

    @Override
    public String describe() {
        return switch (kind) {
            case ANY_HOST -> "Host(`*`)";
            case EXACT -> "Host(`" + value + "`)";
            case ONE_LABEL_WILDCARD -> "Host(`*" + value + "`)";
        };
    }

    @Override
    public String whyNot(RequestView request) {
        return matches(request) ? null : describe() + " did not match host \"" + request.host() + "\"";
    }
}
