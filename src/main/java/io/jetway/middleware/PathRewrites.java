package io.jetway.middleware;

import io.jetway.exchange.ForwardEdits;

/**
 * What the path-rewriting kinds share: stripPrefix and stripPrefixRegex tell the backend the
 * stripped prefix in X-Forwarded-Prefix, replacePath and replacePathRegex the original path in
 * X-Replaced-Path, as Traefik does.
 */
public final class PathRewrites {

    public static final String FORWARDED_PREFIX = "X-Forwarded-Prefix";
    public static final String REPLACED_PATH = "X-Replaced-Path";

    private PathRewrites() {
    }

    /** Forwards the path without {@code prefix} (which it starts with), always starting with a slash. */
    public static void stripPrefix(ForwardEdits edits, String path, String prefix) {
        edits.addRequestHeader(FORWARDED_PREFIX, prefix);
        String rest = path.substring(prefix.length());
        edits.setPath(rest.startsWith("/") ? rest : "/" + rest);
    }

    /** Forwards {@code newPath} instead of {@code path}. */
    public static void replacePath(ForwardEdits edits, String path, String newPath) {
        edits.setRequestHeader(REPLACED_PATH, path);
        edits.setPath(newPath);
    }
}
