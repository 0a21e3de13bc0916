package io.jetway.middleware.gatewayapi;

import io.jetway.kube.Node;

import java.nio.charset.StandardCharsets;

/**
 * An HTTPPathModifier ({@code path: {type, replaceFullPath | replacePrefixMatch}}) with the
 * route rule's PathPrefix value: what a redirect or a rewrite makes of the request's path.
 *
 * @param replacement the full path, or what replaces the prefix; escaped where a path may not hold a character
 * @param prefix      for {@code ReplacePrefixMatch}: the matched prefix; null for {@code ReplaceFullPath}
 */
public record PathModifier(String replacement, String prefix) {

    public static final String FULL_PATH = "ReplaceFullPath";
    public static final String PREFIX_MATCH = "ReplacePrefixMatch";

    /**
     * The filter's {@code path}, or null when it has none.
     *
     * @param pathPrefix the rule's PathPrefix value; when absent, {@code /}: a rule without a path
     *                   match matches the prefix {@code /} in the Gateway API
     * @throws Node.InvalidFieldException naming an unknown type or the replacement its type needs
     */
    static PathModifier from(Node path, Node pathPrefix) {
        if (path.isMissing()) {
            return null;
        }
        Node type = path.get("type");
        String kind = type.requiredString();
        Node replacement = switch (kind) {
            case FULL_PATH -> path.get("replaceFullPath");
            case PREFIX_MATCH -> path.get("replacePrefixMatch");
            default -> throw new Node.InvalidFieldException(type.path(),
                    "must be " + FULL_PATH + " or " + PREFIX_MATCH + ", got \"" + kind + "\"");
        };
        if (replacement.isMissing()) {
            throw new Node.InvalidFieldException(replacement.path(), "is required when type is " + kind);
        }
        String text = escape(replacement.string(""));
        if (kind.equals(FULL_PATH)) {
            return new PathModifier(text, null);
        }
        return new PathModifier(text, escape(pathPrefix.string("/")));
    }

    /**
     * The new path for {@code path} (escaped, as received or as earlier middlewares left it).
     * A full replacement is taken as written. A prefix replacement puts what follows the prefix
     * after the replacement, joined and cleaned as Go's {@code path.Join} does (no doubled or
     * dangling slashes, dot segments resolved), keeping a trailing slash the request had; Traefik
     * joins them that way.
     */
    String apply(String path) {
        if (prefix == null) {
            return rooted(replacement);
        }
        String joined = join(replacement, rest(path));
        // path.Join gives "" for two empty parts; a path that cleans to "." means the root.
        joined = joined.isEmpty() ? "" : clean(joined);
        if (joined.equals(".")) {
            joined = "";
        }
        if (path.endsWith("/") && !joined.endsWith("/")) {
            joined += "/";
        }
        return rooted(joined);
    }

    /**
     * What follows the prefix. A prefix written with a trailing slash matches the path without it
     * in the Gateway API ({@code /foo/} matches {@code /foo}), which then has nothing after the prefix
     * (Traefik would keep the whole path there).
     */
    private String rest(String path) {
        if (path.startsWith(prefix)) {
            return path.substring(prefix.length());
        }
        if (prefix.endsWith("/") && path.equals(prefix.substring(0, prefix.length() - 1))) {
            return "";
        }
        return path;
    }

    /** A path always starts with a slash on the wire (Go's URL writer adds it in a redirect too). */
    private static String rooted(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    private static String join(String first, String second) {
        if (first.isEmpty()) {
            return second;
        }
        return second.isEmpty() ? first : first + "/" + second;
    }

    /**
     * Go's {@code path.Clean}: the shortest path with the same meaning: repeated slashes become
     * one, {@code .} segments go, {@code ..} removes the segment before it (at the root it goes), and
     * no trailing slash except for the root itself; "" becomes ".".
     */
    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        java.util.ArrayDeque<String> kept = new java.util.ArrayDeque<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!kept.isEmpty() && !kept.peekLast().equals("..")) {
                    kept.removeLast();
                } else if (!rooted) {
                    kept.addLast("..");
                }
                continue;
            }
            kept.addLast(segment);
        }
        String joined = String.join("/", kept);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /**
     * Percent-encodes what may not stand in a path as written (spaces, controls, non-ASCII, and
     * {@code ?} or {@code #}, which would end it); a {@code %} is taken as an escape already made.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}?#".indexOf(c) < 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
