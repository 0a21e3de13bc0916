package io.jetway.routing.rule;

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
}
