package io.jetway.server.entry;

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

    public static final RequestPathCleaner DEFAULTS = new RequestPathCleaner(RequestPathConfig.DEFAULTS);

    private final RequestPathConfig config;
    /** False with Traefik's defaults: then paths are not scanned for escapes at all. */
    private final boolean deniesEscapes;

    public RequestPathCleaner(RequestPathConfig config) {
        this.config = config;
        this.deniesEscapes = !config.encodedCharacters().allowsAll();
    }

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
        return config.sanitizePath() ? RoutingPath.removeDotSegments(normalized) : normalized;
    }

    /**
     * The first escape of the (cleaned) path that the entry point's encodedCharacters options deny,
     * or null. As in Traefik, each escape is read once: {@code %252F} holds {@code %25}, not {@code %2F}.
     */
    public String deniedEscape(String path) {
        if (!deniesEscapes) {
            return null;
        }
        RequestPathConfig.EncodedCharacters allowed = config.encodedCharacters();
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
}
