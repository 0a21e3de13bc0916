package io.jetway.routing.rule;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a rule may look at in a request. The data plane adapts the servlet request to this once per
 * request; tests implement it with plain values.
 */
public interface RequestView {

    /** Canonical host: Host header without port, IPv6 brackets or trailing dot, lowercased; "" if none. */
    String host();

    /** The routing path: escaped path with non-reserved %XX decoded (see {@link RoutingPath}). */
    String routingPath();

    /** Request method as sent, e.g. "GET". */
    String method();

    /** Every value of a header (name case-insensitive), in order; empty list if absent. */
    List<String> headers(String name);

    /** Decoded query parameters, in order of appearance. */
    Map<String, List<String>> queryParameters();

    /** IP address of the connection's peer (never from X-Forwarded-For). */
    String remoteAddress();

    /** Like Go's url.ParseQuery: '&'-separated, '+' is a space, undecodable pairs are skipped. */
    static Map<String, List<String>> parseQuery(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> params = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                // A malformed escape makes Go drop the pair too.
            }
        }
        return params;
    }
}
