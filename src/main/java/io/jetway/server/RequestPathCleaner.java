package io.jetway.server;

import io.jetway.config.RequestPathConfig;
import io.jetway.routing.rule.RoutingPath;

/**
 * What an entry point does to a request path before routing, as Traefik v3.7 does it: normalise
 * (decode unreserved escapes such as {@code %2e}, upper-case the hex of the others), then, when
 * sanitizePath is on, remove {@code .} and {@code ..} segments and duplicate slashes. Routers match,
 * middlewares see and backends receive the result, so that {@code /public/../admin} can never be
 * routed as {@code /public} and then resolved to {@code /admin} by the backend.
 */
public final class RequestPathCleaner {

    private final RequestPathConfig config;

    public RequestPathCleaner(RequestPathConfig config) {
        this.config = config;
    }

    public static final RequestPathCleaner DEFAULTS = new RequestPathCleaner(RequestPathConfig.DEFAULTS);

    public RequestPathConfig config() {
        return config;
    }

    /**
     * The path to route and forward: normalised, then sanitised when the entry point says so.
     *
     * @param rawPath the escaped path as received
     * @throws IllegalArgumentException on a malformed escape (the client gets 400)
     */
    public String clean(String rawPath) {
        String normalized = RoutingPath.decode(rawPath);
        return config.sanitizePath() ? removeDotSegments(normalized) : normalized;
    }

    /**
     * The first escape of the (cleaned) path that the entry point's encodedCharacters options deny,
     * or null. As in Traefik, each escape is read once: {@code %252F} holds {@code %25}, not {@code %2F}.
     */
    public String deniedEscape(String path) {
        RequestPathConfig.EncodedCharacters allowed = config.encodedCharacters();
        if (allowed.allowsAll()) {
            return null;
        }
        for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 3)) {
            if (i + 2 >= path.length()) {
                return path.substring(i); // a cut escape (cleaning rejects it before this)
            }
            String escape = path.substring(i, i + 3);
            if (!allowed.allows(escape)) {
                return escape;
            }
        }
        return null;
    }

    /**
     * Go's {@code URL.JoinPath()} on an escaped path, which is what Traefik's sanitizePath does:
     * {@code path.Clean} (duplicate slashes merged, {@code .} dropped, {@code ..} removing the
     * segment before it and never climbing above the root), keeping a trailing slash the path had.
     * Escapes are not decoded here, so {@code %2F} never separates segments.
     */
    static String removeDotSegments(String path) {
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
}
