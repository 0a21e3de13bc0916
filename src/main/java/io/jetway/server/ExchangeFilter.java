package io.jetway.server;

import io.jetway.accesslog.AccessLog;
import io.jetway.middleware.RetryPolicy;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sees the start and the end of every exchange at the servlet level, for where no Jetty Handler
 * wraps the context (a WAR in any container). The end is when the response is complete, also for
 * async (proxied) exchanges. It runs before the routing filter, which fills in the
 * {@link ExchangeLabels} it creates.
 */
final class ExchangeFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(ExchangeFilter.class);

    /** Told of each finished exchange; called once per exchange, on a container thread. */
    interface Observer {
        void completed(Exchange exchange);
    }

    /** One finished exchange as the servlet API shows it. */
    record Exchange(HttpServletRequest request, HttpServletResponse response, EntryPoint entryPoint,
                    long nanos, ExchangeLabels labels) {

        /** The response body's declared length; the servlet API does not count bytes sent. */
        long responseBytes() {
            String length = response.getHeader("Content-Length");
            try {
                return length == null ? 0 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
    }

    private final EntryPoints entryPoints;
    private final List<Observer> observers;
    private final AccessLog accessLog;

    ExchangeFilter(EntryPoints entryPoints, List<Observer> observers) {
        this(entryPoints, observers, null);
    }

    /** @param accessLog numbers the requests and gets a record of each; null without an access log */
    ExchangeFilter(EntryPoints entryPoints, List<Observer> observers, AccessLog accessLog) {
        this.entryPoints = entryPoints;
        this.accessLog = accessLog;
        List<Observer> all = new ArrayList<>(observers);
        if (accessLog != null) {
            all.add(exchange -> AccessLogRecords.log(accessLog, exchange));
        }
        this.observers = List.copyOf(all);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        long start = System.nanoTime();
        ExchangeLabels labels = new ExchangeLabels();
        if (accessLog != null) {
            labels.startTime = Instant.now();
            labels.requestCount = accessLog.nextRequestCount();
            labels.originHeadersWanted = accessLog.headers().any();
        }
        request.setAttribute(ExchangeLabels.ATTRIBUTE, labels);
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        completed(request, response, start, labels);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                        event.getAsyncContext().addListener(this);
                    }
                });
            } else {
                completed(request, response, start, labels);
            }
        }
    }

    private void completed(HttpServletRequest request, HttpServletResponse response, long start,
                           ExchangeLabels labels) {
        Exchange exchange = new Exchange(request, response, entryPoints.forLocalPort(request.getLocalPort()),
                System.nanoTime() - start, labels);
        for (Observer observer : observers) {
            try {
                observer.completed(exchange);
            } catch (RuntimeException e) {
                LOG.debug("event=exchange-observer-failed msg=\"{}\"", e.toString());
            }
        }
    }

    /** Prometheus metrics from the servlet level: the same series as {@link MetricsHandler}. */
    static Observer metrics(PrometheusMetrics metrics) {
        return exchange -> {
            HttpServletRequest request = exchange.request();
            RetryPolicy retry = exchange.labels().retry;
            if (retry != null && retry.retriesMade() > 0) {
                metrics.retried(exchange.labels().service, retry.retriesMade());
            }
            metrics.exchange(exchange.entryPoint().name(), request.getMethod(),
                    PrometheusMetrics.protocol(request.getHeader("Upgrade"), request.getHeader("Accept"),
                            request.getContentType()),
                    exchange.response().getStatus(), exchange.nanos(),
                    Math.max(request.getContentLengthLong(), 0), exchange.responseBytes(),
                    exchange.labels().router, exchange.labels().service);
        };
    }
}
