package io.jetway.server.proxy;

import io.jetway.exchange.Exchange;
import io.jetway.exchange.Observations;
import io.jetway.http.HopByHopHeaders;
import io.jetway.service.Backend;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request that {@link DirectForwarder} forwards: its head goes out on a backend connection,
 * the backend's status, headers (less the hop-by-hop ones, as the servlet proxy passes them) and
 * body go to the client as they arrive, and a failure becomes Traefik's answer (502, or 504 for a
 * timeout) with the same log lines and passive health mark as the servlet proxy's. Ends once,
 * however it ends: the in-flight count is released and Jetty's callback completed.
 */
final class DirectExchange {

    private static final Logger LOG = LoggerFactory.getLogger(DirectExchange.class);

    private final DirectForwarder forwarder;
    private final BackendConnectionPool pool;
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Exchange exchange;
    private final Backend backend;
    private final AtomicBoolean ended = new AtomicBoolean();
    private boolean retried;
    /** The backend's answer said its length: the client's says the same. */
    private boolean lengthKnown;
    /** The first attempt's head, built before a connection is taken; later attempts build their own. */
    private RetainableByteBuffer firstHead;

    DirectExchange(DirectForwarder forwarder, BackendConnectionPool pool, Request request, Response response,
                   Callback callback, Exchange exchange, Backend backend) {
        this.forwarder = forwarder;
        this.pool = pool;
        this.request = request;
        this.response = response;
        this.callback = callback;
        this.exchange = exchange;
        this.backend = backend;
    }

    boolean isHead() {
        return "HEAD".equals(request.getMethod());
    }

    long responseHeaderTimeoutMillis() {
        return forwarder.responseHeaderTimeoutMillis();
    }

    /** Sends the request, or answers 431 when its head is too large to forward. */
    void start() {
        firstHead = forwarder.head(request, backend, exchange);
        if (firstHead == null) {
            ended.set(true);
            // The entry point accepted the head, but with what Jetway adds it is too large to forward.
            LOG.warn("event=request-head-too-large status=431 method={} path={} remote={} limit={}",
                    request.getMethod(), request.getHttpURI().getPath(), Request.getRemoteAddr(request), forwarder.maxHeadBytes());
            releaseInFlight();
            answer(431);
            return;
        }
        pool.send(this);
    }

    /** The request head of this attempt; the connection releases it once written. */
    RetainableByteBuffer head() {
        RetainableByteBuffer head = firstHead;
        if (head != null) {
            firstHead = null;
            return head;
        }
        return forwarder.head(request, backend, exchange); // a retry: the head is the same size as before
    }

    /** An attempt starts on a connection. */
    void started(boolean reusedConnection) {
        Observations seen = exchange.observations();
        if (seen != null) {
            seen.originStarted(System.nanoTime());
        }
    }

    // ---- the backend's response

    void responseHead(int status, HttpFields fields) {
        Observations seen = exchange.observations();
        if (seen != null) {
            seen.originResponded(status, fields);
        }
        response.setStatus(status);
        HttpFields.Mutable target = response.getHeaders();
        for (HttpField field : fields) {
            if (field.getHeader() == HttpHeader.CONTENT_LENGTH) {
                lengthKnown = true;
            }
            String name = field.getLowerCaseName();
            // Trailer announces trailers, end-to-end despite the hop-by-hop list (as the servlet proxy passes it).
            if (!HopByHopHeaders.is(name) || name.equals("trailer")) {
                target.add(field);
            }
        }
    }

    /**
     * How long the first body bytes may wait for more before they go out, as the servlet proxy's
     * writers decide ({@link FlushingWriter#intervalFor}): not at all for Server-Sent Events or a
     * negative flush interval; until its buffer is full or the body complete (null) when the
     * backend gave a Content-Length; else the route's flush interval.
     */
    Duration holdBodyFor(HttpFields backendFields) {
        String contentType = backendFields.get(HttpHeader.CONTENT_TYPE);
        Duration interval = backend.flushInterval();
        if ((contentType != null && contentType.startsWith("text/event-stream")) || interval.isNegative()) {
            return Duration.ZERO;
        }
        return backendFields.contains(HttpHeader.CONTENT_LENGTH) ? null : interval;
    }

    void responseContent(int length) {
        Observations seen = exchange.observations();
        if (seen != null) {
            seen.originContent(length);
        }
    }

    void writeContent(ByteBuffer content, Callback written) {
        response.write(false, content, written);
    }

    void writeLast(ByteBuffer content, Callback written) {
        originEnded();
        if (!response.isCommitted() && !isHead() && response.getStatus() != 204 && response.getStatus() != 304
                && !lengthKnown) {
            // The whole body is here: its length goes out instead of chunks, as the servlet proxy's buffer does.
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, content.remaining());
        }
        response.write(true, content, written);
    }

    // ---- the end

    void succeeded() {
        if (ended.compareAndSet(false, true)) {
            releaseInFlight();
            callback.succeeded();
        }
    }

    /** The client left while its answer was being written: logged as Traefik's 499, the connection aborted. */
    void clientFailed(Throwable failure) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        originEnded();
        LOG.info("event=client-gone status=499 method={} path={} remote={} msg=\"{}\"",
                request.getMethod(), request.getHttpURI().getPath(), Request.getRemoteAddr(request), failure.toString());
        Observations seen = exchange.observations();
        if (seen != null) {
            seen.clientClosed();
        }
        releaseInFlight();
        callback.failed(failure);
    }

    /** No connection could be opened to the backend. */
    void connectFailed(Throwable failure) {
        backendFailed(failure, false);
    }

    /**
     * The backend failed the exchange.
     *
     * @param retryable a reused connection that the backend had closed before answering: an
     *                  idempotent request goes once more on a new connection, as Go's transport does
     */
    void backendFailed(Throwable failure, boolean retryable) {
        if (retryable && !retried && isIdempotent() && !response.isCommitted() && !ended.get()) {
            retried = true;
            LOG.debug("event=backend-connection-stale url={} msg=\"{}\"", backend.baseUrl(), failure.toString());
            pool.sendOnNewConnection(this);
            return;
        }
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        originEnded();
        LOG.debug("event=backend-failed url={} msg=\"{}\"", backend.baseUrl(), failure.toString());
        if (backend.health() != null && backend.health().recordFailure()) {
            LOG.warn("event=server-down service={} server={} reason=passive-health-check msg=\"{}\"",
                    backend.serviceName(), backend.baseUrl(), failure.toString());
        }
        releaseInFlight();
        if (response.isCommitted()) {
            callback.failed(failure); // too late for a status: the client sees a truncated response
            return;
        }
        answer(ErrorAnswers.statusFor(failure));
    }

    /** The proxy's own short answer, as the servlet proxy writes it. */
    private void answer(int status) {
        byte[] body = PlainResponses.reason(status).getBytes(StandardCharsets.UTF_8);
        response.reset();
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8"); // as the servlet response writes it
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private boolean isIdempotent() {
        return switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS", "TRACE" -> true;
            default -> false;
        };
    }

    private void originEnded() {
        Observations seen = exchange.observations();
        if (seen != null) {
            seen.originEnded(System.nanoTime());
        }
    }

    private void releaseInFlight() {
        if (backend.inFlight() != null) {
            backend.inFlight().decrementAndGet();
        }
    }
}
