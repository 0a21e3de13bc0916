package io.jetway.server.entry;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The embedded server's answer to what fails outside the servlet context (a malformed request,
 * an exception escaping a handler): Traefik's short text/plain status line, never the exception's
 * message or stack, which would tell a client about Jetway's insides.
 */
public final class PlainServerErrorHandler extends ErrorHandler {

    public PlainServerErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        if (!HttpStatus.hasNoBody(code) && !"HEAD".equals(request.getMethod())) {
            Content.Sink.write(response, true, HttpStatus.getMessage(code), callback);
        } else {
            callback.succeeded();
        }
    }
}
