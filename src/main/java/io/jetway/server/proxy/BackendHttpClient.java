package io.jetway.server.proxy;

import io.jetway.dynamic.ServersTransport;
import org.eclipse.jetty.client.ContinueProtocolHandler;
import org.eclipse.jetty.client.EarlyHintsProtocolHandler;
import org.eclipse.jetty.client.ProcessingProtocolHandler;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http2.hpack.HpackException;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The backend client (built here: the proxy's own and one per servers transport), with a lock-free look-up of known destinations. Jetty resolves every request's
 * destination with {@code ConcurrentHashMap.compute}, which locks the map bin: all requests to one
 * backend then queue on the same monitor (measured under proxy-bench: the most contended lock of
 * the process). Jetty removes a destination only through {@link #removeDestination} (its idle sweeper
 * is off: no destination idle timeout is set), which drops it from the cache too.
 */
final class BackendHttpClient extends HttpClient {

    private final ConcurrentHashMap<Origin, Destination> known = new ConcurrentHashMap<>();
    /** Idle connections kept per backend server (HTTP/1.1 destinations, {@link Http11ConnectionPool}). */
    private volatile int maxIdlePerServer = 200;

    BackendHttpClient(HttpClientTransport transport) {
        super(transport);
    }

    /**
     * The proxy's own client, for backends without a servers transport; Jetty's proxy servlet
     * configures the rest and starts it.
     */
    static HttpClient forProxy(ProxyOptions options, ByteBufferPool serverPool) {
        HttpClient client = speakingBoth(options.dialTimeout(), options.idleConnTimeout(),
                BackendTls.ofDefaultTransport(options.insecureSkipVerify(), options.rootCAs()),
                options.maxHeadBytes());
        client.setMaxConnectionsPerDestination(options.maxConnectionsPerServer());
        ((BackendHttpClient) client).maxIdlePerServer = maxIdle(options.maxIdleConnsPerHost());
        if (serverPool != null) {
            // One pool for both sides: measured, the client's own pool kept allocating (and
            // zeroing) a fresh direct buffer for every backend response.
            client.setByteBufferPool(serverPool);
        }
        return client;
    }

    /** Traefik's (Go's) reading: 0 is Go's default of 2, negative keeps no idle connection. */
    static int maxIdle(int maxIdleConnsPerHost) {
        return maxIdleConnsPerHost == 0 ? 2 : Math.max(0, maxIdleConnsPerHost);
    }

    /** Idle connections a destination of this client keeps, 200 for a client not made here. */
    static int maxIdlePerServer(org.eclipse.jetty.client.HttpClient client) {
        return client instanceof BackendHttpClient backend ? backend.maxIdlePerServer : 200;
    }

    /** Instead of Jetty's proxy 100-continue handler: one that also sends the body after a short wait. */
    static void handleContinueWith(HttpClient client, ExpectContinueHandler continueHandler) {
        client.getProtocolHandlers().remove(ContinueProtocolHandler.NAME);
        client.getProtocolHandlers().put(continueHandler);
        skipInterimAnswers(client);
    }

    /**
     * 102 Processing and 103 Early Hints before the answer are skipped: without these handlers
     * Jetty's client never completes such an exchange (the proxy's own client clears Jetty's
     * defaults), and the direct forwarding skips them too.
     */
    private static void skipInterimAnswers(HttpClient client) {
        client.getProtocolHandlers().put(new ProcessingProtocolHandler());
        client.getProtocolHandlers().put(new EarlyHintsProtocolHandler());
    }

    /**
     * A servers transport's client, set up like the proxy's own one ({@code defaults}) and sharing
     * its scheduler and buffers; started.
     */
    static HttpClient startedFor(ServersTransport transport, HttpClient defaults, Executor threads,
                                 ExpectContinueHandler continueHandler, int maxHeadBytes) {
        ServersTransport.ForwardingTimeouts timeouts = transport.forwardingTimeouts();
        HttpClient client = speakingBoth(timeouts.dialTimeout(), timeouts.idleConnTimeout(), BackendTls.of(transport), maxHeadBytes);
        client.setExecutor(threads);
        client.setScheduler(defaults.getScheduler());
        client.setByteBufferPool(defaults.getByteBufferPool());
        client.setFollowRedirects(false);
        client.setHttpCookieStore(new HttpCookieStore.Empty());
        client.setMaxConnectionsPerDestination(defaults.getMaxConnectionsPerDestination());
        ((BackendHttpClient) client).maxIdlePerServer = maxIdle(transport.maxIdleConnsPerHost());
        client.setRequestBufferSize(defaults.getRequestBufferSize());
        client.setMaxRequestHeadersSize(defaults.getMaxRequestHeadersSize());
        client.setResponseBufferSize(defaults.getResponseBufferSize());
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the client of servers transport " + transport.name(), e);
        }
        client.getContentDecoderFactories().clear();
        client.getProtocolHandlers().clear();
        if (continueHandler != null) {
            client.getProtocolHandlers().put(continueHandler);
        }
        skipInterimAnswers(client);
        return client;
    }

    /**
     * A client speaking HTTP/1.1 and HTTP/2 (ALPN over TLS, prior knowledge for h2c); each request
     * says which it wants (see {@link BackendProtocol#apply}).
     */
    private static HttpClient speakingBoth(Duration dialTimeout, Duration idleTimeout, SslContextFactory.Client tls,
                                           int maxHeadBytes) {
        ClientConnector connector = new BackendClientConnector();
        // Backend responses are handled on the selector threads (NonBlockingHttp11): one per two cores.
        connector.setSelectors(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        connector.setConnectTimeout(dialTimeout);
        connector.setIdleTimeout(idleTimeout);
        connector.setSslContextFactory(tls);
        HttpClient client = new BackendHttpClient(new BackendClientTransport(connector, maxHeadBytes));
        sizeHeads(client, maxHeadBytes);
        client.setIdleTimeout(idleTimeout.toMillis());
        client.setConnectTimeout(dialTimeout.toMillis());
        client.setUserAgentField(null); // the client's own User-Agent is copied instead
        client.setStrictEventOrdering(false);
        // The proxy hands response content to the servlet as byte arrays: heap buffers avoid a
        // copy of every chunk out of a direct buffer.
        client.setUseInputDirectByteBuffers(false);
        return client;
    }

    /** What a request buffer holds at first: request heads of this size, common with cookies, take one pooled buffer. */
    static final int FIRST_HEAD_BUFFER_BYTES = 8 * 1024;

    /**
     * Lets a client send request heads as large as the entry points accept (Jetty's default stops at
     * 8 KB: larger cookies and tokens failed with a 502). A head beyond the first buffer is written
     * again into one buffer of the maximum size.
     */
    static void sizeHeads(HttpClient client, int maxHeadBytes) {
        client.setRequestBufferSize(FIRST_HEAD_BUFFER_BYTES);
        client.setMaxRequestHeadersSize(maxHeadBytes);
    }

    /** Whether a request failed because its head exceeds the client's maximum (HTTP/1.1 or HTTP/2). */
    static boolean isHeadTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            // Jetty's words: "Request headers too large" (HTTP/1.1), "Header size N > M" (HPACK).
            if ((t instanceof IllegalArgumentException && message.contains("headers too large"))
                    || (t instanceof HpackException && message.contains("header size"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Destination resolveDestination(Origin origin) {
        Destination destination = known.get(origin);
        if (destination != null) {
            return destination;
        }
        destination = super.resolveDestination(origin);
        known.put(origin, destination);
        return destination;
    }

    @Override
    public boolean removeDestination(Destination destination) {
        known.remove(destination.getOrigin(), destination);
        return super.removeDestination(destination);
    }

    @Override
    protected void doStop() throws Exception {
        known.clear();
        super.doStop();
    }
}
