package io.jetway.service;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.List;

/** A compiled HTTP service: picks the backend for one request, or null when none is available. */
public interface ServiceHandler {

    String name();

    /**
     * @param response where a sticky service sets its cookie; the backend's answer comes later
     */
    Backend select(HttpServletRequest request, HttpServletResponse response);

    /**
     * The servers this service picks from without reading the request or writing the response (a
     * load balancer of servers without a sticky cookie), so that it may pick for a request that
     * never becomes a servlet request: {@code select(null, null)}. Null when it needs them (sticky
     * cookies, mirrors, nested services, internal services).
     */
    default List<Backend> requestFreeServers() {
        return null;
    }
}
