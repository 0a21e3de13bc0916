package io.jetway.service;

import jakarta.servlet.http.HttpServletRequest;

/** A compiled HTTP service: picks the backend for one request, or null when none is available. */
public interface ServiceHandler {

    String name();

    Backend select(HttpServletRequest request);
}
