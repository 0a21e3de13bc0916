package io.jetway.server.entry;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.servlet.ErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

import java.io.IOException;

/**
 * The embedded servlet context's error pages (sendError, an exception thrown by a filter or a
 * servlet): Traefik's short text/plain answer, without the exception's message or stack.
 */
public final class PlainServletErrorHandler extends ErrorHandler {

    public PlainServletErrorHandler() {
        setShowStacks(false);
        setShowServlet(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateAcceptableResponse(ServletContextRequest baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message) throws IOException {
        PlainErrorServlet.write(request, response, code);
    }
}
