package io.jetway.server;

import jakarta.servlet.http.HttpServletRequest;

/** Whether a routed request's X-Forwarded-* headers come from a peer its entry point trusts. */
public final class ForwardingTrust {

    private ForwardingTrust() {
    }

    /** False for requests that did not pass the routing filter: nothing vouches for them. */
    public static boolean trusts(HttpServletRequest request) {
        return request.getAttribute(RoutedRequest.ATTRIBUTE) instanceof RoutedRequest routed
                && routed.entryPoint().trusts(request.getRemoteAddr());
    }
}
