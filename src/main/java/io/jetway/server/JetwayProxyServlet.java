package io.jetway.server;

import io.jetway.exchange.Observations;
import io.jetway.exchange.Exchange;
import io.jetway.http.HopByHopHeaders;
import io.jetway.exchange.BufferedBody;
import io.jetway.http.ContentSniffer;
import io.jetway.exchange.ErrorPages;
import io.jetway.exchange.ForwardEdits;
import io.jetway.exchange.ResponseBodyLimit;
import io.jetway.exchange.RetryPolicy;
import io.jetway.exchange.ResponseBodyTransformer;
import io.jetway.model.ServiceConfig;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.RoutingTableHolder;
import io.jetway.service.Backend;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.ReadListener;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.PathRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.ee10.proxy.AsyncProxyServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.ee10.servlet.ServletContextResponse;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The last link of every router's chain: forwards the request to the backend its service picks,
 * streaming bodies both ways with Jetty's async proxy. Writes Traefik's X-Forwarded-* headers
 * instead of Jetty's Forwarded/Via, and answers errors the way Traefik does (502, 503, 504; see
 * {@link ErrorAnswers}). Each request goes out through the client of its backend's servers
 * transport (TLS settings, HTTP/2, timeouts; see {@link TransportClients}); trailers pass both ways.
 */
public final class JetwayProxyServlet extends AsyncProxyServlet {

    private static final Logger LOG = LoggerFactory.getLogger(JetwayProxyServlet.class);
    private static final String FLUSHING_WRITER_ATTRIBUTE = JetwayProxyServlet.class.getName() + ".flushingWriter";
    private static final String IN_FLIGHT_RELEASE_ATTRIBUTE = JetwayProxyServlet.class.getName() + ".inFlightRelease";

