package io.jetway.server.tcp;

import org.eclipse.jetty.io.EndPoint;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A client connection joined to a backend connection. When one side ends its input, the other
 * side's output is shut down (the FIN goes on) and, as Traefik does, the other side gets
 * {@code terminationDelay} to finish: then both close. A negative delay waits for ever; when
 * both inputs have ended, both close at once. Any failure closes both.
 */
final class Tunnel {

    private final Duration terminationDelay;
    private final Runnable onEnd;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile TunnelConnection client;
    private volatile TunnelConnection server;
    private volatile boolean clientInputEnded;
    private volatile boolean serverInputEnded;
    private volatile boolean clientClosed;
    private volatile boolean serverClosed;
    private volatile ByteBuffer prelude;

    /** @param onEnd runs once, when both sides are closed (releases middleware admissions, counters) */
    Tunnel(Duration terminationDelay, Runnable onEnd) {
        this.terminationDelay = terminationDelay;
        this.onEnd = onEnd;
    }

    /** The client's bytes read before the tunnel (by a PROXY header reader); sent first. */
    void prelude(ByteBuffer bytes) {
        prelude = bytes;
    }

    ByteBuffer prelude() {
        return prelude;
    }

    void client(TunnelConnection connection) {
        client = connection;
    }

    void server(TunnelConnection connection) {
        server = connection;
    }

    /** The backend connection exists (its dial completed). */
    boolean dialed() {
        return server != null;
    }

    /** Both sides exist: copy both ways. */
    void start() {
        client.start();
        server.start();
    }

    TunnelConnection clientConnection() {
        return client;
    }

    TunnelConnection peerOf(TunnelConnection side) {
        return side == client ? server : client;
    }

    void inputEnded(TunnelConnection side) {
        TunnelConnection peer = peerOf(side);
        if (side == client) {
            clientInputEnded = true;
        } else {
            serverInputEnded = true;
        }
        if (clientInputEnded && serverInputEnded) {
            closeBoth();
            return;
        }
        EndPoint peerEnd = peer.getEndPoint();
        peerEnd.shutdownOutput();
        if (terminationDelay.isZero()) {
            closeBoth(); // Traefik: the peer's read deadline becomes "now"
            return;
        }
        if (!terminationDelay.isNegative()) {
            // The peer may still send for terminationDelay; then its idle timeout closes both.
            peerEnd.setIdleTimeout(Math.max(1, terminationDelay.toMillis()));
        }
        // This side's output is still open: the peer's remaining bytes keep flowing to it.
    }

    void fail(Throwable cause) {
        closeBoth();
    }

    boolean clientClosed() {
        return clientClosed;
    }

    void closed(TunnelConnection side) {
        if (side == client) {
            clientClosed = true;
        } else {
            serverClosed = true;
        }
        TunnelConnection peer = peerOf(side);
        if (peer != null && !(side == client ? serverClosed : clientClosed)) {
            peer.getEndPoint().close();
        }
        // A dial still under way when the client leaves finds the client closed and closes its side.
        if (clientClosed && (server == null || serverClosed) && ended.compareAndSet(false, true)) {
            onEnd.run();
        }
    }

    private void closeBoth() {
        TunnelConnection c = client;
        TunnelConnection s = server;
        if (c != null) {
            c.getEndPoint().close();
        }
        if (s != null) {
            s.getEndPoint().close();
        }
    }
}
