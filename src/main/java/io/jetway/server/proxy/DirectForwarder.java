package io.jetway.server.proxy;

import io.jetway.exchange.Exchange;
import io.jetway.http.HopByHopHeaders;
import io.jetway.net.IpLiterals;
import io.jetway.service.Backend;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpGenerator;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.thread.Scheduler;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Forwards the simplest requests below Jetty's generic proxy (issue 18): a request without a body
 * on a route without middlewares, to a plain HTTP/1.1 server at an IP address with the default
 * servers transport. Such a request keeps the core request Jetty parsed (no servlet request and
 * response, no async context), and goes out on a pooled backend connection of this class's own
 * ({@link DirectBackendConnection}: the request head written in one buffer, the response parsed
 * by Jetty's parser and streamed to the client) instead of through Jetty's HttpClient, whose
 * per-request objects (request, conversation, exchange, listeners, destination lookup) cost
 * as much as the rest of the request path. Everything else goes through the servlet proxy, which
 * stays the one path in a WAR. Both send the same request head and pass the same response.
 */
public final class DirectForwarder extends ContainerLifeCycle {

    /** Go's DefaultMaxIdleConnsPerHost is 2, Traefik sets 200 for its servers transports. */
    static final int MAX_IDLE_PER_SERVER = 200;

    private final ProxyOptions options;
    private final ClientConnector connector;
    private final Executor executor;
    private final ByteBufferPool buffers;
    private final Scheduler scheduler;
    private final String serverHostname = ForwardedHeaders.localHostname();
    private final ConcurrentHashMap<String, BackendConnectionPool> pools = new ConcurrentHashMap<>();
    private final LongAdder forwarded = new LongAdder();

    /**
     * @param executor  the server's threads (connections complete on them when not on a selector)
     * @param scheduler the server's scheduler (connect and idle timeouts)
     * @param buffers   the server's buffer pool: one pool for both sides
     */
    public DirectForwarder(ProxyOptions options, Executor executor, Scheduler scheduler, ByteBufferPool buffers) {
        this.options = options;
        this.executor = executor;
        this.buffers = buffers;
        this.scheduler = scheduler;
        connector = new BackendClientConnector();
        connector.setSelectors(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        connector.setConnectTimeout(options.dialTimeout());
        connector.setIdleTimeout(options.idleConnTimeout());
        connector.setExecutor(executor);
        connector.setScheduler(scheduler);
        connector.setByteBufferPool(buffers);
        addBean(connector);
    }

    /**
     * Whether this forwarder reaches the server: plain HTTP (not h2c, not TLS) to an IP address
     * with no path in its URL, over the default servers transport. Host names need resolving,
     * which the servlet proxy's client does off the request thread.
     */
    public static boolean reaches(Backend backend) {
        String url = backend.baseUrl();
        if (backend.transport() != null || !url.startsWith("http://")) {
            return false;
        }
        String authority = url.substring("http://".length());
        return authority.equals(backend.authority()) && address(authority) != null;
    }

    /**
     * Forwards the request to the server, which {@link #reaches} must have accepted; completes the
     * callback when the response is written or the exchange failed.
     */
    public void forward(Request request, Response response, Callback callback, Exchange exchange, Backend backend) {
        forwarded.increment();
        BackendConnectionPool pool = pools.computeIfAbsent(backend.authority(), this::newPool);
        new DirectExchange(this, pool, request, response, callback, exchange, backend).start();
    }

    private BackendConnectionPool newPool(String authority) {
        return new BackendConnectionPool(address(authority), connector, executor, buffers, scheduler, MAX_IDLE_PER_SERVER);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        scheduleSweep();
    }

    /**
     * Forgets the pools of servers that went unused for a sweep period with no idle connection
     * left: in a cluster, pods come and go with new addresses. A connection still out when its pool
     * is forgotten closes at the end of its exchange's reuse or at its idle timeout.
     */
    private void scheduleSweep() {
        long periodMillis = Math.max(SWEEP_MIN_MILLIS, options.idleConnTimeout().toMillis());
        scheduler.schedule(() -> {
            if (!isRunning()) {
                return;
            }
            pools.values().removeIf(BackendConnectionPool::unusedSinceLastSweep);
            scheduleSweep();
        }, periodMillis, TimeUnit.MILLISECONDS);
    }

    private static final long SWEEP_MIN_MILLIS = 30_000;

    @Override
    protected void doStop() throws Exception {
        pools.values().forEach(BackendConnectionPool::close);
        pools.clear();
        super.doStop();
    }

    int maxHeadBytes() {
        return options.maxHeadBytes();
    }

    long responseHeaderTimeoutMillis() {
        return options.responseHeaderTimeout().toMillis();
    }

    /** How many requests went this way since the start. */
    public long forwardedRequests() {
        return forwarded.sum();
    }

    /** Idle connections to the server at this authority (tests). */
    int idleConnections(String authority) {
        BackendConnectionPool pool = pools.get(authority);
        return pool == null ? 0 : pool.idleConnections();
    }

    /**
     * The request head as the servlet proxy sends it ({@link BackendRequestHeaders}): the client's
     * headers less Host, the hop-by-hop ones and, from an untrusted peer, X-Forwarded-*; then
     * Host per passHostHeader and Traefik's X-Forwarded-*. Null when that head is larger than the
     * backend clients send (the entry point's limit plus room for what Jetway adds).
     */
    RetainableByteBuffer head(Request request, Backend backend, Exchange exchange) {
        String remote = Request.getRemoteAddr(request);
        boolean trusted = exchange.forwardedHeadersTrusted(remote);
        HttpFields received = request.getHeaders();
        HttpFields.Mutable headers = HttpFields.build(received.size() + 7);
        String host = null;
        for (HttpField field : received) {
            String name = field.getLowerCaseName();
            if (name.equals("host")) {
                host = field.getValue();
            } else if (!HopByHopHeaders.is(name) && (trusted || !ForwardedHeaders.isForwardingHeader(name))) {
                headers.add(field);
            }
        }
        headers.put(HttpHeader.HOST, backend.passHostHeader() && host != null ? host : backend.authority());
        ForwardedHeaders.apply(remote, request.isSecure(), host, headers, serverHostname, false);

        HttpURI uri = request.getHttpURI();
        String path = uri.getPath();
        String query = uri.getQuery();
        String method = request.getMethod();
        int size = method.length() + path.length() + (query == null ? 0 : query.length() + 1) + 16;
        for (HttpField field : headers) {
            size += field.getName().length() + (field.getValue() == null ? 0 : field.getValue().length()) + 4;
        }
        if (size + 2 > options.maxHeadBytes()) {
            return null;
        }
        RetainableByteBuffer head = buffers.acquire(size + 2, true);
        ByteBuffer bytes = head.getByteBuffer();
        int position = BufferUtil.flipToFill(bytes);
        bytes.put(method.getBytes(StandardCharsets.US_ASCII)).put((byte) ' ');
        bytes.put(path.getBytes(StandardCharsets.ISO_8859_1));
        if (query != null) {
            bytes.put((byte) '?').put(query.getBytes(StandardCharsets.ISO_8859_1));
        }
        bytes.put(HTTP_1_1_LINE_END);
        HttpGenerator.putTo(headers, bytes);
        BufferUtil.flipToFlush(bytes, position);
        return head;
    }

    private static final byte[] HTTP_1_1_LINE_END = " HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);

    /** The socket address of an IP-literal authority ({@code 10.0.0.1:80}, {@code [::1]:8080}), or null. */
    static InetSocketAddress address(String authority) {
        int colon = authority.lastIndexOf(':');
        int bracket = authority.lastIndexOf(']');
        String host = colon > bracket ? authority.substring(0, colon) : authority;
        int port = 80;
        if (colon > bracket) {
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (port < 1 || port > 65535) {
                return null;
            }
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress ip = IpLiterals.address(host);
        return ip == null ? null : new InetSocketAddress(ip, port);
    }
}
