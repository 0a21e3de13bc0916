package io.jetway.middleware.headers;

import io.jetway.middleware.LocalResponses;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * Applies the request's response-header edits to an answer that a later middleware, or the
 * service when it has no server, writes itself: Traefik's response modifiers see those too. The
 * proxy does not write through this wrapper (it answers on the container's response) and applies
 * the edits itself.
 */
final class EditedResponse extends HttpServletResponseWrapper {

    private final HttpServletRequest request;
    private boolean applied;

    EditedResponse(HttpServletRequest request, HttpServletResponse response) {
        super(response);
        this.request = request;
    }

    /** Once, just before the answer's headers can be committed. */
    void applyEdits() {
        if (!applied && !isCommitted()) {
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
