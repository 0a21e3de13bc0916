package io.jetway.server.proxy;

import io.jetway.exchange.ErrorPages;
import io.jetway.exchange.Exchange;
import io.jetway.exchange.Observations;
import io.jetway.exchange.ResponseBodyLimit;
import io.jetway.service.Backend;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed exchange becomes, in Traefik's terms: a malformed request body is the client's
 * 400 (no retry, no health mark); a client that left is logged as 499 and the exchange ends; a
 * response over the buffering limit is a 500; a request head that outgrew the backend client's
 * limit with what Jetway adds is a 431; an error page whose body broke off is answered again;
 * else the server is marked by the passive health check and the retry middleware may try again.
 * What is left gets the proxy's default status for the failure (502, or 504 for a timeout).
 */
final class BackendFailures {

    private static final Logger LOG = LoggerFactory.getLogger(BackendFailures.class);

    private final ErrorAnswers errors;
    private final RetryResender retries;
    private final int maxHeadBytes;

    BackendFailures(ErrorAnswers errors, RetryResender retries, int maxHeadBytes) {
        this.errors = errors;
        this.retries = retries;
        this.maxHeadBytes = maxHeadBytes;
    }

    /** Reading the client's request failed: logged as a client that left unless its body was malformed. */
    void clientRequestFailed(HttpServletRequest clientRequest, Throwable failure) {
        if (!MalformedRequestBody.caused(clientRequest, failure)) {
            ErrorAnswers.logClientGone(clientRequest, failure);
        }
    }

    /**
     * Ends the failed exchange with its backend and answers the client.
     *
     * @return false when the proxy's default answer applies
     */
    boolean answer(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Response serverResponse,
                   Throwable failure) {
        BackendResponseSteps.originEnded(clientRequest);
        ProxyExchangeState.finishFlushing(clientRequest);
        if (MalformedRequestBody.caused(clientRequest, failure)) {
            LOG.debug("event=malformed-request-body status=400 msg=\"{}\"", failure.toString());
            errors.send(clientRequest, proxyResponse, 400); // the client's fault: no retry, no health mark
            return true;
        }
        if (ErrorAnswers.isClientGone(failure)) {
            ErrorAnswers.logClientGone(clientRequest, failure);
            Observations seen = Exchange.of(clientRequest).observations();
            if (seen != null) {
                seen.clientClosed();
            }
            if (clientRequest.isAsyncStarted()) {
                clientRequest.getAsyncContext().complete();
            }
            return true;
        }
        if (failure instanceof ResponseBodyLimit.TooLarge) {
            errors.send(clientRequest, proxyResponse, 500); // as Traefik's buffering answers; not the server's failure
            return true;
        }
        if (BackendHttpClient.isHeadTooLarge(failure) && (serverResponse == null || serverResponse.getStatus() <= 0)) {
            // The entry point accepted the head, but with what Jetway adds it is too large to forward.
            LOG.warn("event=request-head-too-large status=431 method={} path={} remote={} limit={}",
                    clientRequest.getMethod(), clientRequest.getRequestURI(), clientRequest.getRemoteAddr(), maxHeadBytes);
            errors.send(clientRequest, proxyResponse, 431);
            return true;
        }
        ErrorPages pages = Exchange.of(clientRequest).answeringErrorPages();
        if (pages != null && serverResponse != null) {
            errors.sendPage(clientRequest, proxyResponse, pages, serverResponse.getStatus()); // its error body broke off
            return true;
        }
        Backend backend = Exchange.of(clientRequest).backend();
        LOG.debug("event=backend-failed url={} msg=\"{}\"", backend == null ? "" : backend.baseUrl(), failure.toString());
        if (backend != null && backend.health() != null && backend.health().recordFailure()) {
            LOG.warn("event=server-down service={} server={} reason=passive-health-check msg=\"{}\"",
                    backend.serviceName(), backend.baseUrl(), failure.toString());
        }
        return retries.retryLater(clientRequest, proxyResponse, serverResponse, backend, failure);
    }
}
