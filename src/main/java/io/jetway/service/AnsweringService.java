package io.jetway.service;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A weighted child that is no service but a fixed answer (Traefik's WRR child with a status): a
 * Gateway API backend that cannot be used keeps its share of the requests, answered with 500.
 */
public record AnsweringService(String name, int status) implements ServiceHandler {

    @Override
    public Backend select(HttpServletRequest request, HttpServletResponse response) {
        return Backend.answering(status, name);
    }
}
