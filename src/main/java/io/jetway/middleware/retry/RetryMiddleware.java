package io.jetway.middleware.retry;

import io.jetway.exchange.BufferedBody;
import io.jetway.exchange.Exchange;
import io.jetway.exchange.RetryPolicy;
import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.middleware.RequestBodies;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;

/**
 * {@code retry}: when the backend fails without sending anything back (refused or reset before
 * the response), the proxy tries again, up to {@code attempts} attempts in all, another server of
 * the service each time, waiting {@code initialInterval} and then twice as long each time. Once
 * the backend answered, even with a 5xx, the answer stands. A request body is replayed only when
 * it is known to be at most {@link #MAX_REPLAYED_BODY} bytes (read here before forwarding) or was
 * already buffered by a buffering middleware; larger or streamed bodies go out once.
 */
public final class RetryMiddleware extends HttpMiddleware {

    /** Bodies up to this size are kept in memory to be sent again. */
    static final int MAX_REPLAYED_BODY = 64 * 1024;

    private final RetryOptions options;

    public RetryMiddleware(RetryOptions options) {
        this.options = options;
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new RetryMiddleware(RetryOptions.from(options));
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        if (options.attempts() > 1 && replayable(request)) {
            Exchange.of(request).retryWith(new RetryPolicy(options.attempts(), options.initialInterval()));
        }
        next.doFilter(request, response);
    }

    /** True when the request has no body, or one that can be sent again (buffering it here if small). */
    private static boolean replayable(HttpServletRequest request) throws IOException {
        if (!RequestBodies.present(request) || Exchange.of(request).bufferedBody() != null) {
            return true;
        }
        long length = request.getContentLengthLong();
        if (length < 0 || length > MAX_REPLAYED_BODY) {
            return false;
        }
        // Blocking, but short: a body of at most 64 KiB whose length the client announced.
        InputStream in = request.getInputStream();
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
            throw new IOException("request body ended after " + body.length + " of " + length + " bytes");
        }
        Exchange.of(request).bufferedBody(BufferedBody.inMemory(body));
        return true;
    }

}
