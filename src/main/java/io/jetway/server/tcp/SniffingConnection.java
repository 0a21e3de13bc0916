package io.jetway.server.tcp;

import io.jetway.routing.layer4.HttpsHostNames;
import io.jetway.routing.layer4.TcpDecision;
import io.jetway.routing.layer4.TcpEntryPointRoutes;
import io.jetway.routing.layer4.TcpRoute;
import io.jetway.routing.tcp.TcpConnectionInfo;
import io.jetway.tls.ClientHelloServerName;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Scheduler;

import javax.net.ssl.SSLEngine;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Reads a connection's first bytes, without consuming them, and routes it in Traefik's order
 * (docs/architecture.md, "TCP"): a Postgres SSLRequest is answered and the ClientHello after it
 * goes to the TLS TCP routers only; a ClientHello goes, by its server name and ALPN, to an HTTPS
 * router naming that host, else a TCP router with a specific rule, else an HTTPS router without
 * host, else a TLS TCP {@code HostSNI(`*`)} router, else HTTPS (404); anything else goes to a
 * non-TLS TCP router, else to HTTP. Bytes handed to HTTP or to TLS are given back by upgrade.
 */
final class SniffingConnection extends AbstractConnection implements Connection.UpgradeFrom, Connection.UpgradeTo {

    private static final byte[] POSTGRES_SSL_REQUEST = {0, 0, 0, 8, 4, (byte) 210, 22, 47};
    /** A TLS record's largest size: a ClientHello longer than one record is routed without its name. */
    private static final int MAX_SNIFF = 16 * 1024 + 5;

    private final Connector connector;
    private final TcpEntryPointRoutes routes;
    private final HttpsHostNames https;
    private final Layer4ConnectionFactory factory;
    private final ByteBuffer buffer = BufferUtil.allocate(MAX_SNIFF);
    private boolean postgres;
    private boolean decided;
    /** Bytes given back to the next connection by upgrade; null when the bytes were forwarded instead. */
    private ByteBuffer giveBack;
    private Scheduler.Task serverFirst;

    SniffingConnection(EndPoint endPoint, Connector connector, TcpEntryPointRoutes routes, HttpsHostNames https,
                       Layer4ConnectionFactory factory) {
        super(endPoint, connector.getExecutor());
        this.connector = connector;
        this.routes = routes;
        this.https = https;
        this.factory = factory;
    }

