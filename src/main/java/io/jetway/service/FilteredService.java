package io.jetway.service;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.List;

/**
 * A weighted child with middlewares of its own (Traefik's service middlewares; a Gateway API
 * backendRef's filters): the server it picks carries them, so that they run after the router's
 * middlewares on the requests this child gets, and on no other child's.
 */
public final class FilteredService implements ServiceHandler {

    private final ServiceHandler service;
    private final List<Filter> middlewares;

    public FilteredService(ServiceHandler service, List<Filter> middlewares) {
        this.service = service;
        this.middlewares = List.copyOf(middlewares);
    }

    @Override
    public String name() {
        return service.name();
    }

    @Override
    public Backend select(HttpServletRequest request, HttpServletResponse response) {
        Backend backend = service.select(request, response);
        return backend == null || backend.answerStatus() != 0 ? backend : backend.withMiddlewares(middlewares);
    }
}
