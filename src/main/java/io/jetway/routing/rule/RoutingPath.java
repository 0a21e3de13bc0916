package io.jetway.routing.rule;

import java.util.Objects;

/**
 * The path rules are matched against: the request path as sent, with only unreserved characters
 * decoded. Reserved escapes stay encoded so that `/a%2Fb` can never be mistaken for `/a/b`. Entry
 * points with sanitizePath (the default) also remove dot segments and duplicate slashes.
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

    /**
     * Go's {@code URL.JoinPath()} on an escaped path, which is what Traefik's sanitizePath does
     * (the path must be normalised first, see {@link #decode}):
     * {@code path.Clean} (duplicate slashes merged, {@code .} dropped, {@code ..} removing the
     * segment before it and never climbing above the root), keeping a trailing slash the path had.
     * Escapes are not decoded here, so {@code %2F} never separates segments.
     */
    public static String removeDotSegments(String path) {
        if (path.isEmpty()) {
            return path;
        }
        if (path.charAt(0) != '/') {
            // A relative target (such as OPTIONS *): cleaned as if rooted, without the root.
            return removeDotSegments("/" + path).substring(1);
        }
        if (!needsCleaning(path)) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length()).append('/');
        int n = path.length();
        int r = 1;
        while (r < n) {
            char c = path.charAt(r);
            if (c == '/') {
                r++;
            } else if (c == '.' && (r + 1 == n || path.charAt(r + 1) == '/')) {
                r++;
            } else if (c == '.' && path.charAt(r + 1) == '.' && (r + 2 == n || path.charAt(r + 2) == '/')) {
                r += 2;
                int w = out.length() - 1;
                while (w > 0 && out.charAt(w) != '/') {
                    w--;
                }
                out.setLength(Math.max(w, 1)); // back to the previous segment; the root stays
            } else {
                if (out.length() != 1) {
                    out.append('/');
                }
                while (r < n && path.charAt(r) != '/') {
                    out.append(path.charAt(r++));
                }
            }
        }
        if (path.endsWith("/") && out.charAt(out.length() - 1) != '/') {
            out.append('/');
        }
        return out.toString();
    }

    /** Whether the path has a duplicate slash or a dot segment (most paths have neither). */
    private static boolean needsCleaning(String path) {
        int n = path.length();
        for (int i = 0; i < n; i++) {
            if (path.charAt(i) != '/') {
                continue;
            }
            int next = i + 1;
            if (next < n && path.charAt(next) == '/') {
                return true;
            }
            if (next < n && path.charAt(next) == '.') {
                int after = next + 1;
                if (after == n || path.charAt(after) == '/') {
                    return true;
                }
                if (path.charAt(after) == '.' && (after + 1 == n || path.charAt(after + 1) == '/')) {
                    return true;
                }
            }
        }
        return false;
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
