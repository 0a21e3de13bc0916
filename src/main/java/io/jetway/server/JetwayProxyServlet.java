package io.jetway.server;

import io.jetway.service.Backend;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.AsyncRequestContent;
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
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Enumeration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The last link of every router's chain: forwards the request to the backend its service picks,
 * streaming bodies both ways with Jetty's async proxy. Writes Traefik's X-Forwarded-* headers
 * instead of Jetty's Forwarded/Via, and answers errors the way Traefik does (502, 503, 504).
 */
public final class JetwayProxyServlet extends AsyncProxyServlet {

    private static final Logger LOG = LoggerFactory.getLogger(JetwayProxyServlet.class);
    private static final String BACKEND_ATTRIBUTE = RoutedRequest.BACKEND_ATTRIBUTE;

    private final ProxyOptions options;
    private final String serverHostname = localHostname();

    public JetwayProxyServlet(ProxyOptions options) {
        this.options = options;
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
        ClientConnector connector = newClientConnector();
        connector.setSelectors(1);
        connector.setConnectTimeout(options.dialTimeout());
        connector.setIdleTimeout(options.idleConnTimeout());
        HttpClient client = newHttpClient(connector);
        client.setMaxConnectionsPerDestination(options.maxConnectionsPerServer());
        client.setIdleTimeout(options.idleConnTimeout().toMillis());
        client.setConnectTimeout(options.dialTimeout().toMillis());
        client.setUserAgentField(null); // the client's own User-Agent is copied instead
        client.setStrictEventOrdering(false);
        // The proxy hands response content to the servlet as byte arrays: heap buffers avoid a
        // copy of every chunk out of a direct buffer.
        client.setUseInputDirectByteBuffers(false);
        ByteBufferPool serverPool = serverByteBufferPool();
        if (serverPool != null) {
            // One pool for both sides: measured, the client's own pool kept allocating (and
            // zeroing) a fresh direct buffer for every backend response.
            client.setByteBufferPool(serverPool);
        }
        return client;
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
        Backend backend = (Backend) request.getAttribute(BACKEND_ATTRIBUTE);
        if (backend == null) {
            return null; // not routed: only reachable by a request that bypassed the routing filter
        }
        String path = request.getRequestURI(); // still escaped: forwarded exactly as received
        String query = request.getQueryString();
        return query == null ? backend.baseUrl() + path : backend.baseUrl() + path + "?" + query;
    }

    @Override
    protected void onProxyRewriteFailed(HttpServletRequest request, HttpServletResponse response) {
        try {
            PlainResponses.send(response, 404, PlainResponses.NOT_FOUND);
        } catch (IOException e) {
            LOG.debug("event=error-response-failed", e);
        }
    }

    @Override
    protected void copyRequestHeaders(HttpServletRequest client, Request proxyRequest) {
        RoutedRequest routed = (RoutedRequest) client.getAttribute(RoutedRequest.ATTRIBUTE);
        Backend backend = (Backend) client.getAttribute(BACKEND_ATTRIBUTE);
        boolean trusted = routed.entryPoint().trusts(client.getRemoteAddr());
        Set<String> connectionTokens = client.getHeader("Connection") == null ? null : findConnectionHeaders(client);
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
        String host = client.getHeader("Host");
        headers.put(HttpHeader.HOST, backend.passHostHeader() && host != null ? host : backend.authority());
        ForwardedHeaders.apply(client, headers, serverHostname, false);
        MirrorSender.prepare(getHttpClient(), client, headers, hasContent(client));
        proxyRequest.headers(h -> h.clear().add(headers));
    }

    private static boolean forwards(String lowerName, boolean trusted, Set<String> connectionTokens) {
        return !lowerName.equals("host") && !HOP_HEADERS.contains(lowerName)
                && (connectionTokens == null || !connectionTokens.contains(lowerName))
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
        // Streaming responses go out as they arrive, as in Traefik: without this, small chunks
        // such as Server-Sent Events wait in the response buffer until the stream ends.
        String contentType = serverResponse.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && contentType.startsWith("text/event-stream")) {
            proxyResponse.setBufferSize(0);
        }
        HttpFields.Mutable target = jettyResponseHeaders(proxyResponse);
        if (target == null) {
            super.onServerResponseHeaders(clientRequest, proxyResponse, serverResponse);
            return;
        }
        // On Jetty: add the backend's parsed fields as they are, without re-parsing each name.
        for (HttpField field : serverResponse.getHeaders()) {
            if (!HOP_HEADERS.contains(field.getLowerCaseName())) {
                target.add(field);
            }
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

    @Override
    protected void addProxyHeaders(HttpServletRequest clientRequest, Request proxyRequest) {
        // Done in copyRequestHeaders, with Traefik's names; Jetty's Forwarded and Via are not sent.
    }

    @Override
    protected void sendProxyRequest(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, Request proxyRequest) {
        long timeout = options.responseHeaderTimeout().toMillis();
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
        Backend backend = (Backend) clientRequest.getAttribute(BACKEND_ATTRIBUTE);
        if (backend.inFlight() != null) {
            clientRequest.getAsyncContext().addListener(new InFlightRelease(backend));
        }
        MirrorSender mirrors = MirrorSender.of(clientRequest);
        if (mirrors != null) {
            mirrors.endWith(clientRequest.getAsyncContext());
        }
        super.sendProxyRequest(clientRequest, proxyResponse, proxyRequest);
        if (mirrors != null) {
            mirrors.send();
        }
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

        private void release() {
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
        logClientGone(clientRequest, failure);
        super.onClientRequestFailure(clientRequest, proxyRequest, proxyResponse, failure);
    }

    @Override
    protected void onProxyResponseFailure(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
                                          Response serverResponse, Throwable failure) {
        if (isClientGone(failure)) {
            logClientGone(clientRequest, failure);
            if (clientRequest.isAsyncStarted()) {
                clientRequest.getAsyncContext().complete();
            }
            return;
        }
        Backend backend = (Backend) clientRequest.getAttribute(BACKEND_ATTRIBUTE);
        LOG.debug("event=backend-failed url={} msg=\"{}\"", backend == null ? "" : backend.baseUrl(), failure.toString());
        super.onProxyResponseFailure(clientRequest, proxyResponse, serverResponse, failure);
    }

    private static boolean isClientGone(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof EofException) {
                return true;
            }
        }
        return false;
    }

    private static void logClientGone(HttpServletRequest request, Throwable failure) {
        // 499 is what Traefik records for a client that closed the connection before the answer.
        LOG.info("event=client-gone status=499 method={} path={} remote={} msg=\"{}\"",
                request.getMethod(), request.getRequestURI(), request.getRemoteAddr(), failure.toString());
    }

    @Override
    protected int proxyResponseStatus(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return 504;
            }
        }
        return 502;
    }

    @Override
    protected void sendProxyResponseError(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, int status) {
        try {
            if (proxyResponse.isCommitted()) {
                // Too late for a status: abort the connection so the client sees a truncated response.
                proxyResponse.sendError(-1);
            } else {
                proxyResponse.reset();
                PlainResponses.send(proxyResponse, status, PlainResponses.reason(status));
            }
        } catch (IOException | IllegalStateException e) {
            LOG.debug("event=error-response-failed status={}", status, e);
        } finally {
            if (clientRequest.isAsyncStarted()) {
                clientRequest.getAsyncContext().complete();
            }
        }
    }
}
