package io.jetway.server.tcp;

import io.jetway.net.IpLiterals;
import io.jetway.net.ProxyProtocolHeader;
import io.jetway.net.ShortReadEndPoint;
import io.jetway.routing.layer4.TcpMiddleware;
import io.jetway.routing.layer4.TcpRoute;
import io.jetway.routing.layer4.TcpTarget;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLEngine;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Joins a client connection to a server of its TCP router: middlewares admit it, the service picks
 * the server, the backend is dialled (PROXY header first, then TLS if the server asks for it),
 * the bytes already read from the client are sent, and a {@link Tunnel} copies both ways.
 */
public final class TcpForwarder extends ContainerLifeCycle {

    private static final Logger LOG = LoggerFactory.getLogger(TcpForwarder.class);

    private final Executor executor;
    private final ByteBufferPool pool;
    private final TcpDialers dialers;
    private final Scheduler scheduler;
    private final Layer4Metrics metrics;

    public TcpForwarder(Executor executor, Scheduler scheduler, ByteBufferPool pool) {
        this(executor, scheduler, pool, Layer4Metrics.NONE);
    }

    public TcpForwarder(Executor executor, Scheduler scheduler, ByteBufferPool pool, Layer4Metrics metrics) {
        this.executor = executor;
        this.pool = pool;
        this.metrics = metrics;
        this.scheduler = scheduler;
        this.dialers = new TcpDialers(executor, scheduler, pool);
        addManaged(dialers);
    }

    /**
     * Forwards a connection, or closes it when a middleware refuses it or the service has no server.
     *
     * @param entryPoint the entry point the client connected to (for metrics)
     * @param clientSide the end point to copy from and to (the decrypted one when the route terminates TLS)
     * @param local      the entry point's address the client connected to (the PROXY header's destination)
     * @param initial    bytes already read from the client, to send first; null or empty for none
     * @param preamble   a Postgres SSLRequest to send (and whose one-byte answer to swallow) before
     *                   {@code initial}; null for none
     * @param install    makes the returned client-side connection the end point's (by upgrade or as
     *                   the connector's new connection)
     */
    public void forward(String entryPoint, EndPoint clientSide, InetSocketAddress client, SocketAddress local, TcpRoute route,
                        ByteBuffer initial, byte[] preamble, Consumer<Connection> install) {
        InetAddress clientIp = client.getAddress();
        TcpMiddleware.Admission admission = route.admit(clientIp);
        if (admission == null) {
            LOG.debug("event=tcp-refused router={} client={}", route.name(), clientIp.getHostAddress());
            clientSide.close();
            return;
        }
        TcpTarget target = route.service().next();
        if (target == null) {
            admission.release();
            LOG.debug("event=tcp-no-server router={} service={}", route.name(), route.service().name());
            clientSide.close();
            return;
        }
        Layer4Metrics.TunnelLabels labels = new Layer4Metrics.TunnelLabels(entryPoint, route.name(),
                route.service().name(), target.service());
        metrics.tunnelOpened(labels);
        Tunnel tunnel = new Tunnel(target.terminationDelay(), () -> {
            admission.release();
            metrics.tunnelClosed(labels);
        });
        ByteBuffer first = BufferUtil.isEmpty(initial) ? null : initial;
        // The backend is dialled once the client side is open, so the tunnel never starts on a half-made connection.
        TunnelConnection clientConnection = new TunnelConnection(clientSide, executor, pool, tunnel,
                () -> dial(target, tunnel, client, local, first, preamble));
        tunnel.client(clientConnection);
        clearDeadlines(clientSide);
        install.accept(clientConnection);
    }

