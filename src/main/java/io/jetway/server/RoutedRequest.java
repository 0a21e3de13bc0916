package io.jetway.server;

import io.jetway.middleware.ForwardedHeadersTrust;
import io.jetway.routing.CompiledRouter;
import jakarta.servlet.http.HttpServletRequest;

/** What the routing filter decided for a request, handed to the proxy as a request attribute. */
record RoutedRequest(EntryPoint entryPoint, CompiledRouter router) implements ForwardedHeadersTrust {

    /** Shared with the middlewares, which read the record as a {@link ForwardedHeadersTrust}. */
    static final String ATTRIBUTE = ForwardedHeadersTrust.ATTRIBUTE;
    /** The backend the router's service picked, set just before the request is forwarded. */
    static final String BACKEND_ATTRIBUTE = RoutedRequest.class.getName() + ".backend";

    @Override
    public boolean trustsForwardedHeaders(HttpServletRequest request) {
        return entryPoint.trusts(request.getRemoteAddr());
    }
}
