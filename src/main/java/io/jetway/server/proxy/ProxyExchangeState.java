package io.jetway.server.proxy;

import io.jetway.exchange.Exchange;
import io.jetway.service.Backend;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;

/**
 * What the proxy itself keeps about one request, apart from what middlewares ask of it (that is
 * the {@code Exchange}): the mirrors that copy it, the writer that flushes its response, and the
 * release of its backend's in-flight count. One request attribute, reached only by the proxy.
 */
final class ProxyExchangeState {

    private static final String ATTRIBUTE = ProxyExchangeState.class.getName();

    private volatile MirrorSender mirrors;
    private volatile FlushingWriter flushingWriter;
    private volatile InFlightRelease inFlight;

    private ProxyExchangeState() {
    }

    /** The request's state, created on first use. */
    static ProxyExchangeState of(HttpServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof ProxyExchangeState state) {
            return state;
        }
        ProxyExchangeState created = new ProxyExchangeState();
        request.setAttribute(ATTRIBUTE, created);
        return created;
    }

    /** The request's state, or null when the proxy kept nothing about it yet. */
    static ProxyExchangeState find(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof ProxyExchangeState state ? state : null;
    }

    /** The copies the request's mirroring services asked for, or null. */
    MirrorSender mirrors() {
        return mirrors;
    }

    void mirrorWith(MirrorSender mirrors) {
        this.mirrors = mirrors;
    }

    /** The writer that flushes the response, or null when Jetty's buffered writer writes it. */
    FlushingWriter flushingWriter() {
        return flushingWriter;
    }

    void flushWith(FlushingWriter writer) {
        this.flushingWriter = writer;
    }

    /** Stops the request's flushing writer's timer, if it has one: the response is over. */
    static void finishFlushing(HttpServletRequest request) {
        ProxyExchangeState state = find(request);
        FlushingWriter writer = state == null ? null : state.flushingWriter;
        if (writer != null) {
            writer.finish();
        }
    }

    /**
     * An attempt goes out: the async exchange's end, whatever the outcome, ends the backend's
     * in-flight count, and the first attempt's mirrors end with it.
     *
     * @return the mirrors to send once the main request went out, or null (none, or a retry)
     */
    static MirrorSender startAttempt(HttpServletRequest clientRequest, Exchange exchange) {
        ProxyExchangeState state = of(clientRequest);
        Backend backend = exchange.backend();
        AsyncContext async = clientRequest.getAsyncContext();
        if (backend.inFlight() != null) {
            InFlightRelease release = new InFlightRelease(backend);
            state.inFlight = release;
            async.addListener(release);
        }
        MirrorSender mirrors = exchange.retrying() ? null : state.mirrors;
        if (mirrors != null) {
            mirrors.endWith(async);
        }
        return mirrors;
    }

    /** Ends this attempt's in-flight count early (a retry counts on its own server). */
    void releaseInFlight() {
        InFlightRelease release = inFlight;
        if (release != null) {
            release.release();
        }
    }
}
