package io.jetway.server.observe;

import io.jetway.exchange.Exchange;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import javax.net.ssl.SSLSession;
import java.util.function.Consumer;

/**
 * Feeds the {@link ExchangeObserver} in the embedded server, below the servlet layer so that async
 * proxying, errors and 404s are all seen, with the status, duration and bytes as sent. Installed
 * only when the metrics or the access log are on.
 */
public final class ExchangeHandler extends Handler.Wrapper {

    private final ExchangeObserver observer;

    public ExchangeHandler(ExchangeObserver observer, Handler handler) {
        super(handler);
        this.observer = observer;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        Exchange exchange = observer.begin();
        request.setAttribute(Exchange.attributeName(), exchange);
        Request.addCompletionListener(request, new CoreExchange(observer, request, response, start, exchange));
        return super.handle(request, response, callback);
    }

    /** An exchange as Jetty's core request and response show it; tells the observer when it completes. */
    private static final class CoreExchange implements FinishedExchange, Consumer<Throwable> {
        private final ExchangeObserver observer;
        private final Request request;
        private final Response response;
        private final long start;
        private final Exchange exchange;

        CoreExchange(ExchangeObserver observer, Request request, Response response, long start, Exchange exchange) {
            this.observer = observer;
            this.request = request;
            this.response = response;
            this.start = start;
            this.exchange = exchange;
        }

        @Override
        public void accept(Throwable failure) {
            observer.completed(this, exchange, System.nanoTime() - start);
        }

        /** The connector's name: one connector per entry point, named after it. */
        @Override
        public String entryPointName() {
            return request.getConnectionMetaData().getConnector().getName();
        }

        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String requestHeader(HttpHeader header) {
            return request.getHeaders().get(header);
        }

        @Override
        public String contentType() {
            return request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        }

        @Override
        public String requestAddr() {
            String host = request.getHeaders().get(HttpHeader.HOST);
            return host != null ? host : request.getHttpURI().getAuthority();
        }

        @Override
        public String pathQuery() {
            String path = request.getHttpURI().getPathQuery();
            return path == null || path.isEmpty() ? "/" : path;
        }

        @Override
        public String protocol() {
            return request.getConnectionMetaData().getProtocol();
        }

        @Override
        public boolean secure() {
            return request.isSecure();
        }

        @Override
        public String clientIp() {
            return Request.getRemoteAddr(request);
        }

        @Override
        public int clientPort() {
            return Request.getRemotePort(request);
        }

        @Override
        public long requestBytes() {
            return Request.getContentBytesRead(request);
        }

        @Override
        public int status() {
            return response.getStatus();
        }

        @Override
        public long responseBytes() {
            return Response.getContentBytesWritten(response);
        }

        @Override
        public String tlsProtocol() {
            SSLSession session = tls() instanceof EndPoint.SslSessionData tls ? tls.sslSession() : null;
            return session == null ? null : session.getProtocol();
        }

        @Override
        public String tlsCipher() {
            return tls() instanceof EndPoint.SslSessionData tls ? tls.cipherSuite() : null;
        }

        private Object tls() {
            return request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE);
        }

        @Override
        public HttpFields requestHeaders() {
            return request.getHeaders();
        }

        @Override
        public HttpFields responseHeaders() {
            return response.getHeaders();
        }
    }
}
