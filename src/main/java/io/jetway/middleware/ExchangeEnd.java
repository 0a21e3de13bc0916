package io.jetway.middleware;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the rest of the chain and then a callback once the exchange really ends. The proxy is
 * asynchronous: the chain returns as soon as the request is on its way to the backend, so when
 * async started the callback waits for the AsyncContext to complete (or fail); otherwise the
 * answer was given in the chain and the callback runs at once. The callback runs exactly once
 * and sees the final status.
 */
public final class ExchangeEnd {

    /** Told the final status of the response when the exchange ends. */
    @FunctionalInterface
    public interface Callback {
        void ended(int status);
    }

    private ExchangeEnd() {
    }

    public static void proceed(HttpServletRequest request, HttpServletResponse response, FilterChain next, Callback callback)
            throws IOException, ServletException {
        Once once = new Once(callback, response);
        try {
            next.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            once.fire(500);
            throw e;
        }
        if (request.isAsyncStarted()) {
            try {
                request.getAsyncContext().addListener(once);
                return;
            } catch (IllegalStateException alreadyCompleted) {
                // fall through: the exchange is over
            }
        }
        once.fire(response.getStatus());
    }

    private static final class Once implements AsyncListener {
        private final Callback callback;
        private final HttpServletResponse response;
        private final AtomicBoolean fired = new AtomicBoolean();

        Once(Callback callback, HttpServletResponse response) {
            this.callback = callback;
            this.response = response;
        }

        void fire(int status) {
            if (fired.compareAndSet(false, true)) {
                callback.ended(status);
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            fire(response.getStatus());
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            fire(504);
        }

        @Override
        public void onError(AsyncEvent event) {
            fire(502);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // the proxy does not restart async
        }
    }
}
