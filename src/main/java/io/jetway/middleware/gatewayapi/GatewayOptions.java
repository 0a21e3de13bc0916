package io.jetway.middleware.gatewayapi;

import io.jetway.kube.Node;

/** Readers for the fields the redirect and the rewrite share. */
final class GatewayOptions {

    private GatewayOptions() {
    }

    /**
     * A PreciseHostname (a DNS name or an IP address, no wildcard, no port) as written; null when
     * absent.
     */
    static String hostname(Node node) {
        if (node.isMissing()) {
            return null;
        }
        String hostname = node.requiredString();
        if (!hostname.matches("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?")) {
            throw new Node.InvalidFieldException(node.path(), "invalid hostname \"" + hostname + "\"");
        }
        return hostname;
    }
}
