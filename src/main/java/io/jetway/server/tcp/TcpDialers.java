package io.jetway.server.tcp;

import io.jetway.dynamic.ServersTransport;
import io.jetway.dynamic.TcpServersTransport;
import io.jetway.server.proxy.BackendTls;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Scheduler;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Backend connectors for TCP services, one per dial setting (dialTimeout, dialKeepAlive) and one
 * TLS client context per transport TLS block, made on first use and kept until stop.
 */
final class TcpDialers extends ContainerLifeCycle {

    private record DialSettings(Duration timeout, Duration keepAlive) {
    }

    private final Executor executor;
    private final Scheduler scheduler;
    private final ByteBufferPool pool;
    private final Map<DialSettings, ClientConnector> connectors = new ConcurrentHashMap<>();
    private final Map<TcpServersTransport.Tls, SslContextFactory.Client> tlsContexts = new ConcurrentHashMap<>();
    private volatile SslContextFactory.Client defaultTls;

    TcpDialers(Executor executor, Scheduler scheduler, ByteBufferPool pool) {
        this.executor = executor;
        this.scheduler = scheduler;
        this.pool = pool;
    }

    ClientConnector connector(TcpServersTransport transport) {
        DialSettings settings = new DialSettings(transport.dialTimeout(), transport.dialKeepAlive());
        return connectors.computeIfAbsent(settings, this::start);
    }

    private ClientConnector start(DialSettings settings) {
        ClientConnector connector = new KeepAliveClientConnector(settings.keepAlive());
        connector.setExecutor(executor);
        connector.setScheduler(scheduler);
        connector.setByteBufferPool(pool);
        connector.setSelectors(1);
        // Zero is Traefik's "no timeout"; Jetty's connect timeout must be positive, so a day stands in.
        connector.setConnectTimeout(settings.timeout().isZero() ? Duration.ofDays(1) : settings.timeout());
        connector.setIdleTimeout(Duration.ZERO); // a tunnel has no idle timeout, as in Traefik
        try {
            addManaged(connector);
            if (!connector.isStarted()) {
                connector.start();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start a TCP backend connector: " + e.getMessage(), e);
        }
        return connector;
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

    /** Sets SO_KEEPALIVE (and the idle time where the platform allows) as dialKeepAlive says. */
    private static final class KeepAliveClientConnector extends ClientConnector {
        private final Duration keepAlive;

        KeepAliveClientConnector(Duration keepAlive) {
            this.keepAlive = keepAlive;
        }

        @Override
        protected void configure(SelectableChannel selectable) throws IOException {
            super.configure(selectable);
            if (selectable instanceof SocketChannel channel && !keepAlive.isNegative()) {
                channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                Duration idle = keepAlive.isZero() ? Duration.ofSeconds(15) : keepAlive;
                if (channel.supportedOptions().contains(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE)) {
                    channel.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, (int) Math.max(1, idle.toSeconds()));
                }
            }
        }
    }
}