    /** Bytes read past a PROXY header: the first bytes to look at. */
    @Override
    public void onUpgradeTo(ByteBuffer bytes) {
        if (bytes != null && bytes.hasRemaining()) {
            BufferUtil.append(buffer, bytes);
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        if (buffer.hasRemaining()) {
            synchronized (this) {
                if (decide()) {
                    return;
                }
            }
        }
        long after = factory.serverFirstAfter().toMillis();
        if (after > 0 && routes.plainCatchAll() != null) {
            serverFirst = connector.getScheduler().schedule(() -> getExecutor().execute(this::silentClient), after,
                    TimeUnit.MILLISECONDS);
        }
        fillInterested();
    }

    /** tcp.serverFirstAfter passed without a byte from the client: the server speaks first. */
    private synchronized void silentClient() {
        if (decided || postgres || buffer.hasRemaining() || !getEndPoint().isOpen()) {
            return;
        }
        forward(routes.plainCatchAll(), null);
    }

    @Override
    public synchronized void onFillable() {
        if (decided) {
            // Routed by the server-first timer while this read interest was pending: the read is the tunnel's.
            if (getEndPoint().getConnection() instanceof TunnelConnection tunnel) {
                tunnel.readableWhileHandingOver();
            }
            return;
        }
        try {
            int filled = getEndPoint().fill(buffer);
            if (filled < 0) {
                getEndPoint().close();
                return;
            }
            if (!decide()) {
                if (buffer.remaining() >= MAX_SNIFF) {
                    route(new ClientHelloServerName.Result(ClientHelloServerName.Status.READ, "", List.of()));
                } else {
                    fillInterested();
                }
            }
        } catch (IOException e) {
            getEndPoint().close();
        }
    }

    /** True once the connection is routed (or closed). */
    private boolean decide() {
        if (!buffer.hasRemaining()) {
            return false;
        }
        if (!postgres && buffer.get(buffer.position()) == 0) {
            int n = Math.min(buffer.remaining(), POSTGRES_SSL_REQUEST.length);
            byte[] start = new byte[n];
            buffer.get(buffer.position(), start);
            if (Arrays.equals(start, Arrays.copyOf(POSTGRES_SSL_REQUEST, n))) {
                if (n < POSTGRES_SSL_REQUEST.length) {
                    return false;
                }
                // Answer "S" (TLS follows) and read the ClientHello after the request.
                postgres = true;
                buffer.position(buffer.position() + POSTGRES_SSL_REQUEST.length);
                getEndPoint().write(Callback.from(this::fillInterested, x -> getEndPoint().close()),
                        ByteBuffer.wrap(new byte[]{'S'}));
                return true; // routed when the ClientHello has come
            }
        }
        int first = buffer.get(buffer.position()) & 0xff;
        if (first == 0x80) {
            return route(new ClientHelloServerName.Result(ClientHelloServerName.Status.READ, "", List.of()));
        }
        ClientHelloServerName.Result hello = ClientHelloServerName.read(buffer);
        return switch (hello.status()) {
            case INCOMPLETE -> false;
            case NOT_TLS -> act(TcpDecision.notTls(routes, client().getAddress(), postgres), null);
            case READ -> route(hello);
        };
    }

    private boolean route(ClientHelloServerName.Result hello) {
        String name = hello.serverName() == null ? "" : hello.serverName().trim().toLowerCase(Locale.ROOT);
        TcpConnectionInfo info = new TcpConnectionInfo(name, hello.alpn(), client().getAddress());
        return act(TcpDecision.clientHello(routes, https, info, postgres), hello);
    }

    /** Carries out the decision (TcpDecision holds Traefik's order; explain shows the same). */
    private boolean act(TcpDecision decision, ClientHelloServerName.Result hello) {
        switch (decision.handler()) {
            case TCP -> {
                if (hello == null) {
                    forward(decision.route(), null);
                } else {
                    String name = hello.serverName() == null ? "" : hello.serverName().trim().toLowerCase(Locale.ROOT);
                    tlsRoute(decision.route(), name, hello);
                }
            }
            case HTTP, HTTPS -> toHttp();
            case CLOSE -> closeQuietly();
        }
        return true;
    }

    private void tlsRoute(TcpRoute route, String serverName, ClientHelloServerName.Result hello) {
        if (route.passthrough()) {
            forward(route, postgres ? POSTGRES_SSL_REQUEST : null);
            return;
        }
        if (factory.tls() == null) {
            closeQuietly();
            return;
        }
        // Terminate TLS with the certificate and options chosen by the server name, then tunnel clear bytes.
        decided = true;
        // The router's own TLS options when it names some (Traefik routes before the handshake), else the server name's.
        SslContextFactory.Server named = route.tls().options() == null ? null
                : factory.tls().contextFactoryForOptions(route.tls().options());
        SslContextFactory.Server context = named != null ? named
                : factory.tls().contextFactoryFor(serverName, hello.alpn(), List.of());
        SSLEngine engine = context.newSSLEngine(client());
        engine.setUseClientMode(false);
        SslConnection ssl = new SslConnection(connector.getByteBufferPool(), getExecutor(), context, getEndPoint(), engine);
        giveBack = buffer.slice();
        cancelServerFirst();
        factory.forwarder().forward(factory.entryPoint(), ssl.getSslEndPoint(), client(),
                getEndPoint().getLocalSocketAddress(), route, null, null, tunnel -> {
                    ssl.getSslEndPoint().setConnection(tunnel);
                    getEndPoint().upgrade(ssl);
                });
    }

    private void forward(TcpRoute route, byte[] preamble) {
        decided = true;
        cancelServerFirst();
        ByteBuffer initial = buffer.hasRemaining() ? BufferUtil.copy(buffer) : null;
        giveBack = null;
        factory.forwarder().forward(factory.entryPoint(), getEndPoint(), client(), getEndPoint().getLocalSocketAddress(),
                route, initial, preamble, tunnel -> getEndPoint().upgrade(tunnel));
    }

    private void toHttp() {
        decided = true;
        cancelServerFirst();
        giveBack = buffer.slice();
        getEndPoint().upgrade(factory.http().newConnection(connector, getEndPoint()));
    }

    private boolean closeQuietly() {
        decided = true;
        cancelServerFirst();
        getEndPoint().close();
        return true;
    }

    private void cancelServerFirst() {
        if (serverFirst != null) {
            serverFirst.cancel();
        }
    }

    private InetSocketAddress client() {
        return (InetSocketAddress) getEndPoint().getRemoteSocketAddress();
    }

    @Override
    public ByteBuffer onUpgradeFrom() {
        ByteBuffer bytes = giveBack;
        giveBack = null;
        if (bytes == null || !bytes.hasRemaining()) {
            return null;
        }
        // The next connection may keep it beyond this one: give it a copy of its own.
        return BufferUtil.copy(bytes);
    }

    @Override
    public void onClose(Throwable cause) {
        cancelServerFirst();
        super.onClose(cause);
    }

    /** The connection of an end point closed before it was routed (refused, or no server). */
    static final class Closed extends AbstractConnection {
        Closed(EndPoint endPoint, Executor executor) {
            super(endPoint, executor);
        }

        @Override
        public void onOpen() {
            super.onOpen();
            getEndPoint().close();
        }

        @Override
        public void onFillable() {
        }
    }
}
