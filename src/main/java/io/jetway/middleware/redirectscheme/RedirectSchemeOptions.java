package io.jetway.middleware.redirectscheme;

import io.jetway.kube.Node;

/**
 * {@code redirectScheme}'s options.
 *
 * @param scheme    the scheme to redirect to (required)
 * @param port      the port to redirect to, digits as written; "" keeps the request's host without a port
 * @param permanent 301/308 instead of 302/307
 */
public record RedirectSchemeOptions(String scheme, String port, boolean permanent) {

    /** @throws Node.InvalidFieldException naming a missing or malformed scheme, or a port that is not a number */
    public static RedirectSchemeOptions from(Node options) {
        Node schemeNode = options.get("scheme");
        String scheme = schemeNode.requiredString();
        if (!scheme.matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            throw new Node.InvalidFieldException(schemeNode.path(), "invalid scheme \"" + scheme + "\"");
        }
        Node portNode = options.get("port");
        String port = portNode.string("");
        if (!port.isEmpty() && !port.matches("\\d{1,5}")) {
            throw new Node.InvalidFieldException(portNode.path(), "invalid port \"" + port + "\"");
        }
        return new RedirectSchemeOptions(scheme, port, options.get("permanent").bool(false));
    }
}
