package io.jetway.server;

import io.jetway.routing.CompiledRouter;

/** What the routing filter decided for a request, handed to the proxy as a request attribute. */
record RoutedRequest(EntryPoint entryPoint, CompiledRouter router) {

    static final String ATTRIBUTE = RoutedRequest.class.getName();
    /** The backend the router's service picked, set just before the request is forwarded. */
    static final String BACKEND_ATTRIBUTE = RoutedRequest.class.getName() + ".backend";
}
