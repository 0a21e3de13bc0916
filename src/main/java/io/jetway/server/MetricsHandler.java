package io.jetway.server;

import io.jetway.accesslog.AccessLog;
import io.jetway.middleware.RetryPolicy;
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
}
