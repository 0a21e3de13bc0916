package io.jetway.server.entry;

import io.jetway.config.RespondingTimeoutsConfig;
import io.jetway.net.ShortReadEndPoint;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

import java.time.Duration;
import java.util.stream.LongStream;

/**
 * An entry point's respondingTimeouts as its connections apply them, in nanoseconds (0: none): the
 * request head (readHeaderTimeout, or readTimeout when shorter), the whole request (readTimeout)
 * and the response (writeTimeout). HTTP/1.1 requests get all three ({@link TimedHttpConnection});
 * a new connection gets the head's from its accept, which also bounds a TLS handshake. HTTP/2
 * connections drop it once they open and rely on the idle timeout.
 */
public record ClientDeadlines(long headNanos, long readNanos, long writeNanos) {

    static final String HEAD = "request head";
    static final String REQUEST = "request";
    static final String RESPONSE = "response";

    public static ClientDeadlines of(RespondingTimeoutsConfig timeouts) {
        return new ClientDeadlines(timeouts.headTimeout().toNanos(), timeouts.readTimeout().toNanos(),
                timeouts.writeTimeout().toNanos());
    }

    public boolean any() {
        return headNanos > 0 || readNanos > 0 || writeNanos > 0;
    }

    /** The shortest deadline a connection may get: how often its deadline must be checked. */
    Duration shortest() {
        return Duration.ofNanos(LongStream.of(headNanos, readNanos, writeNanos).filter(n -> n > 0).min().orElse(0));
    }

    /** The TCP end point under any TLS layers; null when it is not one that takes deadlines. */
    static ShortReadEndPoint networkEndPoint(EndPoint endPoint) {
        EndPoint e = endPoint;
        while (e instanceof EndPoint.Wrapper wrapper) {
            e = wrapper.unwrap();
        }
        return e instanceof ShortReadEndPoint network ? network : null;
    }

    /** Drops the connection's deadline when it turns out to speak HTTP/2 (h2 by ALPN, or h2c). */
    static final class Http2Release implements Connection.Listener {
        @Override
        public void onOpened(Connection connection) {
            if (connection instanceof HTTP2Connection) {
                ShortReadEndPoint network = networkEndPoint(connection.getEndPoint());
                if (network != null) {
                    network.clearDeadline();
                }
            }
        }

        @Override
        public void onClosed(Connection connection) {
            // nothing to release
        }
    }
}
