package io.jetway.api;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code /ping}: 200 {@code OK} for GET and HEAD while Jetway serves. */
public class PingServlet extends HttpServlet {

    private static final byte[] OK = "OK".getBytes(StandardCharsets.US_ASCII);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(200);
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(OK.length);
        response.getOutputStream().write(OK);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) {
        response.setStatus(200);
        response.setContentType("text/plain; charset=utf-8");
        response.setContentLength(OK.length);
    }
}
