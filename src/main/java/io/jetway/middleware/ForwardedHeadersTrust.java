package io.jetway.middleware;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Whether the entry point a request came through trusts the peer's X-Forwarded-* headers. The
 * routing filter's record of the request answers; middlewares that read X-Forwarded-For (an
 * ipStrategy) ask, so that an untrusted client cannot choose its own source, as in Traefik where
 * such headers are gone before any middleware runs.
 */
public interface ForwardedHeadersTrust {

    /**
     * The request attribute under which the routing filter keeps its record of the request (an
     * instance of this interface). Named after this interface, so both sides share it without the
     * middlewares knowing the server's class.
     */
    String ATTRIBUTE = ForwardedHeadersTrust.class.getName();

    boolean trustsForwardedHeaders(HttpServletRequest request);

    /** True when the entry point trusts the peer, or when nothing says otherwise (no routing filter). */
    static boolean trusted(HttpServletRequest request) {
        return !(request.getAttribute(ATTRIBUTE) instanceof ForwardedHeadersTrust trust)
                || trust.trustsForwardedHeaders(request);
    }
}
