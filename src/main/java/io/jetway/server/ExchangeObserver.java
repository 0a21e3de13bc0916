package io.jetway.server;

import io.jetway.accesslog.AccessLog;
import io.jetway.middleware.RetryPolicy;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Turns every finished exchange into the Prometheus metrics and the access log's line, each null
 * when off. The embedded server ({@link ExchangeHandler}) and the WAR ({@link ExchangeFilter})
 * both feed it: {@link #begin} as a request arrives, {@link #completed} once its response is complete.
 */
final class ExchangeObserver {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeObserver.class);

    private final PrometheusMetrics metrics;
    private final AccessLog accessLog;

    /**
     * @param metrics   null without metrics
     * @param accessLog null without an access log
     */
    ExchangeObserver(PrometheusMetrics metrics, AccessLog accessLog) {
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    /** The labels of an arriving request, for the routing filter and the proxy to fill in. */
    ExchangeLabels begin() {
        ExchangeLabels labels = new ExchangeLabels();
        if (accessLog != null) {
            labels.startTime = Instant.now();
            labels.requestCount = accessLog.nextRequestCount();
            labels.originHeadersWanted = accessLog.headers().any();
        }
        return labels;
    }

    /** Records an exchange that took {@code duration} nanoseconds; called once per exchange. */
    void completed(FinishedExchange exchange, ExchangeLabels labels, long duration) {
        if (metrics != null) {
            try {
                exchangeMetrics(metrics, exchange, labels, duration);
            } catch (RuntimeException e) {
                LOG.debug("event=exchange-metrics-failed msg=\"{}\"", e.toString());
            }
        }
        if (accessLog != null) {
            try {
                AccessLogRecords.log(accessLog, exchange, labels, duration);
            } catch (RuntimeException e) {
                LOG.debug("event=accesslog-record-failed msg=\"{}\"", e.toString());
            }
        }
    }

    private static void exchangeMetrics(PrometheusMetrics metrics, FinishedExchange exchange, ExchangeLabels labels,
                                        long duration) {
        RetryPolicy retry = labels.retry;
        if (retry != null && retry.retriesMade() > 0) {
            metrics.retried(labels.service, retry.retriesMade());
        }
        String entryPoint = exchange.entryPointName();
        metrics.exchange(entryPoint, exchange.method(),
                PrometheusMetrics.protocol(exchange.requestHeader(HttpHeader.UPGRADE),
                        exchange.requestHeader(HttpHeader.ACCEPT), exchange.contentType()),
                exchange.status(), duration, exchange.requestBytes(), exchange.responseBytes(),
                labels.router, labels.service);
        String tlsProtocol = exchange.tlsProtocol();
        if (tlsProtocol != null) {
            metrics.tlsRequest(entryPoint, tlsProtocol, exchange.tlsCipher());
        }
    }
}
