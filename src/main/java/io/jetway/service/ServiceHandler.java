package io.jetway.service;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A compiled HTTP service: picks the backend for one request, or null when none is available. */
public interface ServiceHandler {

    String name();

    /**
     * @param response where a sticky service sets its cookie; the backend's answer comes later
     */
    Backend select(HttpServletRequest request, HttpServletResponse response);
}
