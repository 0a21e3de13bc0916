package io.jetway.server.proxy;

import io.jetway.exchange.ErrorPages;
import io.jetway.exchange.Exchange;
import io.jetway.exchange.ForwardEdits;
import io.jetway.http.HopByHopHeaders;
import io.jetway.service.Backend;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The proxy's answers when there is no backend answer to pass on: Traefik's plain 404, 502, 504
 * (and 499 in the log for a client that left), or the errors middleware's page, fetched from its
 * service. Every answer completes the exchange.
 */
final class ErrorAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorAnswers.class);
    /** An error page larger than this is not used: the client gets the status with a short text. */
    private static final int MAX_ERROR_PAGE_BYTES = 4 * 1024 * 1024;
    private static final long ERROR_PAGE_TIMEOUT_SECONDS = 30;

    private final TransportClients clients;
    private final Executor blockingWrites;
    private final String serverHostname;

    /**
     * @param clients          the clients that fetch error pages from their services
     * @param blockingWrites   the pool that runs blocking writes off the backend clients' selectors
     * @param serverHostname   this host's name, for X-Forwarded-Server
     */
    ErrorAnswers(TransportClients clients, Executor blockingWrites, String serverHostname) {
        this.clients = clients;
        this.blockingWrites = blockingWrites;
        this.serverHostname = serverHostname;
    }

    /** Traefik's status for a backend failure: 504 when it timed out, else 502. */
    static int statusFor(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return 504;
            }
        }
        return 502;
    }

    static boolean isClientGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EofException) {
                return true;
            }
        }
        return false;
    }

    static void logClientGone(HttpServletRequest request, Throwable failure) {
        // 499 is what Traefik records for a client that closed the connection before the answer.
        LOG.info("event=client-gone status=499 method={} path={} remote={} msg=\"{}\"",
                request.getMethod(), request.getRequestURI(), request.getRemoteAddr(), failure.toString());
    }

    /** The answer to a request that reached the proxy without a backend (it bypassed the routing filter). */
    static void sendNotFound(HttpServletResponse response) {
        try {
            PlainResponses.send(response, 404, PlainResponses.NOT_FOUND);
        } catch (IOException e) {
            LOG.debug("event=error-response-failed", e);
        }
    }

    /**
     * The answer for a status the proxy produces: the errors middleware's page when one catches
     * it, else the status with a short text; on a response already committed, an aborted connection.
     */
    void send(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, int status) {
        ErrorPages pages = proxyResponse.isCommitted() ? null : errorPagesFor(clientRequest, status);
        if (pages != null) {
            sendPage(clientRequest, proxyResponse, pages, status);
            return;
        }
        offSelector(clientRequest, () -> {
            try {
                if (proxyResponse.isCommitted()) {
                    // Too late for a status: abort the connection so the client sees a truncated response.
                    proxyResponse.sendError(-1);
                } else {
                    proxyResponse.reset();
                    // Middlewares' response headers (headers, CORS) are on Traefik's error answers too.
                    ForwardEdits edits = Exchange.of(clientRequest).editsIfAny();
                    if (edits != null) {
                        edits.applyToResponse(proxyResponse);
                    }
                    if (bodyUnread(clientRequest)) {
                        // As Jetty's own proxy: the rest of the body is not read, the connection ends
                        // after the answer, so it goes out whole instead of racing the pending read.
                        proxyResponse.setHeader("Connection", "close");
                    }
                    PlainResponses.send(proxyResponse, status, PlainResponses.reason(status));
                }
            } catch (IOException | IllegalStateException e) {
                LOG.debug("event=error-response-failed status={}", status, e);
            } finally {
                if (clientRequest.isAsyncStarted()) {
                    clientRequest.getAsyncContext().complete();
                }
            }
        });
    }

    /**
     * Runs an error answer's blocking write on a pool thread once the exchange is asynchronous.
     * Backend failures are reported on the backend client's selector thread, which reads every
     * backend response ({@link NonBlockingHttp11}): a client that does not read would otherwise
     * stall them all for as long as the write waits.
     */
    void offSelector(HttpServletRequest clientRequest, Runnable write) {
        if (clientRequest.isAsyncStarted()) {
            blockingWrites.execute(write);
        } else {
            write.run();
        }
    }

    /** Whether the client may still be sending a body the proxy stopped reading. */
    private static boolean bodyUnread(HttpServletRequest request) {
        if (request.getContentLengthLong() == 0
                || (request.getContentLengthLong() < 0 && request.getHeader("Transfer-Encoding") == null
                && !request.getProtocol().startsWith("HTTP/2"))) {
            return false; // HTTP/1.x without Content-Length or Transfer-Encoding: no body at all
        }
        try {
            return !request.getInputStream().isFinished();
        } catch (IOException | IllegalStateException e) {
            return true;
        }
    }

    private static ErrorPages errorPagesFor(HttpServletRequest request, int status) {
        return Exchange.of(request).errorPagesFor(status);
    }

    /**
     * The errors middleware's answer: the page its service serves for the status, fetched with the
     * client's headers (as Traefik sends them), returned with the caught status (or its rewrite).
     * When the service cannot give a page, the status goes out with a short text. Completes the
     * exchange.
     */
    void sendPage(HttpServletRequest clientRequest, HttpServletResponse response, ErrorPages pages, int status) {
        int answer = pages.answerStatus(status);
        try {
            response.reset();
            Backend backend = pages.service().select(clientRequest, response);
            if (backend == null) {
                writeErrorPage(clientRequest, response, answer, null, PlainResponses.NO_AVAILABLE_SERVER.getBytes(StandardCharsets.UTF_8));
                return;
            }
            String target = BackendProtocol.wireUrl(backend.baseUrl()) + pages.pageTarget(clientRequest, status);
            Request page = clients.newRequest(backend, target).method("GET")
                    .timeout(ERROR_PAGE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            HttpFields.Mutable headers = HeaderCopy.fromRequest(clientRequest, name -> !HopByHopHeaders.is(name)
                    && !name.equals("host") && !name.equals("content-length") && !name.equals("content-type")
                    && !name.equals("expect"));
            String host = clientRequest.getHeader("Host");
            headers.put(HttpHeader.HOST, backend.passHostHeader() && host != null ? host : backend.authority());
            ForwardedHeaders.apply(clientRequest, headers, serverHostname, false);
            page.headers(h -> h.clear().add(headers));
            new CompletableResponseListener(page, MAX_ERROR_PAGE_BYTES).send()
                    .whenComplete((received, failure) -> {
                        if (failure != null) {
                            LOG.debug("event=error-page-failed service={} msg=\"{}\"", pages.service().name(), failure.toString());
                            writeErrorPage(clientRequest, response, answer, null, (PlainResponses.reason(502) + "\n").getBytes(StandardCharsets.UTF_8));
                        } else {
                            writeErrorPage(clientRequest, response, answer, received.getHeaders(), received.getContent());
                        }
                    });
        } catch (RuntimeException e) {
            LOG.debug("event=error-page-failed msg=\"{}\"", e.toString());
            writeErrorPage(clientRequest, response, answer, null, PlainResponses.reason(answer).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Writes the page (text/plain without page headers) and completes the exchange, from a pool
     * thread: the page can be large, and the write blocks (see {@link #offSelector}).
     */
    private void writeErrorPage(HttpServletRequest clientRequest, HttpServletResponse response, int status,
                                HttpFields pageHeaders, byte[] body) {
        offSelector(clientRequest, () -> writeErrorPageNow(clientRequest, response, status, pageHeaders, body));
    }

    private void writeErrorPageNow(HttpServletRequest clientRequest, HttpServletResponse response, int status,
                                   HttpFields pageHeaders, byte[] body) {
        try {
            if (!response.isCommitted()) {
                response.reset();
                response.setStatus(status);
                if (pageHeaders == null) {
                    response.setContentType("text/plain; charset=utf-8");
                } else {
                    // On Jetty: the fields as they came.
                    HeaderCopy.toResponse(response, pageHeaders, name -> !HopByHopHeaders.is(name) && !name.equals("content-length"));
                }
                ForwardEdits edits = Exchange.of(clientRequest).editsIfAny();
                if (edits != null) {
                    edits.applyToResponse(response);
                }
                response.setContentLength(body.length);
                response.getOutputStream().write(body);
            }
        } catch (IOException | IllegalStateException e) {
            LOG.debug("event=error-page-write-failed status={} msg=\"{}\"", status, e.toString());
        } finally {
            if (clientRequest.isAsyncStarted()) {
                clientRequest.getAsyncContext().complete();
            }
        }
    }
}
