package io.jetway.server;

import jakarta.servlet.http.HttpServletRequest;

/** For middlewares: whether the entry point trusts the X-Forwarded-* headers of a request's peer. */
public final class TrustedPeers {

    private TrustedPeers() {
    }

    /** False for a request that was not routed by Jetway's routing filter. */
    public static boolean forwardedHeadersTrusted(HttpServletRequest request) {
        return request.getAttribute(RoutedRequest.ATTRIBUTE) instanceof RoutedRequest routed
                && routed.entryPoint().trusts(request.getRemoteAddr());
    }
}
