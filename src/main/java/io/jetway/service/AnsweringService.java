package io.jetway.service;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A weighted child that is no service but a fixed answer (Traefik's WRR child with a status): a
 * Gateway API backend that cannot be used keeps its share of the requests, answered with 500.
 */
public final class AnsweringService implements ServiceHandler {

    private final String name;
    /** Made once: every request this child gets takes the same answer. */
    private final Backend answer;

    public AnsweringService(String name, int status) {
        this.name = name;
        this.answer = Backend.answering(status, name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Backend select(HttpServletRequest request, HttpServletResponse response) {
        return answer;
    }
}
