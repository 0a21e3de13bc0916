package io.jetway.server.proxy;

import io.jetway.exchange.BufferedBody;
import io.jetway.exchange.Exchange;
import io.jetway.exchange.Observations;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.RoutingTableHolder;
import io.jetway.server.DataPlaneBeans;
import io.jetway.service.Backend;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.PathRequestContent;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The last link of every router's chain: forwards the request to the backend its service picks,
 * streaming bodies both ways with Jetty's async proxy, and applies what the request's
 * {@link Exchange} asks in a fixed order. The hooks only route to the classes that do the work:
 * {@link BackendRequestHeaders} (Traefik's X-Forwarded-* instead of Jetty's Forwarded/Via),
 * {@link TransportClients} (the client of each servers transport), {@link TrailerForwarding},
 * {@link ResponseHeaderTimeout}, {@link FlushingWriter}, {@link MirrorSender},
 * {@link BackendFailures} with {@link RetryResender}, and {@link ErrorAnswers} (Traefik's 502,
 * 503, 504 and the errors middleware's pages).
 */
public final class JetwayProxyServlet extends AsyncProxyServlet {

    private static final Logger LOG = LoggerFactory.getLogger(JetwayProxyServlet.class);

    private final ProxyOptions options;
    private final BackendRequestHeaders requestHeaders = new BackendRequestHeaders(ForwardedHeaders.localHostname());
    private RoutingTableHolder holder;
    private TransportClients transports;
    private ErrorAnswers errors;
    private BackendFailures failures;
    private BackendResponseSteps responseSteps;
    private Consumer<RoutingTable> tableListener;
    private ExpectContinueHandler continueHandler;

    public JetwayProxyServlet(ProxyOptions options) {
        this.options = options;
    }

    @Override
    public void init() throws ServletException {
        super.init();
        try {
            transports = TransportClients.forProxy(getHttpClient(), continueHandler, options.maxHeadBytes());
        } catch (Exception e) {
            throw new ServletException("cannot start the servers transports' threads", e);
        }
        errors = new ErrorAnswers(transports, getHttpClient().getExecutor(), ForwardedHeaders.localHostname());
        responseSteps = new BackendResponseSteps(errors);
        failures = new BackendFailures(errors,
                new RetryResender(getHttpClient().getScheduler(), errors, this::sendAgain), options.maxHeadBytes());
        // The holder's tables say which transports need clients.
        holder = DataPlaneBeans.of(getServletContext()).routingTables();
        tableListener = table -> transports.use(table.transports());
        holder.addSwapListener(tableListener);
    }

    @Override
    public void destroy() {
        if (holder != null && tableListener != null) {
            holder.removeSwapListener(tableListener);
        }
        if (transports != null) {
            transports.close();
        }
        super.destroy();
    }

    @Override
    protected HttpClient newHttpClient() {
        return BackendHttpClient.forProxy(options, ContainerLookups.serverByteBufferPool(getServletContext()));
    }

    @Override
    protected HttpClient createHttpClient() throws ServletException {
        HttpClient client = super.createHttpClient();
        continueHandler = new ExpectContinueHandler(this::onContinue, CLIENT_REQUEST_ATTRIBUTE);
        BackendHttpClient.handleContinueWith(client, continueHandler);
        return client;
    }

    /**
     * A failure the proxy did not foresee (a server URL the client library refuses, a defect) is
     * a plain 502 and one log line: never a stack trace in the answer, never a request left hanging.
     */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        try {
            super.service(request, response);
        } catch (RuntimeException e) {
            LOG.warn("event=proxy-failed method={} path={} msg=\"{}\"", request.getMethod(), request.getRequestURI(), e.toString());
            LOG.debug("event=proxy-failed", e);
            sendProxyResponseError(request, response, 502);
        }
    }

    // ---- the request to the backend

    @Override
    protected String rewriteTarget(HttpServletRequest request) {
        Exchange exchange = Exchange.of(request);
        // No backend: only for a request that bypassed the routing filter.
        return exchange.backend() == null ? null : BackendProtocol.target(exchange.backend(), exchange);
    }

    @Override
    protected void onProxyRewriteFailed(HttpServletRequest request, HttpServletResponse response) {
        ErrorAnswers.sendNotFound(response);
    }

    @Override
    protected Request newProxyRequest(HttpServletRequest request, String rewrittenTarget) {
        Request proxyRequest = transports.newRequest(Exchange.of(request).backend(), rewrittenTarget)
                .method(request.getMethod())
                .attribute(CLIENT_REQUEST_ATTRIBUTE, request);
        if (TrailerForwarding.requestMayHaveTrailers(request)) {
            proxyRequest.trailersSupplier(() -> TrailerForwarding.requestTrailers(request));
        }
        return proxyRequest;
    }

    @Override
    protected void copyRequestHeaders(HttpServletRequest client, Request proxyRequest) {
        HttpFields.Mutable headers = requestHeaders.of(client);
        if (!Exchange.of(client).retrying()) {
            ProxyExchangeState.of(client).mirrorWith(
                    MirrorSender.prepare(transports::forMirror, client, headers, hasContent(client)));
        }
        proxyRequest.headers(h -> h.clear().add(headers));
    }

    @Override
    protected void addProxyHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        // Done in copyRequestHeaders, with Traefik's names; Jetty's Forwarded and Via are not sent.
    }

    @Override
    protected void sendProxyRequest(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Request proxyRequest) {
        Exchange exchange = Exchange.of(clientRequest);
        Backend backend = exchange.backend();
        ResponseHeaderTimeout.arm(proxyRequest, backend, options, getHttpClient().getScheduler());
        AttemptTimeout.arm(proxyRequest, exchange);
        MirrorSender mirrors = ProxyExchangeState.startAttempt(clientRequest, exchange);
        Observations seen = exchange.observations();
        if (seen != null) {
            seen.originStarted(System.nanoTime());
        }
        continueHandler.arm(proxyRequest, getHttpClient().getScheduler());
        super.sendProxyRequest(clientRequest, proxyResponse, proxyRequest);
        if (mirrors != null) {
            mirrors.send();
        }
    }

    /** Another attempt of the retry middleware, to the backend the exchange names now. */
    private void sendAgain(HttpServletRequest clientRequest, HttpServletResponse proxyResponse) throws IOException {
        Request proxyRequest = newProxyRequest(clientRequest, rewriteTarget(clientRequest));
        copyRequestHeaders(clientRequest, proxyRequest);
        proxyRequest.timeout(getTimeout(), TimeUnit.MILLISECONDS);
        if (hasContent(clientRequest)) {
            proxyRequest.body(proxyRequestContent(clientRequest, proxyResponse, proxyRequest));
        }
        sendProxyRequest(clientRequest, proxyResponse, proxyRequest);
    }

    /** A body a middleware already read in full goes out from memory or its file, once per attempt. */
    @Override
    protected Request.Content proxyRequestContent(HttpServletRequest request, HttpServletResponse response,
                                                  Request proxyRequest) throws IOException {
        BufferedBody body = Exchange.of(request).bufferedBody();
        if (body == null) {
            return super.proxyRequestContent(request, response, proxyRequest);
        }
        MirrorSender mirrors = Exchange.of(request).retrying() ? null : ProxyExchangeState.of(request).mirrors();
        if (mirrors != null) {
            mirrors.feed(body);
        }
        return body.bytes() != null ? new BytesRequestContent(body.bytes()) : new PathRequestContent(body.file());
    }

    @Override
    protected boolean expects100Continue(HttpServletRequest request) {
        return Exchange.of(request).bufferedBody() == null && super.expects100Continue(request);
    }

    @Override
    protected ReadListener newReadListener(HttpServletRequest request, HttpServletResponse response, Request proxyRequest,
                                           AsyncRequestContent content) {
        MirrorSender mirrors = ProxyExchangeState.of(request).mirrors();
        return mirrors == null ? super.newReadListener(request, response, proxyRequest, content)
                : new MirroringReader(request, response, proxyRequest, content, mirrors);
    }

    /**
     * Reads the client's body for the main server and hands every chunk to the mirrors as well.
     * Jetty's reader is an inner class of its servlet, so this hook stays here; the copies are
     * {@link MirrorSender}'s.
     */
    private final class MirroringReader extends StreamReader {
        private final MirrorSender mirrors;

        MirroringReader(HttpServletRequest request, HttpServletResponse response, Request proxyRequest,
                        AsyncRequestContent content, MirrorSender mirrors) {
            super(request, response, proxyRequest, content);
            this.mirrors = mirrors;
        }

        @Override
        protected void onRequestContent(HttpServletRequest request, Request proxyRequest, AsyncRequestContent content,
                                        byte[] buffer, int offset, int length, Callback callback) {
            mirrors.offer(buffer, offset, length); // copied before the main request may reuse the buffer
            super.onRequestContent(request, proxyRequest, content, buffer, offset, length, callback);
        }

        @Override
        public void onAllDataRead() {
            mirrors.bodyComplete();
            super.onAllDataRead();
        }

        @Override
        public void onError(Throwable failure) {
            mirrors.bodyFailed(failure);
            super.onError(failure);
        }
    }

    // ---- the response from the backend

    @Override
    protected void onServerResponseHeaders(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                           Response serverResponse) {
        BackendResponseSteps.headers(clientRequest, proxyResponse, serverResponse,
                () -> super.onServerResponseHeaders(clientRequest, proxyResponse, serverResponse));
    }

    @Override
    protected void onResponseContent(HttpServletRequest request, HttpServletResponse response, Response serverResponse,
                                     byte[] buffer, int offset, int length, Callback callback) {
        if (BackendResponseSteps.content(request, response, serverResponse, buffer, offset, length, callback)) {
            super.onResponseContent(request, response, serverResponse, buffer, offset, length, callback);
        }
    }

    /** Streams, transformed bodies and flushInterval's exceptions go through a {@link FlushingWriter}. */
    @Override
    protected StreamWriter newWriteListener(HttpServletRequest request, Response serverResponse) {
        Exchange exchange = Exchange.of(request);
        Duration interval = FlushingWriter.intervalFor(exchange, serverResponse);
        if (interval == null) {
            return super.newWriteListener(request, serverResponse);
        }
        FlushingWriter writer = new FlushingWriter(request, getHttpClient().getScheduler(), interval, exchange.bodyTransform());
        ProxyExchangeState.of(request).flushWith(writer);
        return new FlushingStreamWriter(request, serverResponse, writer);
    }

    /** Jetty's write listener is an inner class of its servlet: this one hands all to the writer. */
    private final class FlushingStreamWriter extends StreamWriter {
        private final FlushingWriter writer;

        FlushingStreamWriter(HttpServletRequest request, Response serverResponse, FlushingWriter writer) {
            super(request, serverResponse);
            this.writer = writer;
        }

        @Override
        protected void data(byte[] bytes, int offset, int length, Callback callback) {
            writer.data(bytes, offset, length, callback);
        }

        @Override
        public void onWritePossible() throws IOException {
            writer.onWritePossible();
        }
    }

    @Override
    protected void onProxyResponseSuccess(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                          Response serverResponse) {
        responseSteps.succeeded(clientRequest, proxyResponse, serverResponse,
                () -> super.onProxyResponseSuccess(clientRequest, proxyResponse, serverResponse));
    }

    // ---- failures

    @Override
    protected void onClientRequestFailure(HttpServletRequest clientRequest, Request proxyRequest,
                                          HttpServletResponse proxyResponse, Throwable failure) {
        failures.clientRequestFailed(clientRequest, failure);
        super.onClientRequestFailure(clientRequest, proxyRequest, proxyResponse, failure);
    }

    @Override
    protected void onProxyResponseFailure(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                          Response serverResponse, Throwable failure) {
        if (!failures.answer(clientRequest, proxyResponse, serverResponse, failure)) {
            super.onProxyResponseFailure(clientRequest, proxyResponse, serverResponse, failure);
        }
    }

    @Override
    protected int proxyResponseStatus(Throwable failure) {
        return ErrorAnswers.statusFor(failure);
    }

    @Override
    protected void sendProxyResponseError(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, int status) {
        errors.send(clientRequest, proxyResponse, status);
    }
}
