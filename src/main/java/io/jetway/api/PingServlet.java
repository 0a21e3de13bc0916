package io.jetway.api;

import io.jetway.server.control.Stopping;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code /ping}: 200 {@code OK} for GET and HEAD while Jetway serves; 503 {@code Service
 * Unavailable} once it is shutting down, as Traefik's, so load balancers stop sending traffic,
 * and before every provider's first sync, so none sends traffic to an instance without routes.
 */
public class PingServlet extends HttpServlet {

    private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] STOPPING = "Service Unavailable".getBytes(StandardCharsets.US_ASCII);

    private final transient Stopping stopping;

    public PingServlet(Stopping stopping) {
        this.stopping = stopping;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = head(response);
        response.getOutputStream().write(body);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) {
        head(response);
    }

    private byte[] head(HttpServletResponse response) {
        boolean unavailable = stopping.isStopping() || !stopping.isSynced();
        byte[] body = unavailable ? STOPPING : OK;
        response.setStatus(unavailable ? 503 : 200);
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(body.length);
        return body;
    }
}
