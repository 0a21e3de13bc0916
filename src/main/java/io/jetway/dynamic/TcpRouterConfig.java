package io.jetway.dynamic;

import io.jetway.kube.ObjectRef;

import java.util.List;

/**
 * A TCP router.
 *
 * @param entryPoints empty means the default entry points
 * @param rule        HostSNI, HostSNIRegexp, ClientIP and ALPN matchers
 * @param priority    as configured; 0 means computed (the rule's length, -1 for {@code HostSNI(`*`)})
 * @param ruleSyntax  "v3" (default) or "v2"
 * @param middlewares qualified MiddlewareTCP names, in order
 * @param service     qualified TCP service name
 * @param tls         null for a router that takes connections without TLS
 */
public record TcpRouterConfig(String name, List<String> entryPoints, String rule, long priority, String ruleSyntax,
                              List<String> middlewares, String service, TcpRouterTls tls, ObjectRef source) {

    public TcpRouterConfig {
        entryPoints = List.copyOf(entryPoints);
        middlewares = List.copyOf(middlewares);
    }
}
