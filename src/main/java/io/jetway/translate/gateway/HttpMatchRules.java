package io.jetway.translate.gateway;

import io.jetway.kube.Node;

import java.util.ArrayList;
import java.util.List;

/**
 * An HTTPRoute match as a Traefik rule, with Traefik's priority: Exact path +100000, a longer
 * prefix or regular expression +10000 + 100 per character, a method +1000, each header +100, each
 * query parameter +10, and the longest hostname's length when there are hostnames.
 */
final class HttpMatchRules {

    /** A rule and the priority Traefik gives it before the rule-order bonus. */
    record MatchRule(String rule, int priority) {
    }

    /** "*." as Go's QuoteMeta leaves it, and the labels Traefik puts in its place. */
    private static final String QUOTED_WILDCARD = "\\*\\.";
    private static final String LABELS = "[a-z0-9-\\.]+\\.";

    private HttpMatchRules() {
    }

    static MatchRule of(List<String> hostnames, Node match) {
        List<String> parts = new ArrayList<>();
        int priority = 0;
        Node path = match.get("path");
        String pathType = path.get("type").string("PathPrefix");
        String pathValue = path.get("value").string("/");
        switch (pathType) {
            case "Exact" -> {
                parts.add("Path(" + quote(pathValue) + ")");
                priority += 100000;
            }
            case "RegularExpression" -> {
                parts.add("PathRegexp(" + quote(pathValue) + ")");
                priority += 10000 + pathValue.length() * 100;
            }
            case "PathPrefix" -> {
                if (pathValue.equals("/")) {
                    // The catch-all is evaluated last.
                    parts.add("PathPrefix(\"/\")");
                    priority += 1;
                } else {
                    String trimmed = pathValue.endsWith("/") ? pathValue.substring(0, pathValue.length() - 1) : pathValue;
                    parts.add("(Path(" + quote(trimmed) + ") || PathPrefix(" + quote(trimmed + "/") + "))");
                    priority += 10000 + pathValue.length() * 100;
                }
            }
            default -> {
                parts.add("PathPrefix(\"/\")");
                priority += 1;
            }
        }
        String method = match.get("method").string(null);
        if (method != null) {
            parts.add("Method(" + quote(method) + ")");
            priority += 1000;
        }
        for (Node header : match.get("headers").list()) {
            String type = header.get("type").string("Exact");
            String name = header.get("name").string("");
            String value = header.get("value").string("");
            parts.add((type.equals("RegularExpression") ? "HeaderRegexp(" : "Header(") + quote(name) + "," + quote(value) + ")");
            priority += 100;
        }
        for (Node query : match.get("queryParams").list()) {
            String type = query.get("type").string("Exact");
            String name = query.get("name").string("");
            String value = query.get("value").string("");
            parts.add((type.equals("RegularExpression") ? "QueryRegexp(" : "Query(") + quote(name) + "," + quote(value) + ")");
            priority += 10;
        }
        String matchRule = String.join(" && ", parts);
        MatchRule host = hostRule(hostnames);
        if (host == null) {
            return new MatchRule(matchRule, priority);
        }
        // A route with a host wins over the same route without one.
        return new MatchRule(host.rule() + " && " + matchRule, priority + host.priority());
    }

    /** Host and HostRegexp alternatives; null without hostnames. Priority: the longest hostname's length. */
    static MatchRule hostRule(List<String> hostnames) {
        List<String> rules = new ArrayList<>();
        int priority = 0;
        for (String host : hostnames) {
            priority = Math.max(priority, host.length());
            if (!host.contains("*")) {
                rules.add("Host(" + quote(host) + ")");
                continue;
            }
            // *.foo.com: one or more labels before .foo.com.
            String pattern = regexQuote(host);
            int wildcard = pattern.indexOf(QUOTED_WILDCARD);
            if (wildcard >= 0) {
                pattern = pattern.substring(0, wildcard) + LABELS + pattern.substring(wildcard + QUOTED_WILDCARD.length());
            }
            rules.add("HostRegexp(" + quote("^" + pattern + "$") + ")");
        }
        return switch (rules.size()) {
            case 0 -> null;
            case 1 -> new MatchRule(rules.get(0), priority);
            default -> new MatchRule("(" + String.join(" || ", rules) + ")", priority);
        };
    }

    /** Go's regexp.QuoteMeta: a backslash before each of \.+*?()|[]{}^$. */
    static String regexQuote(String text) {
        StringBuilder out = new StringBuilder(text.length() * 2);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Go's %q for the strings a manifest holds: double quotes, with backslash escapes. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
