package io.jetway.server;

import io.jetway.middleware.RetryPolicy;
import org.eclipse.jetty.http.HttpFields;

import java.time.Instant;

/**
 * What the routing filter and the proxy learnt of an exchange, for the metrics and the access log:
 * one per request when either is on, found under {@link #ATTRIBUTE}. Written on the request's own
 * threads before completion, read by the {@link ExchangeObserver} when the exchange is finished.
 */
final class ExchangeLabels {
    static final String ATTRIBUTE = ExchangeLabels.class.getName();

    volatile String router;
    volatile String service;
    /** The retry middleware's policy for the request, if any: it counts the attempts. */
    volatile RetryPolicy retry;
    /** The entry point that received the request (for the access log's forwarded-header trust). */
    volatile EntryPoint entryPoint;
    /** Whether the API, dashboard, ping or metrics answered. */
    volatile boolean internal;
    /** For the access log: when the request arrived, null when the access log is off. */
    volatile Instant startTime;
    /** For the access log: the request's number in arrival order (Traefik's RequestCount). */
    volatile long requestCount;
    /** Whether the proxy should keep the backend's response headers (the access log may show them). */
    volatile boolean originHeadersWanted;
    volatile int originStatus;
    volatile long originContentSize;
    /** System.nanoTime() when the request first went to a backend, and when the backend exchange ended; 0 if not. */
    volatile long originStart;
    volatile long originEnd;
    volatile HttpFields originHeaders;
    /** The client went away before the response was complete (Traefik logs 499). */
    volatile boolean clientClosed;
}
