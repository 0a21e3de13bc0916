package io.jetway.server.proxy;

import org.eclipse.jetty.client.AbstractConnectionPool;
import org.eclipse.jetty.client.ConnectionPool;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.MultiplexConnectionPool;
import org.eclipse.jetty.client.Origin;

import java.util.List;

/**
 * The pool of a backend destination that speaks only HTTP/1.1: one request per connection, idle
 * connections on a stack ({@link IdleStackPool}), at most maxIdleConnsPerHost of them. Destinations that may speak HTTP/2 (h2c, or TLS
 * with h2 offered in ALPN) keep Jetty's multiplexing pool.
 */
final class Http11ConnectionPool extends AbstractConnectionPool {

    private static final List<String> HTTP_1_1_ONLY = List.of("http/1.1");

    private Http11ConnectionPool(Destination destination, int maxConnections, int maxIdle) {
        super(destination, () -> new IdleStackPool<>(maxConnections, maxIdle), 1);
    }

    /** The pool for a destination, as Jetty's dynamic transport's factory but HTTP/1.1 on a stack. */
    static ConnectionPool forDestination(Destination destination) {
        int max = destination.getHttpClient().getMaxConnectionsPerDestination();
        Origin.Protocol protocol = destination.getOrigin().getProtocol();
        if (protocol != null && !protocol.isNegotiate() && HTTP_1_1_ONLY.equals(protocol.getProtocols())) {
            return new Http11ConnectionPool(destination, max, BackendHttpClient.maxIdlePerServer(destination.getHttpClient()));
        }
        return new MultiplexConnectionPool(destination, max, 1);
    }
}
