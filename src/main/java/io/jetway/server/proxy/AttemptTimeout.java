package io.jetway.server.proxy;

import io.jetway.exchange.Exchange;
import io.jetway.exchange.TimeLimits;
import org.eclipse.jetty.client.Request;

import java.util.concurrent.TimeUnit;

/**
 * The exchange's {@link TimeLimits} on one attempt: Jetty's total timeout of the backend request,
 * which runs from its sending to the response's last byte and ends a late one with a
 * {@code TimeoutException} (a 504 while nothing was written to the client, as for the
 * responseHeaderTimeout).
 */
final class AttemptTimeout {

    private AttemptTimeout() {
    }

    static void arm(Request proxyRequest, Exchange exchange) {
        TimeLimits limits = exchange.timeLimits();
        if (limits == null) {
            return;
        }
        long millis = limits.attemptMillis(System.nanoTime());
        if (millis > 0) {
            proxyRequest.timeout(millis, TimeUnit.MILLISECONDS);
        }
    }
}