    /**
     * Traefik clears a connection's deadlines once a TCP router takes it: no read timeout, head
     * deadline or idle timeout on the client side of a tunnel (a database connection may idle for
     * hours), down to the socket under TLS and PROXY layers.
     */
    private static void clearDeadlines(EndPoint endPoint) {
        EndPoint e = endPoint;
        e.setIdleTimeout(0);
        while (e instanceof EndPoint.Wrapper wrapper) {
            e = wrapper.unwrap();
            e.setIdleTimeout(0);
        }
        if (e instanceof ShortReadEndPoint network) {
            network.clearDeadline();
        }
    }

    private void dial(TcpTarget target, Tunnel tunnel, InetSocketAddress client, SocketAddress local, ByteBuffer initial,
                      byte[] preamble) {
        InetAddress ip = IpLiterals.address(target.host());
        if (ip == null) {
            // A name (an ExternalName Service) is looked up on a pool thread, never on the selector's.
            executor.execute(() -> connect(new InetSocketAddress(target.host(), target.port()), target, tunnel, client,
                    local, initial, preamble));
            return;
        }
        connect(new InetSocketAddress(ip, target.port()), target, tunnel, client, local, initial, preamble);
    }

    private void connect(InetSocketAddress address, TcpTarget target, Tunnel tunnel, InetSocketAddress client,
                         SocketAddress local, ByteBuffer initial, byte[] preamble) {
        if (address.isUnresolved()) {
            LOG.warn("event=tcp-dial-failed service={} server={} reason=\"unknown host\"", target.service(), target.address());
            tunnel.fail(null);
            return;
        }
        ClientConnector connector = dialers.connector();
        Duration dialTimeout = target.transport().dialTimeout();
        // The transport's own dialTimeout (the shared connector's limit is longer): a dial still under
        // way then ends the client's connection. Cancelled once the dial ends, so that the scheduler
        // holds only the dials in progress, not one task per connection of the last dialTimeout.
        Scheduler.Task timer = dialTimeout.isZero() || dialTimeout.isNegative() ? null : scheduler.schedule(() -> {
            if (!tunnel.dialed()) {
                LOG.warn("event=tcp-dial-failed service={} server={} reason=\"dial timeout {}\"", target.service(),
                        target.address(), dialTimeout);
                tunnel.fail(null);
            }
        }, dialTimeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Object> context = new HashMap<>();
        context.put(ClientConnector.REMOTE_SOCKET_ADDRESS_CONTEXT_KEY, address);
        context.put(Transport.class.getName(), Transport.TCP_IP);
        context.put(ClientConnector.CLIENT_CONNECTION_FACTORY_CONTEXT_KEY,
                (ClientConnectionFactory) (endPoint, ctx) -> {
                    cancel(timer);
                    return serverSide(endPoint, target, tunnel, client, local, initial, preamble);
                });
        context.put(ClientConnector.CONNECTION_PROMISE_CONTEXT_KEY, Promise.from(connection -> {
        }, failure -> {
            cancel(timer);
            LOG.warn("event=tcp-dial-failed service={} server={} reason=\"{}\"", target.service(), target.address(),
                    failure.getClass().getSimpleName());
            LOG.debug("event=tcp-dial-failed", failure);
            tunnel.fail(failure);
        }));
        connector.connect(address, context);
    }

    private static void cancel(Scheduler.Task timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    /** The backend end point's first connection: PROXY header, then TLS or the tunnel itself. */
    private Connection serverSide(EndPoint raw, TcpTarget target, Tunnel tunnel, InetSocketAddress client,
                                  SocketAddress local, ByteBuffer initial, byte[] preamble) {
        Runnable start = () -> begin(tunnel, initial, preamble);
        TcpDialers.keepAlive(raw, target.transport().dialKeepAlive());
        Connection top;
        TunnelConnection server;
        if (target.tls()) {
            SslContextFactory.Client tls = dialers.tls(target.transport().tls());
            String peerHost = target.transport().tls() != null && target.transport().tls().serverName() != null
                    && !target.transport().tls().serverName().isEmpty() ? target.transport().tls().serverName() : target.host();
            SSLEngine engine = tls.newSSLEngine(peerHost, target.port());
            engine.setUseClientMode(true);
            SslConnection ssl = new SslConnection(pool, executor, tls, raw, engine);
            server = new TunnelConnection(ssl.getSslEndPoint(), executor, pool, tunnel, start);
            ssl.getSslEndPoint().setConnection(server);
            top = ssl;
        } else {
            server = new TunnelConnection(raw, executor, pool, tunnel, start);
            top = server;
        }
        tunnel.server(server);
        if (target.proxyProtocolVersion() == 0) {
            return top;
        }
        InetSocketAddress destination = local instanceof InetSocketAddress a ? a : new InetSocketAddress(0);
        byte[] header = target.proxyProtocolVersion() == 1 ? ProxyProtocolHeader.v1(client, destination)
                : ProxyProtocolHeader.v2(client, destination, ProxyProtocolHeader.Transport.STREAM);
        return new HeaderFirst(raw, executor, ByteBuffer.wrap(header), top, tunnel);
    }

    /** The backend is connected (and its TLS set up): send what the client already sent, then copy both ways. */
    private void begin(Tunnel tunnel, ByteBuffer initial, byte[] preamble) {
        if (tunnel.clientClosed()) {
            tunnel.fail(null);
            return;
        }
        TunnelConnection server = tunnel.peerOf(tunnel.clientConnection());
        if (preamble != null) {
            new PostgresPreamble(server, ByteBuffer.wrap(preamble), () -> sendInitial(tunnel, server, initial), tunnel).run();
        } else {
            sendInitial(tunnel, server, initial);
        }
    }

    private static void sendInitial(Tunnel tunnel, TunnelConnection server, ByteBuffer sniffed) {
        ByteBuffer initial = sniffed != null ? sniffed : tunnel.prelude();
        if (initial == null) {
            tunnel.start();
            return;
        }
        server.getEndPoint().write(Callback.from(tunnel::start, tunnel::fail), initial);
    }

    /** Writes the PROXY protocol header on the raw backend connection, then hands it to TLS or the tunnel. */
    private static final class HeaderFirst extends AbstractConnection {
        private final ByteBuffer header;
        private final Connection next;
        private final Tunnel tunnel;

        HeaderFirst(EndPoint endPoint, Executor executor, ByteBuffer header, Connection next, Tunnel tunnel) {
            super(endPoint, executor);
            this.header = header;
            this.next = next;
            this.tunnel = tunnel;
        }

        @Override
        public void onOpen() {
            super.onOpen();
            getEndPoint().write(Callback.from(() -> getEndPoint().upgrade(next), tunnel::fail), header);
        }

        @Override
        public void onFillable() {
            // Nothing is read before the header is written.
        }
    }

    /**
     * Postgres STARTTLS passed through: the SSLRequest goes to the backend first and its one-byte
     * answer is swallowed (Jetway already answered the client), then the ClientHello follows.
     */
    private static final class PostgresPreamble implements Runnable {
        private final TunnelConnection server;
        private final ByteBuffer request;
        private final Runnable then;
        private final Tunnel tunnel;

        PostgresPreamble(TunnelConnection server, ByteBuffer request, Runnable then, Tunnel tunnel) {
            this.server = server;
            this.request = request;
            this.then = then;
            this.tunnel = tunnel;
        }

        @Override
        public void run() {
            server.getEndPoint().write(Callback.from(this::awaitAnswer, tunnel::fail), request);
        }

        private void awaitAnswer() {
            server.getEndPoint().fillInterested(Callback.from(() -> {
                ByteBuffer answer = BufferUtil.allocate(1);
                try {
                    int n = server.getEndPoint().fill(answer);
                    if (n == 0) {
                        awaitAnswer();
                    } else if (n < 0) {
                        tunnel.fail(null);
                    } else {
                        then.run();
                    }
                } catch (java.io.IOException e) {
                    tunnel.fail(e);
                }
            }, tunnel::fail));
        }
    }
}
