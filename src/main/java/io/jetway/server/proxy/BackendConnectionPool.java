package io.jetway.server.proxy;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Transport;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Scheduler;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The kept-alive connections to one backend address that {@link DirectForwarder} uses. The most
 * recently used idle connection goes first (its buffers and the backend's are warm); a new one is
 * opened when none is idle, as Go's transport does (no limit on connections, a limit on idle ones:
 * Traefik's maxIdleConnsPerHost).
 */
final class BackendConnectionPool {

    private final InetSocketAddress address;
    private final ClientConnector connector;
    private final Executor executor;
    private final ByteBufferPool buffers;
    private final Scheduler scheduler;
    private final int maxIdle;
    private final ConcurrentLinkedDeque<DirectBackendConnection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile boolean used;

    BackendConnectionPool(InetSocketAddress address, ClientConnector connector, Executor executor, ByteBufferPool buffers,
                          Scheduler scheduler, int maxIdle) {
        this.address = address;
        this.connector = connector;
        this.executor = executor;
        this.buffers = buffers;
        this.scheduler = scheduler;
        this.maxIdle = maxIdle;
    }

    /** Sends the exchange on an idle connection, or on a new one. */
    void send(DirectExchange exchange) {
        if (!used) {
            used = true;
        }
        DirectBackendConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            if (connection.claim()) {
                connection.send(exchange, true);
                return;
            }
        }
        sendOnNewConnection(exchange);
    }

    /** Sends the exchange on a connection opened for it (a retry after a reused connection turned out closed). */
    void sendOnNewConnection(DirectExchange exchange) {
        Map<String, Object> context = new HashMap<>();
        context.put(Transport.class.getName(), Transport.TCP_IP);
        context.put(ClientConnector.CLIENT_CONNECTION_FACTORY_CONTEXT_KEY, (ClientConnectionFactory) (endPoint, ctx) ->
                new DirectBackendConnection(endPoint, executor, this, buffers, scheduler));
        // The connector completes this once the connection is open, or fails it.
        context.put(ClientConnector.CONNECTION_PROMISE_CONTEXT_KEY, new Promise<DirectBackendConnection>() {
            @Override
            public void succeeded(DirectBackendConnection connection) {
                connection.send(exchange, false);
            }

            @Override
            public void failed(Throwable failure) {
                exchange.connectFailed(failure);
            }
        });
        connector.connect(address, context);
    }

    /** An idle connection back for the next exchange; closed instead when enough are idle. */
    void release(DirectBackendConnection connection) {
        if (idleCount.incrementAndGet() > maxIdle) {
            idleCount.decrementAndGet();
            connection.close();
            return;
        }
        idle.offerFirst(connection);
    }

    /** A connection that closed: no longer offered. */
    void remove(DirectBackendConnection connection) {
        if (idle.remove(connection)) {
            idleCount.decrementAndGet();
        }
    }

    /** Closes the idle connections (the forwarder stops). */
    void close() {
        DirectBackendConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            connection.close();
        }
    }

    /** True when nothing was sent through this pool since the last call and no connection is idle in it; resets the mark. */
    boolean unusedSinceLastSweep() {
        boolean unused = !used && idleCount.get() == 0;
        used = false;
        return unused;
    }

    int idleConnections() {
        return idleCount.get();
    }
}
