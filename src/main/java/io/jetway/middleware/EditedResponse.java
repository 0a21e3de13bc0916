package io.jetway.middleware;

import io.jetway.exchange.Exchange;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Applies the request's response-header edits to an answer that a later middleware, or the
 * service when it has no server, writes itself: Traefik's response modifiers see those too. Once
 * the service picked a backend, the proxy (or the tunnel) answers and applies the edits itself,
 * to the backend's response or to its own error answer: Jetty's async proxy writes through this
 * wrapper, which then leaves the headers alone, or an added value would go out twice. Shared by
 * the kinds that edit response headers (headers, and the Gateway API's response header modifier).
 */
public final class EditedResponse extends HttpServletResponseWrapper {

    private final HttpServletRequest request;
    private boolean applied;

    EditedResponse(HttpServletRequest request, HttpServletResponse response) {
        super(response);
        this.request = request;
    }

    /**
     * Calls {@code next} with a response that applies the request's response-header edits to an
     * answer written in this process, and to a bare status once {@code next} returns synchronously.
     * A WebSocket upgrade goes on with the container's response, which the tunnel takes as it is.
     */
    public static void passOn(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        if (isWebSocketUpgrade(request)) {
            next.doFilter(request, response);
            return;
        }
        EditedResponse edited = new EditedResponse(request, response);
        next.doFilter(request, edited);
        if (!request.isAsyncStarted()) {
            edited.applyEdits(); // an answer without a body (a bare status) gets them too
        }
    }

    private static boolean isWebSocketUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).equals("websocket");
    }

    /** Once, just before the answer's headers can be committed, unless the proxy answers. */
    void applyEdits() {
        if (!applied && !isCommitted() && Exchange.of(request).backend() == null) {
            applied = true;
            LocalResponses.applyEdits(request, (HttpServletResponse) getResponse());
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        applyEdits();
        return super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        applyEdits();
        return super.getWriter();
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        applyEdits();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        applyEdits();
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        applyEdits();
        super.sendRedirect(location);
    }

    @Override
    public void flushBuffer() throws IOException {
        applyEdits();
        super.flushBuffer();
    }

    @Override
    public void reset() {
        super.reset();
        applied = false;
    }
}
