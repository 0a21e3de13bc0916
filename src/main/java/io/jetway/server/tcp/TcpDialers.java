package io.jetway.server.tcp;

import io.jetway.dynamic.ServersTransport;
import io.jetway.dynamic.TcpServersTransport;
import io.jetway.net.SelectorTasks;
import io.jetway.server.proxy.BackendTls;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Scheduler;

import jdk.net.ExtendedSocketOptions;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * What TCP services dial backends with: one {@link ClientConnector} (one selector thread, whatever
 * the number of transports), each connection's own dial timeout and keep-alive applied per
 * connection ({@link #keepAlive}, {@link TcpForwarder}'s timer), and one TLS client context per
 * transport TLS block, made on first use.
 */
final class TcpDialers extends ContainerLifeCycle {

    /** Past any dialTimeout a transport sets: the connector's own limit only ends dials nobody waits for. */
    private static final Duration CONNECTOR_LIMIT = Duration.ofMinutes(5);

    private final ClientConnector connector = new ClientConnector() {
        @Override
        protected SelectorManager newSelectorManager() {
            return new ClientSelectorManager(getExecutor(), getScheduler(), getSelectors()) {
                @Override
                protected void execute(Runnable task) {
                    if (SelectorTasks.runsInline(task)) {
                        task.run();
                    } else {
                        super.execute(task);
                    }
                }
            };
        }
    };
    private final Map<TcpServersTransport.Tls, SslContextFactory.Client> tlsContexts = new ConcurrentHashMap<>();
    private volatile SslContextFactory.Client defaultTls;

    TcpDialers(Executor executor, Scheduler scheduler, ByteBufferPool pool) {
        connector.setExecutor(executor);
        connector.setScheduler(scheduler);
        connector.setByteBufferPool(pool);
        connector.setSelectors(1);
        connector.setConnectTimeout(CONNECTOR_LIMIT);
        connector.setIdleTimeout(Duration.ZERO); // a tunnel has no idle timeout, as in Traefik
        addManaged(connector);
    }

    ClientConnector connector() {
        return connector;
    }

    /** dialKeepAlive on a connected backend socket: negative turns keep-alive off, zero is Traefik's 15 s. */
    static void keepAlive(EndPoint endPoint, Duration keepAlive) {
        if (keepAlive.isNegative() || !(endPoint.getTransport() instanceof SocketChannel channel)) {
            return;
        }
        try {
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            Duration idle = keepAlive.isZero() ? TcpServersTransport.DEFAULT_DIAL_KEEP_ALIVE : keepAlive;
            if (channel.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
                channel.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, (int) Math.max(1, idle.toSeconds()));
            }
        } catch (IOException e) {
            // a socket that closes meanwhile: the tunnel notices on its own
        }
    }

    /** The TLS client context for a transport's tls block (null block: verify with the JVM's trust store). */
    SslContextFactory.Client tls(TcpServersTransport.Tls tls) {
        if (tls == null) {
            SslContextFactory.Client d = defaultTls;
            if (d == null) {
                d = started(BackendTls.defaults());
                defaultTls = d;
            }
            return d;
        }
        return tlsContexts.computeIfAbsent(tls, t -> started(BackendTls.of(new ServersTransport("tcp", t.serverName() == null
                ? "" : t.serverName(), t.insecureSkipVerify(), t.rootCAs(), t.certificates(),
                ServersTransport.DEFAULT_MAX_IDLE_CONNS_PER_HOST, false, t.peerCertURI() == null ? "" : t.peerCertURI(),
                ServersTransport.ForwardingTimeouts.DEFAULTS, null))));
    }

    private static SslContextFactory.Client started(SslContextFactory.Client factory) {
        try {
            factory.start();
            return factory;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a TLS client context: " + e.getMessage(), e);
        }
    }
}
