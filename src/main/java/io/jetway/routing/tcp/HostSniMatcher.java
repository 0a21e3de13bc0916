package io.jetway.routing.tcp;

import io.jetway.routing.rule.ArgumentProblem;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * v3 `HostSNI(domain)`. `*` matches every connection, with or without SNI (the only form a
 * non-TLS router can use). Otherwise the SNI must be present and equal the domain ignoring case,
 * where a leading `*.` stands for exactly one label: Traefik replaces the SNI's first label with
 * `*` and compares, so `*.example.com` takes `a.example.com` but neither `example.com` nor
 * `a.b.example.com`.
 *
 * @param domain lowercase, one trailing dot dropped; "*" for the catch-all
 */
record HostSniMatcher(String domain) implements TcpMatcher {

    /** Traefik's check, whole-string (Go's `$` never matches before a final newline). */
    private static final Pattern HOST_OR_IP = Pattern.compile("(\\*\\.)?[\\w.\\-:]+");

    static HostSniMatcher of(String written) {
        if (written.equals("*")) {
            return new HostSniMatcher("*");
        }
        if (!HOST_OR_IP.matcher(written).matches()) {
            throw new ArgumentProblem("\"" + written + "\" is not a valid domain name" + nonAsciiHint(written)
                    + "; expected letters, digits, \"_\", \".\", \"-\" or \":\", optionally after a leading \"*.\"");
        }
        String domain = written.endsWith(".") ? written.substring(0, written.length() - 1) : written;
        return new HostSniMatcher(domain.toLowerCase(Locale.ROOT));
    }

    static String nonAsciiHint(String written) {
        return written.chars().allMatch(c -> c < 0x80) ? "" : " (non-ASCII characters are not allowed; use punycode)";
    }

    boolean isCatchAll() {
        return domain.equals("*");
    }

    @Override
    public String whyNot(TcpConnectionInfo connection) {
        return matches(connection) ? null : describe() + " did not match " + Sni.of(connection);
    }

    @Override
    public String describe() {
        return TcpMatcher.call("HostSNI", java.util.List.of(domain));
    }

    @Override
    public boolean matches(TcpConnectionInfo connection) {
        if (isCatchAll()) {
            return true;
        }
        String sni = connection.serverName();
        if (sni.isEmpty()) {
            return false;
        }
        if (domain.charAt(0) != '*') {
            return sni.equalsIgnoreCase(domain);
        }
        // "*" + everything from the SNI's first dot on (nothing when it has no dot) must equal the domain.
        int dot = sni.indexOf('.');
        int from = dot < 0 ? sni.length() : dot;
        int restLength = sni.length() - from;
        return domain.length() == 1 + restLength && sni.regionMatches(true, from, domain, 1, restLength);
    }
}
