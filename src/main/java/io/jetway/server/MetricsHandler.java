package io.jetway.server;

import io.jetway.accesslog.AccessLog;
import io.jetway.middleware.RetryPolicy;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Records every exchange when it is complete (status, duration and bytes as sent), below the
 * servlet layer so that async proxying, errors and 404s are all seen: for the metrics and for the
 * access log, each null when off. Installed only when one of them is on; the routing filter fills
 * in the router and service through {@link ExchangeLabels}, the proxy what the backend answered.
 */
final class MetricsHandler extends Handler.Wrapper {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsHandler.class);

    private final PrometheusMetrics metrics;
    private final AccessLog accessLog;

    MetricsHandler(PrometheusMetrics metrics, Handler handler) {
        this(metrics, null, handler);
    }

    MetricsHandler(PrometheusMetrics metrics, AccessLog accessLog, Handler handler) {
        super(handler);
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        ExchangeLabels labels = new ExchangeLabels();
        if (accessLog != null) {
            labels.startTime = Instant.now();
            labels.requestCount = accessLog.nextRequestCount();
            labels.originHeadersWanted = accessLog.headers().any();
        }
        request.setAttribute(ExchangeLabels.ATTRIBUTE, labels);
        Request.addCompletionListener(request, failure -> completed(request, response, start, labels));
        return super.handle(request, response, callback);
    }

    private void completed(Request request, Response response, long start, ExchangeLabels labels) {
        long duration = System.nanoTime() - start;
        RetryPolicy retry = labels.retry;
        if (metrics != null) {
            if (retry != null && retry.retriesMade() > 0) {
                metrics.retried(labels.service, retry.retriesMade());
            }
            metrics.exchange(request.getConnectionMetaData().getConnector().getName(), request.getMethod(),
                    PrometheusMetrics.protocol(request.getHeaders().get(HttpHeader.UPGRADE),
                            request.getHeaders().get(HttpHeader.ACCEPT), request.getHeaders().get(HttpHeader.CONTENT_TYPE)),
                    response.getStatus(), duration,
                    Request.getContentBytesRead(request), Response.getContentBytesWritten(response),
                    labels.router, labels.service);
        }
        if (accessLog != null) {
            try {
                AccessLogRecords.log(accessLog, request, response, labels, duration);
            } catch (RuntimeException e) {
                LOG.debug("event=accesslog-record-failed msg=\"{}\"", e.toString());
            }
        }
        if (metrics != null && request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls
                && tls.sslSession() != null) {
            metrics.tlsRequest(request.getConnectionMetaData().getConnector().getName(),
                    tls.sslSession().getProtocol(), tls.cipherSuite());
        }
    }

    /** What the routing filter and the proxy learnt of the exchange; written on the request's own threads before completion. */
    static final class ExchangeLabels {
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
}
