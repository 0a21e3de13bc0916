package io.jetway.server.udp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP entry point as Traefik runs one ({@code pkg/udp}): sessions keyed by client ip:port, each
 * with its own connected socket to the server its router chose, datagrams forwarded both ways,
 * a session closed once idle longer than the timeout. Beyond Traefik, replies leave from the
 * address the client wrote to (see {@link ListenAddresses}) and a target may ask for a PROXY
 * protocol v2 header on each datagram.
 *
 * <p>One thread per entry point, whatever the number of sessions; nothing here depends on Jetty.
 */
public final class UdpEntryPoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UdpEntryPoint.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final String name;
    private final List<ListeningSocket> sockets;
    private final InetSocketAddress localAddress;
    private final UdpStats stats;
    private final UdpSelectorLoop loop;
    private final Thread thread;

    private UdpEntryPoint(String name, List<ListeningSocket> sockets, InetSocketAddress localAddress, UdpStats stats,
                          UdpSelectorLoop loop) {
        this.name = name;
        this.sockets = sockets;
        this.localAddress = localAddress;
        this.stats = stats;
        this.loop = loop;
        this.thread = new Thread(loop, "jetway-udp-" + name);
        thread.setDaemon(true);
    }

    /**
     * Binds and starts serving.
     *
     * @param host        a specific address (one socket), or empty, {@code 0.0.0.0} or {@code ::}
     *                    for every local address (one socket each, on one port)
     * @param port        0 for any free port, then {@link #localAddress()} tells which
     * @param idleTimeout Traefik's {@code udp.timeout} (default 3s), above 0
     * @throws IOException when nothing could be bound
     */
    public static UdpEntryPoint open(String name, String host, int port, Duration idleTimeout, UdpRoutes routes)
            throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(routes, "routes");
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("UDP entry point " + name + ": the timeout must be above 0");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("UDP entry point " + name + ": bad port " + port);
        }
        List<ListeningSocket> sockets = ListenAddresses.bind(name, host, port);
        UdpStats stats = new UdpStats();
        UdpSelectorLoop loop;
        try {
            loop = new UdpSelectorLoop(name, sockets, routes, idleTimeout, stats);
        } catch (IOException | RuntimeException e) {
            ListenAddresses.closeAll(sockets);
            throw e;
        }
        int boundPort = sockets.get(0).local().getPort();
        InetSocketAddress local = ListenAddresses.isWildcard(host)
                ? new InetSocketAddress(wildcard(host), boundPort) : sockets.get(0).local();
        UdpEntryPoint entryPoint = new UdpEntryPoint(name, sockets, local, stats, loop);
        entryPoint.thread.start();
        LOG.info("UDP entry point {} listening on {}", name, entryPoint.boundAddresses());
        return entryPoint;
    }

    private static InetAddress wildcard(String host) throws IOException {
        boolean v6 = host != null && host.contains(":");
        return InetAddress.getByAddress(new byte[v6 ? 16 : 4]);
    }

    public String name() {
        return name;
    }

    /** The address asked for with the real port: the wildcard itself when every address is served. */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Every socket's own address: one, or one per local address for a wildcard host. */
    public List<InetSocketAddress> boundAddresses() {
        return sockets.stream().map(ListeningSocket::local).toList();
    }

    /** Sessions open now. */
    public int sessions() {
        return stats.openSessions();
    }

    public UdpCounters counters() {
        return stats.snapshot();
    }

    /** Stops the thread and closes every socket; returns once they are closed. */
    @Override
    public void close() {
        loop.stop();
        if (Thread.currentThread() == thread) {
            return; // the loop closes everything as it ends
        }
        try {
            thread.join(STOP_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("UDP entry point {}: its thread did not stop within {}", name, STOP_WAIT);
        }
    }
}
