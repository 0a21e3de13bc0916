package io.jetway.server;

import io.jetway.middleware.RetryPolicy;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Records every exchange when it is complete (status, duration and bytes as sent), below the
 * servlet layer so that async proxying, errors and 404s are all seen. Installed only when metrics
 * are on; the routing filter fills in the router and service through {@link ExchangeLabels}.
 */
final class MetricsHandler extends Handler.Wrapper {

    private final PrometheusMetrics metrics;

    MetricsHandler(PrometheusMetrics metrics, Handler handler) {
        super(handler);
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        ExchangeLabels labels = new ExchangeLabels();
        request.setAttribute(ExchangeLabels.ATTRIBUTE, labels);
        Request.addCompletionListener(request, failure -> completed(request, response, start, labels));
        return super.handle(request, response, callback);
    }

    private void completed(Request request, Response response, long start, ExchangeLabels labels) {
        RetryPolicy retry = labels.retry;
        if (retry != null && retry.retriesMade() > 0) {
            metrics.retried(labels.service, retry.retriesMade());
        }
        metrics.exchange(request.getConnectionMetaData().getConnector().getName(), request.getMethod(),
                PrometheusMetrics.protocol(request.getHeaders().get(HttpHeader.UPGRADE),
                        request.getHeaders().get(HttpHeader.ACCEPT), request.getHeaders().get(HttpHeader.CONTENT_TYPE)),
                response.getStatus(), System.nanoTime() - start,
                Request.getContentBytesRead(request), Response.getContentBytesWritten(response),
                labels.router, labels.service);
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls
                && tls.sslSession() != null) {
            metrics.tlsRequest(request.getConnectionMetaData().getConnector().getName(),
                    tls.sslSession().getProtocol(), tls.cipherSuite());
        }
    }

    /** What the routing filter decided, for the labels; written on the request's own thread before completion. */
    static final class ExchangeLabels {
        static final String ATTRIBUTE = ExchangeLabels.class.getName();

        volatile String router;
        volatile String service;
        /** The retry middleware's policy for the request, if any: it counts the attempts. */
        volatile RetryPolicy retry;
    }
}