    private final ProxyOptions options;
    private final String serverHostname = localHostname();
    private RoutingTableHolder holder;
    private TransportClients transports;
    private ErrorAnswers errors;
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
        errors = new ErrorAnswers(transports, getHttpClient().getExecutor(), serverHostname,
                JetwayProxyServlet::jettyResponseHeaders);
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

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    @Override
    protected HttpClient newHttpClient() {
        return BackendHttpClient.forProxy(options, serverByteBufferPool());
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

    @Override
    protected Request newProxyRequest(HttpServletRequest request, String rewrittenTarget) {
        Backend backend = Exchange.of(request).backend();
        Request proxyRequest = transports.newRequest(backend, rewrittenTarget)
                .method(request.getMethod())
                .attribute(CLIENT_REQUEST_ATTRIBUTE, request);
        if (mayHaveTrailers(request)) {
            proxyRequest.trailersSupplier(() -> requestTrailers(request));
        }
        return proxyRequest;
    }

    /**
     * Whether to pass the request's trailers on. Asking for them makes Jetty chunk an HTTP/1.1
     * request body, so only when they may come: a streamed body, or a client that speaks of
     * trailers (gRPC sends TE: trailers and its own content type).
     */
    private static boolean mayHaveTrailers(HttpServletRequest request) {
        boolean http2 = request.getProtocol().equals("HTTP/2.0");
        if (!http2 && !"chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"))) {
            return false;
        }
        if (request.getContentLengthLong() < 0) {
            return true;
        }
        String te = request.getHeader("TE");
        String type = request.getContentType();
        return (te != null && te.toLowerCase(Locale.ROOT).contains("trailers"))
                || (type != null && type.startsWith("application/grpc"));
    }

    private static HttpFields requestTrailers(HttpServletRequest request) {
        Map<String, String> trailers = request.getTrailerFields();
        if (trailers.isEmpty()) {
            return null;
        }
        HttpFields.Mutable fields = HttpFields.build(trailers.size());
        trailers.forEach(fields::add);
        return fields;
    }

    private ByteBufferPool serverByteBufferPool() {
        try {
            ServletContextHandler handler = ServletContextHandler.getServletContextHandler(getServletContext());
            return handler == null || handler.getServer() == null ? null : handler.getServer().getByteBufferPool();
        } catch (LinkageError notJetty) {
            return null;
        }
    }

    @Override
    protected String rewriteTarget(HttpServletRequest request) {
        Backend backend = Exchange.of(request).backend();
        if (backend == null) {
            return null; // not routed: only reachable by a request that bypassed the routing filter
        }
        // Still escaped: forwarded exactly as received, or as a middleware rewrote it.
        String path = Exchange.of(request).path();
        String query = Exchange.of(request).query();
        String base = BackendProtocol.wireUrl(backend.baseUrl());
        return query == null ? base + path : base + path + "?" + query;
    }

    @Override
    protected void onProxyRewriteFailed(HttpServletRequest request, HttpServletResponse response) {
        ErrorAnswers.sendNotFound(response);
    }

    @Override
    protected void copyRequestHeaders(HttpServletRequest client, Request proxyRequest) {
        Exchange exchange = Exchange.of(client);
        Backend backend = exchange.backend();
        boolean trusted = exchange.forwardedHeadersTrusted(client.getRemoteAddr());
        Set<String> connectionTokens = HopByHopHeaders.connectionNamed(client.getHeaders("Connection"));
        HttpFields.Mutable headers = HttpFields.build();
        HttpFields received = receivedHeaders(client);
        if (received != null) {
            // On Jetty: one pass over the parsed fields, no per-name lookups.
            for (HttpField field : received) {
                if (forwards(field.getLowerCaseName(), trusted, connectionTokens)) {
                    headers.add(field);
                }
            }
        } else {
            for (Enumeration<String> names = client.getHeaderNames(); names.hasMoreElements(); ) {
                String name = names.nextElement();
                if (forwards(name.toLowerCase(Locale.ENGLISH), trusted, connectionTokens)) {
                    for (Enumeration<String> values = client.getHeaders(name); values.hasMoreElements(); ) {
                        headers.add(name, values.nextElement());
                    }
                }
            }
        }
        String te = client.getHeader("TE");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("trailers")) {
            headers.put(HttpHeader.TE, "trailers"); // end-to-end meaning for gRPC, kept as Go's proxy does
        }
        String host = client.getHeader("Host");
        headers.put(HttpHeader.HOST, backend.passHostHeader() && host != null ? host : backend.authority());
        ForwardedHeaders.apply(client, headers, serverHostname, false);
        ForwardEdits edits = exchange.editsIfAny();
        if (edits != null) {
            edits.applyToRequest(headers);
        }
        if (exchange.bufferedBody() != null) {
            headers.remove(HttpHeader.EXPECT); // the body is already here: nothing to wait for
        }
        if (!exchange.retrying()) {
            MirrorSender.prepare(transports::forMirror, client, headers, hasContent(client));
        }
        proxyRequest.headers(h -> h.clear().add(headers));
    }

    private static boolean forwards(String lowerName, boolean trusted, Set<String> connectionTokens) {
        return !lowerName.equals("host") && !HopByHopHeaders.is(lowerName) && !connectionTokens.contains(lowerName)
                && (trusted || !ForwardedHeaders.isForwardingHeader(lowerName));
    }

    /** The headers as Jetty parsed them, or null when running in another servlet container. */
    private static HttpFields receivedHeaders(HttpServletRequest client) {
        try {
            ServletContextRequest core = ServletContextRequest.getServletContextRequest(client);
            return core == null ? null : core.getHeaders();
        } catch (LinkageError notJetty) {
            return null;
        }
    }

    @Override
    protected void onServerResponseHeaders(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                           Response serverResponse) {
        Exchange exchange = Exchange.of(clientRequest);
        Observations seen = exchange.observations();
        if (seen != null) {
            seen.originResponded(serverResponse.getStatus(), serverResponse.getHeaders());
        }
        ResponseBodyLimit limit = exchange.responseBodyLimit();
        if (limit != null) {
            if (limit.exceeds(serverResponse.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH))) {
                serverResponse.abort(new ResponseBodyLimit.TooLarge(limit.maxBytes()));
                return;
            }
            proxyResponse.setBufferSize(limit.holdBytes()); // nothing goes out before the limit is known to hold
        }
        ErrorPages pages = exchange.errorPagesFor(serverResponse.getStatus());
        if (pages != null) {
            // The errors middleware answers instead: the backend's headers and body are dropped.
            exchange.answerWithErrorPage(pages);
            return;
        }
        ForwardEdits edits = exchange.editsIfAny();
        forwardTrailers(clientRequest, proxyResponse, serverResponse);
        HttpFields.Mutable target = jettyResponseHeaders(proxyResponse);
        if (target == null) {
            super.onServerResponseHeaders(clientRequest, proxyResponse, serverResponse);
            if (edits != null) {
                edits.applyToResponse(proxyResponse);
            }
            beginBodyTransform(exchange, clientRequest, proxyResponse, serverResponse);
            return;
        }
        // On Jetty: add the backend's parsed fields as they are, without re-parsing each name.
        for (HttpField field : serverResponse.getHeaders()) {
            String name = field.getLowerCaseName();
            // Trailer announces the trailers, which are passed on: end-to-end despite Jetty's list.
            if (!HopByHopHeaders.is(name) || name.equals("trailer")) {
                target.add(field);
            }
        }
        if (edits != null) {
            edits.applyToResponse(target);
        }
        beginBodyTransform(exchange, clientRequest, proxyResponse, serverResponse);
    }

    /** A middleware's body transform (compress), when it wants this response. */
    private static void beginBodyTransform(Exchange exchange, HttpServletRequest clientRequest,
                                           HttpServletResponse proxyResponse, Response serverResponse) {
        ResponseBodyTransformer transformer = exchange.responseBodyTransformer();
        if (transformer != null && !clientRequest.getMethod().equals("HEAD")) {
            ResponseBodyTransformer.Transform transform = transformer.begin(clientRequest, proxyResponse, serverResponse.getStatus());
            if (transform != null) {
                exchange.transformBodyWith(transform);
            }
        }
    }

    /** The contentType middleware: an untyped body is named from its first bytes, as Go's servers do. */
    @Override
    protected void onResponseContent(HttpServletRequest request, HttpServletResponse response, Response serverResponse,
                                     byte[] buffer, int offset, int length, Callback callback) {
        Exchange exchange = Exchange.of(request);
        Observations seen = exchange.observations();
        if (seen != null) {
            seen.originContent(length);
        }
        ResponseBodyLimit limit = exchange.responseBodyLimit();
        if (limit != null && limit.exceededAfter(length)) {
            ResponseBodyLimit.TooLarge failure = new ResponseBodyLimit.TooLarge(limit.maxBytes());
            callback.failed(failure);
            serverResponse.abort(failure);
            return;
        }
        if (exchange.answeringErrorPages() != null) {
            callback.succeeded(); // the backend's error body, replaced by the error page
            return;
        }
        if (exchange.detectsContentType() && !response.isCommitted()
                && response.getHeader("Content-Type") == null) {
            response.setContentType(ContentSniffer.detect(buffer, offset, length));
        }
        super.onResponseContent(request, response, serverResponse, buffer, offset, length, callback);
    }

    /**
     * Responses of unknown length (streams) and any response of a service with a negative
     * flushInterval are flushed by a {@link FlushingWriter}; the rest go through Jetty's writer,
     * buffered until the buffer fills or the response ends.
     */
    @Override
    protected StreamWriter newWriteListener(HttpServletRequest request, Response serverResponse) {
        if (Exchange.of(request).responseBodyLimit() != null) {
            return super.newWriteListener(request, serverResponse); // buffered: never flushed early
        }
        Backend backend = Exchange.of(request).backend();
        Duration interval = backend == null ? ServiceConfig.LoadBalancer.DEFAULT_FLUSH_INTERVAL : backend.flushInterval();
        String contentType = serverResponse.getHeaders().get(HttpHeader.CONTENT_TYPE);
        ResponseBodyTransformer.Transform transform = Exchange.of(request).bodyTransform();
        if (contentType != null && contentType.startsWith("text/event-stream")) {
            interval = Duration.ZERO; // Server-Sent Events go out at once, as in Traefik
        } else if (interval.isNegative()) {
            interval = Duration.ZERO;
        } else if (transform == null && serverResponse.getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
            return super.newWriteListener(request, serverResponse);
        }
        FlushingWriter writer = new FlushingWriter(request, serverResponse, interval.toNanos(), transform);
        request.setAttribute(FLUSHING_WRITER_ATTRIBUTE, writer);
        return writer;
    }


    @Override
    protected void onProxyResponseSuccess(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                          Response serverResponse) {
        originEnded(clientRequest);
        Exchange exchange = Exchange.of(clientRequest);
        ErrorPages pages = exchange.answeringErrorPages();
        if (pages != null) {
            errors.sendPage(clientRequest, proxyResponse, pages, serverResponse.getStatus());
            return;
        }
        if (clientRequest.getAttribute(FLUSHING_WRITER_ATTRIBUTE) instanceof FlushingWriter writer && writer.transforms()) {
            // The transform's last bytes (a compressed stream's end) go out before the response completes.
            writer.end(serverResponse.getTrailers(), () -> super.onProxyResponseSuccess(clientRequest, proxyResponse, serverResponse));
            return;
        }
        ResponseBodyTransformer.Transform transform = exchange.bodyTransform();
        if (transform != null) {
            // No content came, so no writer: its end still goes out, with a blocking write (see ErrorAnswers#offSelector).
            errors.offSelector(clientRequest, () -> {
                endEmptyBody(transform, proxyResponse, serverResponse);
                finishFlushing(clientRequest);
                super.onProxyResponseSuccess(clientRequest, proxyResponse, serverResponse);
            });
            return;
        }
        finishFlushing(clientRequest);
        super.onProxyResponseSuccess(clientRequest, proxyResponse, serverResponse);
    }

    /** A body transform's last bytes (gRPC-Web's trailer frame) after an empty body, written blocking. */
    private static void endEmptyBody(ResponseBodyTransformer.Transform transform, HttpServletResponse proxyResponse,
                                     Response serverResponse) {
        try {
            byte[] tail = transform.end(serverResponse.getTrailers());
            if (tail.length > 0) {
                proxyResponse.getOutputStream().write(tail);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("event=body-transform-failed msg=\"{}\"", e.toString());
        }
    }

    private static void finishFlushing(HttpServletRequest request) {
        if (request.getAttribute(FLUSHING_WRITER_ATTRIBUTE) instanceof FlushingWriter writer) {
            writer.finish();
        }
    }

    /**
     * Writes backend content to the client and flushes it at most {@code interval} after it was
     * written (at once for an interval of 0), also when the backend pauses: a timer flushes what
     * waits in the response buffer. Every call is serialised on the writer, so the timer never
     * writes while the container completes a write. With a body transform (compress) the content
     * passes through it, and a flush first writes what the transform still holds.
     */
    private final class FlushingWriter extends StreamWriter {
        private enum State { IDLE, WRITE_PENDING, FLUSH_PENDING }

        private final HttpServletRequest request;
        private final long intervalNanos;
        private State state = State.IDLE;
        private byte[] bytes;
        private int offset;
        private int length;
        private Callback callback;
        private boolean unflushed;
        private long lastFlush = System.nanoTime();
        private Scheduler.Task timer;
        private boolean finished;
        private final ResponseBodyTransformer.Transform transform;
        /** The transform's flushed bytes are written: the next flush only flushes the stream. */
        private boolean transformFlushed;

        FlushingWriter(HttpServletRequest request, Response serverResponse, long intervalNanos,
                       ResponseBodyTransformer.Transform transform) {
            super(request, serverResponse);
            this.request = request;
            this.intervalNanos = intervalNanos;
            this.transform = transform;
        }

        boolean transforms() {
            return transform != null;
        }

        @Override
        protected synchronized void data(byte[] bytes, int offset, int length, Callback callback) {
            if (this.callback != null) {
                throw new java.nio.channels.WritePendingException();
            }
            if (transform != null) {
                try {
                    bytes = transform.write(bytes, offset, length);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                offset = 0;
                length = bytes.length;
                unflushed = true; // the transform may hold what it was given
            }
            this.bytes = bytes;
            this.offset = offset;
            this.length = length;
            this.callback = callback;
        }

        @Override
        public synchronized void onWritePossible() throws IOException {
            ServletOutputStream out = request.getAsyncContext().getResponse().getOutputStream();
            while (true) {
                if (state != State.IDLE) {
                    if (!out.isReady()) {
                        return; // the container calls again once the pending write is done
                    }
                    Callback written = null;
                    if (state == State.WRITE_PENDING) {
                        written = callback;
                        callback = null;
                    }
                    state = State.IDLE;
                    if (written != null) {
                        written.succeeded(); // may hand over the next chunk at once (re-entrant)
                        continue;
                    }
                }
                if (bytes != null) {
                    if (length == 0) {
                        bytes = null; // all held by the transform: nothing to write this time
                        Callback written = callback;
                        callback = null;
                        written.succeeded();
                        continue;
                    }
                    out.write(bytes, offset, length);
                    bytes = null;
                    unflushed = true;
                    state = State.WRITE_PENDING;
                    continue;
                }
                if (unflushed && callback == null && !finished) {
                    long waited = System.nanoTime() - lastFlush;
                    if (waited >= intervalNanos) {
                        flush(out);
                        continue;
                    }
                    armTimer(intervalNanos - waited);
                }
                return;
            }
        }

        private void flush(ServletOutputStream out) throws IOException {
            if (transform != null && !transformFlushed) {
                byte[] held = transform.flush();
                if (held.length > 0) {
                    out.write(held);
                    transformFlushed = true;
                    state = State.FLUSH_PENDING; // the stream is flushed once this write is done
                    return;
                }
            }
            transformFlushed = false;
            out.flush();
            unflushed = false;
            lastFlush = System.nanoTime();
            state = State.FLUSH_PENDING;
        }

        private void armTimer(long delayNanos) {
            if (timer == null && !finished) {
                timer = getHttpClient().getScheduler().schedule(this::onTimer, delayNanos, TimeUnit.NANOSECONDS);
            }
        }

        private synchronized void onTimer() {
            timer = null;
            if (finished || state != State.IDLE || bytes != null || !unflushed) {
                return; // the write path flushes (or re-arms) once it is idle again
            }
            try {
                ServletOutputStream out = request.getAsyncContext().getResponse().getOutputStream();
                if (out.isReady()) {
                    flush(out);
                    onWritePossible();
                }
            } catch (IOException | IllegalStateException e) {
                LOG.debug("event=flush-failed msg=\"{}\"", e.toString());
            }
        }

        synchronized void finish() {
            finished = true;
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
        }

        /** Writes the transform's last bytes, then runs {@code done} (which completes the response). */
        synchronized void end(HttpFields trailers, Runnable done) {
            finish();
            byte[] tail;
            try {
                tail = transform.end(trailers);
            } catch (IOException | RuntimeException e) {
                LOG.debug("event=body-transform-failed msg=\"{}\"", e.toString());
                done.run();
                return;
            }
            if (tail.length == 0) {
                done.run();
                return;
            }
            bytes = tail;
            offset = 0;
            length = tail.length;
            callback = Callback.from(done, failure -> done.run());
            try {
                onWritePossible();
            } catch (IOException | IllegalStateException e) {
                LOG.debug("event=body-transform-write-failed msg=\"{}\"", e.toString());
            }
        }
    }

    /**
     * Passes the backend's trailers (gRPC's grpc-status) to the client when it can take them:
     * always over HTTP/2; over HTTP/1.1 when announced or asked for, since they need chunking.
     */
    private static void forwardTrailers(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                        Response serverResponse) {
        String protocol = clientRequest.getProtocol();
        boolean http2 = protocol.equals("HTTP/2.0");
        if (!http2) {
            String te = clientRequest.getHeader("TE");
            boolean wanted = serverResponse.getHeaders().contains(HttpHeader.TRAILER)
                    || (te != null && te.toLowerCase(Locale.ROOT).contains("trailers"));
            if (!protocol.equals("HTTP/1.1") || !wanted || serverResponse.getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
                return;
            }
        }
        Supplier<HttpFields> trailers = () -> {
            ResponseBodyTransformer.Transform transform = Exchange.of(clientRequest).bodyTransform();
            if (transform != null && transform.consumesTrailers()) {
                return null; // in the body already (gRPC-Web)
            }
            HttpFields received = serverResponse.getTrailers();
            return received == null || received.size() == 0 ? null : received;
        };
        ServletContextResponse core = jettyResponse(proxyResponse);
        if (core != null) {
            core.setTrailersSupplier(trailers);
            return;
        }
        proxyResponse.setTrailerFields(() -> {
            HttpFields received = trailers.get();
            Map<String, String> map = new java.util.LinkedHashMap<>();
            if (received != null) {
                received.forEach(f -> map.merge(f.getName(), f.getValue(), (a, b) -> a + ", " + b));
            }
            return map;
        });
    }

    private static ServletContextResponse jettyResponse(HttpServletResponse response) {
        try {
            return ServletContextResponse.getServletContextResponse(response);
        } catch (LinkageError notJetty) {
            return null;
        }
    }

    private static HttpFields.Mutable jettyResponseHeaders(HttpServletResponse response) {
        try {
            ServletContextResponse core = ServletContextResponse.getServletContextResponse(response);
            return core == null ? null : core.getHeaders();
        } catch (LinkageError notJetty) {
            return null;
        }
    }

    private static void originEnded(HttpServletRequest request) {
        Observations seen = Exchange.of(request).observations();
        if (seen != null) {
            seen.originEnded(System.nanoTime());
        }
    }

    @Override
    protected void addProxyHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        // Done in copyRequestHeaders, with Traefik's names; Jetty's Forwarded and Via are not sent.
    }

    @Override
    protected void sendProxyRequest(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Request proxyRequest) {
        Backend backend = Exchange.of(clientRequest).backend();
        long timeout = (backend.transport() == null ? options.responseHeaderTimeout()
                : backend.transport().forwardingTimeouts().responseHeaderTimeout()).toMillis();
        if (timeout > 0) {
            // Traefik's responseHeaderTimeout: from the end of the request to the response's first byte.
            Scheduler scheduler = getHttpClient().getScheduler();
            Scheduler.Task[] task = new Scheduler.Task[1];
            proxyRequest.onRequestSuccess(r -> task[0] = scheduler.schedule(
                    () -> r.abort(new TimeoutException("no response headers within " + timeout + "ms")),
                    timeout, TimeUnit.MILLISECONDS));
            proxyRequest.onResponseBegin(r -> {
                if (task[0] != null) {
                    task[0].cancel();
                }
            });
            proxyRequest.onComplete(r -> {
                if (task[0] != null) {
                    task[0].cancel();
                }
            });
        }
        // The exchange is async from here on: its end, whatever the outcome, ends the in-flight count.
        if (backend.inFlight() != null) {
            InFlightRelease release = new InFlightRelease(backend);
            clientRequest.setAttribute(IN_FLIGHT_RELEASE_ATTRIBUTE, release);
            clientRequest.getAsyncContext().addListener(release);
        }
        Exchange exchange = Exchange.of(clientRequest);
        Observations seen = exchange.observations();
        if (seen != null) {
            seen.originStarted(System.nanoTime());
        }
        MirrorSender mirrors = exchange.retrying() ? null : MirrorSender.of(clientRequest);
        if (mirrors != null) {
            mirrors.endWith(clientRequest.getAsyncContext());
        }
        continueHandler.arm(proxyRequest, getHttpClient().getScheduler());
        super.sendProxyRequest(clientRequest, proxyResponse, proxyRequest);
        if (mirrors != null) {
            mirrors.send();
        }
    }

    /** A body a middleware already read in full goes out from memory or its file, once per attempt. */
    @Override
    protected Request.Content proxyRequestContent(HttpServletRequest request, HttpServletResponse response,
                                                  Request proxyRequest) throws IOException {
        BufferedBody body = Exchange.of(request).bufferedBody();
        if (body == null) {
            return super.proxyRequestContent(request, response, proxyRequest);
        }
        MirrorSender mirrors = Exchange.of(request).retrying() ? null : MirrorSender.of(request);
        if (mirrors != null) {
            feed(mirrors, body);
        }
        return body.bytes() != null ? new BytesRequestContent(body.bytes()) : new PathRequestContent(body.file());
    }

    @Override
    protected boolean expects100Continue(HttpServletRequest request) {
        return Exchange.of(request).bufferedBody() == null && super.expects100Continue(request);
    }

    private static void feed(MirrorSender mirrors, BufferedBody body) throws IOException {
        if (body.bytes() != null) {
            mirrors.offer(body.bytes(), 0, body.bytes().length);
        } else {
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(body.file())) {
                byte[] chunk = new byte[64 * 1024];
                for (int n; (n = in.read(chunk)) > 0; ) {
                    mirrors.offer(chunk, 0, n);
                }
            }
        }
        mirrors.bodyComplete();
    }

    @Override
    protected ReadListener newReadListener(HttpServletRequest request, HttpServletResponse response, Request proxyRequest,
                                           AsyncRequestContent content) {
        MirrorSender mirrors = MirrorSender.of(request);
        return mirrors == null ? super.newReadListener(request, response, proxyRequest, content)
                : new MirroringReader(request, response, proxyRequest, content, mirrors);
    }

    /** Reads the client's body for the main server and hands every chunk to the mirrors as well. */
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

    /** Decrements a backend's in-flight count once, when the async exchange ends. */
    private static final class InFlightRelease implements AsyncListener {
        private final Backend backend;
        private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

        InFlightRelease(Backend backend) {
            this.backend = backend;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                backend.inFlight().decrementAndGet();
            }
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            release();
        }

        @Override
        public void onError(AsyncEvent event) {
            release();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }

    @Override
    protected void onClientRequestFailure(HttpServletRequest clientRequest, Request proxyRequest,
                                          HttpServletResponse proxyResponse, Throwable failure) {
        if (!MalformedRequestBody.caused(clientRequest, failure)) {
            ErrorAnswers.logClientGone(clientRequest, failure);
        }
        super.onClientRequestFailure(clientRequest, proxyRequest, proxyResponse, failure);
    }

    @Override
    protected void onProxyResponseFailure(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                          Response serverResponse, Throwable failure) {
        originEnded(clientRequest);
        finishFlushing(clientRequest);
        if (MalformedRequestBody.caused(clientRequest, failure)) {
            LOG.debug("event=malformed-request-body status=400 msg=\"{}\"", failure.toString());
            sendProxyResponseError(clientRequest, proxyResponse, 400); // the client's fault: no retry, no health mark
            return;
        }
        if (ErrorAnswers.isClientGone(failure)) {
            ErrorAnswers.logClientGone(clientRequest, failure);
            Observations seen = Exchange.of(clientRequest).observations();
            if (seen != null) {
                seen.clientClosed();
            }
            if (clientRequest.isAsyncStarted()) {
                clientRequest.getAsyncContext().complete();
            }
            return;
        }
        if (failure instanceof ResponseBodyLimit.TooLarge) {
            sendProxyResponseError(clientRequest, proxyResponse, 500); // as Traefik's buffering answers; not the server's failure
            return;
        }
        if (BackendHttpClient.isHeadTooLarge(failure) && (serverResponse == null || serverResponse.getStatus() <= 0)) {
            // The entry point accepted the head, but with what Jetway adds it is too large to forward.
            LOG.warn("event=request-head-too-large status=431 method={} path={} remote={} limit={}",
                    clientRequest.getMethod(), clientRequest.getRequestURI(), clientRequest.getRemoteAddr(), options.maxHeadBytes());
            sendProxyResponseError(clientRequest, proxyResponse, 431);
            return;
        }
        ErrorPages pages = Exchange.of(clientRequest).answeringErrorPages();
        if (pages != null && serverResponse != null) {
            errors.sendPage(clientRequest, proxyResponse, pages, serverResponse.getStatus()); // its error body broke off
            return;
        }
        Backend backend = Exchange.of(clientRequest).backend();
        LOG.debug("event=backend-failed url={} msg=\"{}\"", backend == null ? "" : backend.baseUrl(), failure.toString());
        if (backend != null && backend.health() != null && backend.health().recordFailure()) {
            LOG.warn("event=server-down service={} server={} reason=passive-health-check msg=\"{}\"",
                    backend.serviceName(), backend.baseUrl(), failure.toString());
        }
        if (retryLater(clientRequest, proxyResponse, serverResponse, backend, failure)) {
            return;
        }
        super.onProxyResponseFailure(clientRequest, proxyResponse, serverResponse, failure);
    }

    /**
     * The retry middleware's hook: a backend that failed before sending anything back (no status
     * line) gets another attempt, if the request's policy has one left, after its backoff.
     */
    private boolean retryLater(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Response serverResponse,
                               Backend failed, Throwable failure) {
        RetryPolicy retry = Exchange.of(clientRequest).retryPolicy();
        if (retry == null || proxyResponse.isCommitted() || (serverResponse != null && serverResponse.getStatus() > 0)) {
            return false;
        }
        Duration wait = retry.nextAttempt();
        if (wait == null) {
            return false;
        }
        LOG.debug("event=retry url={} wait={} msg=\"{}\"", failed == null ? "" : failed.baseUrl(), wait, failure.toString());
        if (clientRequest.getAttribute(IN_FLIGHT_RELEASE_ATTRIBUTE) instanceof InFlightRelease release) {
            release.release(); // this attempt is over; the next one counts on its own server
        }
        getHttpClient().getScheduler().schedule(() -> resend(clientRequest, proxyResponse),
                wait.toNanos(), TimeUnit.NANOSECONDS);
        return true;
    }

    /** Picks a server again through the router's service and sends the request once more. */
    private void resend(HttpServletRequest clientRequest, HttpServletResponse proxyResponse) {
        try {
            Exchange exchange = Exchange.of(clientRequest);
            Backend backend = exchange.service().select(clientRequest, proxyResponse);
            if (backend == null) {
                sendProxyResponseError(clientRequest, proxyResponse, 503);
                return;
            }
            exchange.forwardTo(backend);
            if (backend.inFlight() != null) {
                backend.inFlight().incrementAndGet();
            }
            Request proxyRequest = newProxyRequest(clientRequest, rewriteTarget(clientRequest));
            copyRequestHeaders(clientRequest, proxyRequest);
            proxyRequest.timeout(getTimeout(), TimeUnit.MILLISECONDS);
            if (hasContent(clientRequest)) {
                proxyRequest.body(proxyRequestContent(clientRequest, proxyResponse, proxyRequest));
            }
            sendProxyRequest(clientRequest, proxyResponse, proxyRequest);
        } catch (IOException | RuntimeException e) {
            LOG.debug("event=retry-failed msg=\"{}\"", e.toString());
            sendProxyResponseError(clientRequest, proxyResponse, 502);
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
