package io.jetway.server.observe;

import io.jetway.exchange.Exchange;
import io.jetway.server.entry.EntryPoint;
import io.jetway.server.entry.EntryPoints;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

import java.io.IOException;
import java.util.Enumeration;

/**
 * Feeds the {@link ExchangeObserver} at the servlet level, for where no Jetty Handler wraps the
 * context (a WAR in any container). The end is when the response is complete, also for async
 * (proxied) exchanges. It runs before the routing filter, which fills in the {@link Exchange}.
 */
public final class ExchangeFilter implements Filter {

    private final EntryPoints entryPoints;
    private final ExchangeObserver observer;

    public ExchangeFilter(EntryPoints entryPoints, ExchangeObserver observer) {
        this.entryPoints = entryPoints;
        this.observer = observer;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        long start = System.nanoTime();
        Exchange exchange = observer.begin();
        request.setAttribute(Exchange.attributeName(), exchange);
        ServletExchange finished = new ServletExchange(this, request, (HttpServletResponse) res, start, exchange);
        try {
            chain.doFilter(req, res);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(finished);
            } else {
                finished.completed();
            }
        }
    }

    /**
     * An exchange as the servlet API shows it: sizes are the declared lengths (the servlet API
     * counts no bytes), the path includes the context path, TLS details are unknown. Tells the
     * observer when the response is complete.
     */
    private static final class ServletExchange implements FinishedExchange, AsyncListener {
        private final ExchangeFilter filter;
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final long start;
        private final Exchange exchange;
        private EntryPoint entryPoint;

        ServletExchange(ExchangeFilter filter, HttpServletRequest request, HttpServletResponse response, long start,
                        Exchange exchange) {
            this.filter = filter;
            this.request = request;
            this.response = response;
            this.start = start;
            this.exchange = exchange;
        }

        void completed() {
            long duration = System.nanoTime() - start;
            entryPoint = filter.entryPoints.forLocalPort(request.getLocalPort());
            filter.observer.completed(this, exchange, duration);
        }

        @Override
        public void onComplete(AsyncEvent event) {
            completed();
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

        @Override
        public String entryPointName() {
            return entryPoint.name();
        }

        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String requestHeader(HttpHeader header) {
            return request.getHeader(header.asString());
        }

        @Override
        public String contentType() {
            return request.getContentType();
        }

        @Override
        public String requestAddr() {
            return request.getHeader("Host");
        }

        @Override
        public String pathQuery() {
            String query = request.getQueryString();
            return query == null ? request.getRequestURI() : request.getRequestURI() + "?" + query;
        }

        @Override
        public String protocol() {
            return request.getProtocol();
        }

        @Override
        public boolean secure() {
            return request.isSecure();
        }

        @Override
        public String clientIp() {
            return request.getRemoteAddr();
        }

        @Override
        public int clientPort() {
            return request.getRemotePort();
        }

        @Override
        public long requestBytes() {
            return Math.max(request.getContentLengthLong(), 0);
        }

        @Override
        public int status() {
            return response.getStatus();
        }

        /** The response body's declared length; the servlet API does not count bytes sent. */
        @Override
        public long responseBytes() {
            String length = response.getHeader("Content-Length");
            try {
                return length == null ? 0 : Long.parseLong(length.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }

        @Override
        public String tlsProtocol() {
            return null;
        }

        @Override
        public String tlsCipher() {
            return null;
        }

        @Override
        public HttpFields requestHeaders() {
            HttpFields.Mutable fields = HttpFields.build();
            for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
                String name = names.nextElement();
                for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                    fields.add(name, values.nextElement());
                }
            }
            return fields;
        }

        @Override
        public HttpFields responseHeaders() {
            HttpFields.Mutable fields = HttpFields.build();
            for (String name : response.getHeaderNames()) {
                for (String value : response.getHeaders(name)) {
                    fields.add(name, value);
                }
            }
            return fields;
        }
    }
}
