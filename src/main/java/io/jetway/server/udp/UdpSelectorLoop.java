package io.jetway.server.udp;

import io.jetway.net.ProxyProtocolHeader;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread of a UDP entry point: it reads the entry point sockets and every session's
 * backend socket through one selector, forwards each datagram as it comes (no queues: a datagram
 * that does not fit a socket buffer is dropped, as the network would), and closes idle sessions.
 * One thread means one receive buffer for everything and no locks on the sessions.
 */
final class UdpSelectorLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpSelectorLoop.class);
    /** The largest datagram Traefik reads ({@code maxDatagramSize} in pkg/udp/conn.go). */
    static final int MAX_DATAGRAM = 65_535;
    /** Room before a client's datagram for the PROXY header, so that it is sent without a copy. */
    private static final int HEADROOM = ProxyProtocolHeader.V2_MAX_LENGTH;
    /** Datagrams taken from one socket per wake-up, so that one busy client cannot starve the rest. */
    private static final int BATCH = 64;

    private final String name;
    private final Selector selector;
    private final List<ListeningSocket> sockets;
    private final UdpRoutes routes;
    private final long idleNanos;
    private final long sweepNanos;
    private final UdpStats stats;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(HEADROOM + MAX_DATAGRAM);
    private volatile boolean stopping;

    UdpSelectorLoop(String name, List<ListeningSocket> sockets, UdpRoutes routes, Duration idleTimeout, UdpStats stats)
            throws IOException {
        this.name = name;
        this.sockets = sockets;
        this.routes = routes;
        this.idleNanos = idleTimeout.toNanos();
        // Traefik checks each session every timeout/10.
        this.sweepNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1), idleNanos / 10);
        this.stats = stats;
        this.selector = Selector.open();
        try {
            for (ListeningSocket socket : sockets) {
                socket.channel().register(selector, SelectionKey.OP_READ, socket);
            }
        } catch (IOException | RuntimeException e) {
            selector.close();
            throw e;
        }
    }

    void stop() {
        stopping = true;
        selector.wakeup();
    }

    @Override
    public void run() {
        long nextSweep = System.nanoTime() + sweepNanos;
        try {
            while (!stopping) {
                long wait = TimeUnit.NANOSECONDS.toMillis(nextSweep - System.nanoTime());
                selector.select(this::ready, Math.max(1, wait));
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    closeIdle(now);
                    nextSweep = now + sweepNanos;
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.error("UDP entry point {} stopped serving", name, e);
        } finally {
            shutdown();
        }
    }

    private void ready(SelectionKey key) {
        if (!key.isValid()) {
            return; // its session was closed earlier in this round
        }
        try {
            if (key.attachment() instanceof ListeningSocket socket) {
                fromClients(socket);
            } else if (key.attachment() instanceof UdpSession session) {
                fromServer(session);
            }
        } catch (RuntimeException e) {
            // A bug met by one datagram must not stop the entry point: end that session only.
            LOG.error("UDP entry point {}: unexpected failure", name, e);
            if (key.attachment() instanceof UdpSession session) {
                close(session, "failure");
            }
        }
    }

    private void fromClients(ListeningSocket socket) {
        for (int i = 0; i < BATCH; i++) {
            buffer.clear().position(HEADROOM);
            SocketAddress sender;
            try {
                sender = socket.channel().receive(buffer);
            } catch (IOException e) {
                LOG.debug("UDP entry point {}: receive on {} failed", name, socket.local(), e);
                return;
            }
            if (sender == null) {
                return;
            }
            buffer.limit(buffer.position()).position(HEADROOM);
            toServer(socket, (InetSocketAddress) sender);
        }
    }

    private void toServer(ListeningSocket socket, InetSocketAddress client) {
        long now = System.nanoTime();
        UdpSession session = socket.sessions().get(client);
        if (session == null) {
            session = open(socket, client, now);
            if (session == null) {
                return;
            }
        }
        session.touch(now);
        ByteBuffer datagram = session.frame(buffer);
        if (!datagram.hasRemaining()) {
            // A connected channel cannot send an empty datagram, and Traefik's copy loop skips
            // them too; it still counts as activity, as there.
            stats.dropped();
            return;
        }
        try {
            if (session.backend().write(datagram) == 0) {
                stats.dropped(); // the socket buffer is full
            }
        } catch (PortUnreachableException e) {
            close(session, "server unreachable");
        } catch (IOException e) {
            stats.dropped();
            LOG.debug("UDP entry point {}: datagram for {} dropped: {}", name, session, e.toString());
        }
    }

    private UdpSession open(ListeningSocket socket, InetSocketAddress client, long now) {
        UdpTarget target;
        try {
            target = routes.route(client);
        } catch (RuntimeException e) {
            LOG.error("UDP entry point {}: routing {} failed", name, client, e);
            target = null;
        }
        if (target == null) {
            stats.noRoute();
            LOG.debug("UDP entry point {}: no router for {}, datagram dropped", name, client);
            return null;
        }
        DatagramChannel backend = null;
        try {
            InetSocketAddress server = target.server();
            if (server.isUnresolved()) {
                throw new IOException("unresolved address");
            }
            backend = DatagramChannel.open(server.getAddress() instanceof Inet6Address
                    ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            backend.configureBlocking(false);
            backend.connect(server); // UDP: no packet is sent, the kernel only fixes the peer
            byte[] header = target.proxyProtocolV2()
                    ? ProxyProtocolHeader.v2(client, socket.local(), ProxyProtocolHeader.Transport.DGRAM) : null;
            UdpSession session = new UdpSession(socket, client, target, backend, header, now);
            backend.register(selector, SelectionKey.OP_READ, session);
            socket.sessions().put(client, session);
            stats.sessionOpened();
            LOG.debug("UDP entry point {}: session {} opened", name, session);
            return session;
        } catch (IOException | RuntimeException e) {
            closeQuietly(backend);
            stats.dropped();
            LOG.warn("UDP entry point {}: no socket to {} for {} (router {}): {}", name, target.server(), client,
                    target.router(), e.toString());
            return null;
        }
    }

    private void fromServer(UdpSession session) {
        for (int i = 0; i < BATCH; i++) {
            buffer.clear().limit(MAX_DATAGRAM);
            try {
                if (session.backend().receive(buffer) == null) {
                    return;
                }
            } catch (PortUnreachableException e) {
                // The ICMP answer to an earlier datagram: nothing listens there.
                close(session, "server unreachable");
                return;
            } catch (IOException e) {
                close(session, e.toString());
                return;
            }
            buffer.flip();
            int length = buffer.remaining(); // an empty reply can go: this socket is not connected
            try {
                if (session.arrival().channel().send(buffer, session.client()) < length) {
                    stats.dropped(); // the socket buffer is full
                } else {
                    session.touch(System.nanoTime());
                }
            } catch (IOException e) {
                stats.dropped();
                LOG.debug("UDP entry point {}: reply for {} dropped: {}", name, session, e.toString());
            }
        }
    }

    private void closeIdle(long now) {
        for (ListeningSocket socket : sockets) {
            List<UdpSession> idle = new ArrayList<>();
            for (UdpSession session : socket.sessions().values()) {
                if (session.idle(now, idleNanos)) {
                    idle.add(session);
                }
            }
            idle.forEach(session -> close(session, "idle"));
        }
    }

    private void close(UdpSession session, String reason) {
        if (session.arrival().sessions().remove(session.client(), session)) {
            closeQuietly(session.backend());
            stats.sessionClosed();
            if (reason.equals("idle")) {
                LOG.debug("UDP entry point {}: session {} closed: idle", name, session);
            } else {
                LOG.warn("UDP entry point {}: session {} closed: {}", name, session, reason);
            }
        }
    }

    private void shutdown() {
        for (ListeningSocket socket : sockets) {
            for (UdpSession session : socket.sessions().values()) {
                closeQuietly(session.backend());
                stats.sessionClosed();
            }
            socket.sessions().clear();
            closeQuietly(socket.channel());
        }
        try {
            selector.close();
        } catch (IOException e) {
            LOG.debug("UDP entry point {}: closing the selector", name, e);
        }
    }

    private static void closeQuietly(DatagramChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.debug("closing {}", channel, e);
            }
        }
    }
}
