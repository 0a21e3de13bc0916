package io.jetway.routing.rule;

import java.util.Objects;

/**
 * The path rules are matched against: the request path as sent, with only unreserved characters
 * decoded. Reserved escapes stay encoded so that `/a%2Fb` can never be mistaken for `/a/b`.
 */
public final class RoutingPath {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RoutingPath() {
    }

    /**
     * Decodes `%XX` of ALPHA / DIGIT / "-" / "." / "_" / "~"; other escapes are kept with uppercase hex.
     *
     * @throws IllegalArgumentException on a malformed escape (the data plane answers 400)
     */
    public static String decode(String rawPath) {
        Objects.requireNonNull(rawPath, "rawPath");
        int percent = rawPath.indexOf('%');
        if (percent < 0) {
            return rawPath;
        }
        StringBuilder out = new StringBuilder(rawPath.length());
        out.append(rawPath, 0, percent);
        int i = percent;
        while (i < rawPath.length()) {
            char c = rawPath.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            int high = i + 1 < rawPath.length() ? Character.digit(rawPath.charAt(i + 1), 16) : -1;
            int low = i + 2 < rawPath.length() ? Character.digit(rawPath.charAt(i + 2), 16) : -1;
            if (high < 0 || low < 0 || !isAsciiHex(rawPath.charAt(i + 1)) || !isAsciiHex(rawPath.charAt(i + 2))) {
                throw new IllegalArgumentException("malformed escape in path at " + i + ": " + rawPath);
            }
            char decoded = (char) (high * 16 + low);
            if (isUnreserved(decoded)) {
                out.append(decoded);
            } else {
                out.append('%').append(HEX[high]).append(HEX[low]);
            }
            i += 3;
        }
        return out.toString();
    }

    // Character.digit also accepts non-ASCII digits (e.g. fullwidth), which are not hex in a URI.
    private static boolean isAsciiHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }
}
