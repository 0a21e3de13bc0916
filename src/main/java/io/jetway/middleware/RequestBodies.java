package io.jetway.middleware;

import jakarta.servlet.http.HttpServletRequest;

/** What middlewares that read or replay the request body (retry, buffering) ask about it. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** Whether the request carries a body: a positive length, or one sent in chunks. */
    public static boolean present(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }
}
