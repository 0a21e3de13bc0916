package io.jetway.exchange;

import org.eclipse.jetty.http.HttpFields;

import java.time.Instant;

/**
 * What the proxy learns of the backend's side of an exchange, for the metrics and the access log:
 * present only when one of them is on, so that nobody else pays for it. Written on the request's
 * own threads, read by the exchange observer once the response is complete.
 *
 * @param startTime           when the request arrived, or null when the access log is off
 * @param requestCount        the request's number in arrival order (Traefik's RequestCount)
 * @param originHeadersWanted whether to keep the backend's response headers (the access log shows them)
 */
public final class Observations {

    private final Instant startTime;
    private final long requestCount;
    private final boolean originHeadersWanted;
    private volatile int originStatus;
    private volatile long originContentSize;
    private volatile long originStart;
    private volatile long originEnd;
    private volatile HttpFields originHeaders;
    private volatile boolean clientClosed;

    public Observations(Instant startTime, long requestCount, boolean originHeadersWanted) {
        this.startTime = startTime;
        this.requestCount = requestCount;
        this.originHeadersWanted = originHeadersWanted;
    }

    public Instant startTime() {
        return startTime;
    }

    public long requestCount() {
        return requestCount;
    }

    /** The backend's response began: its status, and its headers when the access log shows them. */
    public void originResponded(int status, HttpFields headers) {
        originStatus = status;
        if (originHeadersWanted) {
            originHeaders = headers.asImmutable();
        }
    }

    public int originStatus() {
        return originStatus;
    }

    /** Null unless wanted and received. */
    public HttpFields originHeaders() {
        return originHeaders;
    }

    /** Counts a chunk of the backend's body; one chunk at a time, so no concurrent writers. */
    public void originContent(int length) {
        originContentSize += length;
    }

    public long originContentSize() {
        return originContentSize;
    }

    /** The request first went to a backend at this System.nanoTime() (a retry keeps the first start). */
    public void originStarted(long nanoTime) {
        if (originStart == 0) {
            originStart = nanoTime;
        }
    }

    /** The backend exchange ended at this System.nanoTime(). */
    public void originEnded(long nanoTime) {
        originEnd = nanoTime;
    }

    /** System.nanoTime() when the request first went to a backend, or 0. */
    public long originStart() {
        return originStart;
    }

    /** System.nanoTime() when the backend exchange ended, or 0. */
    public long originEnd() {
        return originEnd;
    }

    /** The client went away before the response was complete (Traefik logs 499). */
    public void clientClosed() {
        clientClosed = true;
    }

    public boolean clientHasClosed() {
        return clientClosed;
    }
}
