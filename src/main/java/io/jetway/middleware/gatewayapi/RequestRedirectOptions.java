package io.jetway.middleware.gatewayapi;

import io.jetway.kube.Node;

import java.util.Locale;
import java.util.Set;

/**
 * An HTTPRequestRedirectFilter ({@code requestRedirect}) with the rule's {@code pathPrefix}.
 *
 * @param scheme     the Location's scheme, lower-cased; null keeps the request's (https over TLS, else http)
 * @param hostname   the Location's host; null keeps the request's host, without its port
 * @param port       the Location's port; null derives it (see {@link RequestRedirectMiddleware})
 * @param path       what becomes of the path; null keeps it
 * @param statusCode 301, 302 (the default), 303, 307 or 308
 */
public record RequestRedirectOptions(String scheme, String hostname, Integer port, PathModifier path, int statusCode) {

    /** The codes HTTPRequestRedirectFilter.StatusCode allows (Traefik refuses any other). */
    static final Set<Integer> STATUS_CODES = Set.of(301, 302, 303, 307, 308);

    /** @throws Node.InvalidFieldException naming a malformed scheme, hostname, port, path or status code */
    public static RequestRedirectOptions from(Node options) {
        Node schemeNode = options.get("scheme");
        String scheme = null;
        if (!schemeNode.isMissing()) {
            scheme = schemeNode.requiredString().toLowerCase(Locale.ROOT);
            if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
                throw new Node.InvalidFieldException(schemeNode.path(), "invalid scheme \"" + scheme + "\"");
            }
        }
        Node portNode = options.get("port");
        Integer port = null;
        if (!portNode.isMissing()) {
            port = portNode.integer(0);
            if (port < 1 || port > 65535) {
                throw new Node.InvalidFieldException(portNode.path(), "must be a port number from 1 to 65535, got " + port);
            }
        }
        Node statusNode = options.get("statusCode");
        int statusCode = statusNode.integer(302);
        if (!STATUS_CODES.contains(statusCode)) {
            throw new Node.InvalidFieldException(statusNode.path(),
                    "unsupported status code " + statusCode + " (301, 302, 303, 307 or 308)");
        }
        return new RequestRedirectOptions(scheme, GatewayOptions.hostname(options.get("hostname")), port,
                PathModifier.from(options.get("path"), options.get("pathPrefix")), statusCode);
    }
}
