package io.jetway.server.observe;

import io.jetway.accesslog.AccessLog;
import io.jetway.exchange.Exchange;
import io.jetway.exchange.Observations;
import io.jetway.exchange.RetryPolicy;
import org.eclipse.jetty.http.HttpHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Turns every finished exchange into the Prometheus metrics and the access log's line, each null
 * when off. The embedded server ({@link ExchangeHandler}) and the WAR ({@link ExchangeFilter})
 * both feed it: {@link #begin} as a request arrives, {@link #completed} once its response is complete.
 */
public final class ExchangeObserver {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeObserver.class);

    private final PrometheusMetrics metrics;
    private final AccessLog accessLog;

    /**
     * @param metrics   null without metrics
     * @param accessLog null without an access log
     */
    public ExchangeObserver(PrometheusMetrics metrics, AccessLog accessLog) {
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    /** The exchange of an arriving request, for the routing filter, the middlewares and the proxy to fill in. */
    Exchange begin() {
        return Exchange.begin(accessLog == null ? new Observations(null, 0, false)
                : new Observations(Instant.now(), accessLog.nextRequestCount(), accessLog.headers().any()));
    }

    /** Records an exchange that took {@code duration} nanoseconds; called once per exchange. */
    void completed(FinishedExchange finished, Exchange exchange, long duration) {
        if (metrics != null && (metrics.config().addInternals() || !internalRouter(exchange))) {
            try {
                exchangeMetrics(metrics, finished, exchange, duration);
            } catch (RuntimeException e) {
                LOG.debug("event=exchange-metrics-failed msg=\"{}\"", e.toString());
            }
        }
        if (accessLog != null) {
            try {
                AccessLogRecords.log(accessLog, finished, exchange, duration);
            } catch (RuntimeException e) {
                LOG.debug("event=accesslog-record-failed msg=\"{}\"", e.toString());
            }
        }
    }

    /**
     * As Traefik, internal resources are counted only with metrics.addInternals: a request on
     * Jetway's own routers ({@code ...@internal}, or the API, ping and metrics answered on the
     * management entry point without a router) counts nowhere; a user's router to an internal
     * service counts for its entry point and router, not for the service.
     */
    static boolean internalRouter(Exchange exchange) {
        String router = exchange.router();
        return router == null ? exchange.internal() : router.endsWith("@internal");
    }

    private static void exchangeMetrics(PrometheusMetrics metrics, FinishedExchange finished, Exchange exchange,
                                        long duration) {
        String service = exchange.serviceName();
        if (service != null && service.endsWith("@internal") && !metrics.config().addInternals()) {
            service = null;
        }
        RetryPolicy retry = exchange.retryPolicy();
        if (retry != null && retry.retriesMade() > 0 && service != null) {
            metrics.retried(service, retry.retriesMade());
        }
        String entryPoint = finished.entryPointName();
        metrics.exchange(entryPoint, finished.method(),
                PrometheusMetrics.protocol(finished.requestHeader(HttpHeader.UPGRADE),
                        finished.requestHeader(HttpHeader.ACCEPT), finished.contentType()),
                finished.status(), duration, finished.requestBytes(), finished.responseBytes(),
                exchange.router(), service);
        String tlsProtocol = finished.tlsProtocol();
        if (tlsProtocol != null) {
            metrics.tlsRequest(entryPoint, tlsProtocol, finished.tlsCipher());
        }
    }
}
