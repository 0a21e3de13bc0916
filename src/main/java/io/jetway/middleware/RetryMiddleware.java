package io.jetway.middleware;

import io.jetway.exchange.RetryPolicy;
import io.jetway.exchange.BufferedBody;
import io.jetway.exchange.Exchange;
import io.jetway.model.Node;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

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

    private final int attempts;
    private final Duration initialInterval;

    private RetryMiddleware(int attempts, Duration initialInterval) {
        this.attempts = attempts;
        this.initialInterval = initialInterval;
    }

    public static Filter create(Node options, MiddlewareContext context) {
        Node attemptsNode = options.get("attempts");
        int attempts = attemptsNode.integer(0);
        if (attempts <= 0) {
            throw new Node.InvalidFieldException(attemptsNode.path(), "must be a positive number of attempts");
        }
        Duration interval = TrafficOptions.duration(options.get("initialInterval"), Duration.ofMillis(100));
        if (interval.isNegative()) {
            throw new Node.InvalidFieldException(options.get("initialInterval").path(), "must not be negative");
        }
        return new RetryMiddleware(attempts, interval);
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        if (attempts > 1 && replayable(request)) {
            Exchange.of(request).retryWith(new RetryPolicy(attempts, initialInterval));
        }
        next.doFilter(request, response);
    }

    /** True when the request has no body, or one that can be sent again (buffering it here if small). */
    private static boolean replayable(HttpServletRequest request) throws IOException {
        if (!hasBody(request) || Exchange.of(request).bufferedBody() != null) {
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

    static boolean hasBody(HttpServletRequest request) {
        return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
    }
}
