package io.jetway.server.entry;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpStatus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The WAR's error page (web.xml maps every error to it): whatever the container, a failure
 * answers Traefik's short text/plain status text and never the exception's message or stack.
 */
public final class PlainErrorServlet extends HttpServlet {

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        write(request, response, status instanceof Integer code && code >= 400 ? code : 500);
    }

    static void write(HttpServletRequest request, HttpServletResponse response, int code) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(code);
        response.setContentType("text/plain; charset=utf-8");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (code == 204 || code == 304 || "HEAD".equals(request.getMethod())) {
            return;
        }
        byte[] body = HttpStatus.getMessage(code).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
