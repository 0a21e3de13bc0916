package io.jetway.server.proxy;

import io.jetway.exchange.Exchange;
import io.jetway.exchange.RetryPolicy;
import io.jetway.service.Backend;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The retry middleware's hook: a backend that failed before sending anything back (no status
 * line) gets another attempt, if the request's {@link RetryPolicy} has one left, after its
 * backoff. The attempt picks a server again through the router's service.
 */
final class RetryResender {

    private static final Logger LOG = LoggerFactory.getLogger(RetryResender.class);

    /** Sends the request to the backend its exchange now names, as the proxy sends any request. */
    interface Send {
        void sendAgain(HttpServletRequest clientRequest, HttpServletResponse proxyResponse) throws IOException;
    }

    private final Scheduler scheduler;
    private final ErrorAnswers errors;
    private final Send send;

    RetryResender(Scheduler scheduler, ErrorAnswers errors, Send send) {
        this.scheduler = scheduler;
        this.errors = errors;
        this.send = send;
    }

    /** True when another attempt is scheduled; false when the failure stands. */
    boolean retryLater(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Response serverResponse,
                       Backend failed, Throwable failure) {
        RetryPolicy retry = Exchange.of(clientRequest).retryPolicy();
        if (retry == null || proxyResponse.isCommitted() || (serverResponse != null && serverResponse.getStatus() > 0)) {
            return false;
        }
        Duration wait = retry.nextAttempt();
        if (wait == null) {
            return false;
        }
        LOG.debug("event=retry url={} wait={} msg=\"{}\"", failed == null ? "" : failed.baseUrl(), wait, failure.toString());
        ProxyExchangeState state = ProxyExchangeState.find(clientRequest);
        if (state != null) {
            state.releaseInFlight(); // this attempt is over; the next one counts on its own server
        }
        scheduler.schedule(() -> resend(clientRequest, proxyResponse), wait.toNanos(), TimeUnit.NANOSECONDS);
        return true;
    }

    private void resend(HttpServletRequest clientRequest, HttpServletResponse proxyResponse) {
        try {
            Exchange exchange = Exchange.of(clientRequest);
            Backend backend = exchange.service().select(clientRequest, proxyResponse);
            if (backend == null) {
                errors.send(clientRequest, proxyResponse, 503);
                return;
            }
            exchange.forwardTo(backend);
            if (backend.inFlight() != null) {
                backend.inFlight().incrementAndGet();
            }
            send.sendAgain(clientRequest, proxyResponse);
        } catch (IOException | RuntimeException e) {
            LOG.debug("event=retry-failed msg=\"{}\"", e.toString());
            errors.send(clientRequest, proxyResponse, 502);
        }
    }
}
