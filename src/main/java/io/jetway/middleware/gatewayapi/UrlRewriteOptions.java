package io.jetway.middleware.gatewayapi;

import io.jetway.kube.Node;

/**
 * An HTTPURLRewriteFilter ({@code urlRewrite}) with the rule's {@code pathPrefix}: at least one
 * of the two.
 *
 * @param hostname the Host forwarded to the backend; null keeps it
 * @param path     what becomes of the forwarded path; null keeps it
 */
public record UrlRewriteOptions(String hostname, PathModifier path) {

    /** @throws Node.InvalidFieldException when neither hostname nor path is set, or one is malformed */
    public static UrlRewriteOptions from(Node options) {
        String hostname = GatewayOptions.hostname(options.get("hostname"));
        PathModifier path = PathModifier.from(options.get("path"), options.get("pathPrefix"));
        if (hostname == null && path == null) {
            throw new Node.InvalidFieldException(options.path(), "a URL rewrite needs a hostname or a path, it has neither");
        }
        return new UrlRewriteOptions(hostname, path);
    }
}
