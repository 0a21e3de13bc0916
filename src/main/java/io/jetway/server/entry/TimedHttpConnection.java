package io.jetway.server.entry;

import io.jetway.net.ShortReadEndPoint;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.NanoTime;

/**
 * Jetty's HTTP/1.1 server connection with Go's http.Server deadlines (Traefik's respondingTimeouts):
 * the head must arrive within the head timeout of its first byte (of the accept, for a connection's
 * first request), the whole request within readTimeout, and the response must be written within
 * writeTimeout of the head's end. Between requests only the idle timeout applies. The deadline sits
 * on the TCP end point, which closes the connection when it passes ({@link ShortReadEndPoint}); this
 * class only moves it at the request's milestones, without allocating.
 */
final class TimedHttpConnection extends HttpConnection {

    private final ShortReadEndPoint network;
    private final ClientDeadlines deadlines;
    private final Object lock = new Object();
    // Guarded by lock: the parser's thread and the thread completing the response both move them.
    /** A request is under way: its first byte came (the connection's first: it was accepted). */
    private boolean inRequest = true;
    private long requestStart = NanoTime.now();
    private long readDue;
    private long writeDue;
    private boolean reading;
    private boolean writing;

    TimedHttpConnection(HttpConfiguration configuration, Connector connector, EndPoint endPoint,
                        ShortReadEndPoint network, ClientDeadlines deadlines) {
        super(configuration, connector, endPoint);
        this.network = network;
        this.deadlines = deadlines;
    }

    @Override
    protected RequestHandler newRequestHandler() {
        return new TimedRequestHandler();
    }

    @Override
    protected HttpStreamOverHTTP1 newHttpStream(String method, String uri, HttpVersion version) {
        return new TimedStream(method, uri, version);
    }

    @Override
    public void onClose(Throwable cause) {
        // Also on an upgrade (h2c, WebSocket): the new protocol is not bound by this request's deadline.
        responseDone();
        super.onClose(cause);
    }

    /** The parser is about to read a request: its first bytes start the head's clock. */
    private void requestBegins() {
        if (isRequestBufferEmpty()) {
            return; // asked before any byte came: still idle
        }
        synchronized (lock) {
            if (inRequest) {
                return;
            }
            inRequest = true;
            requestStart = NanoTime.now();
            if (deadlines.headNanos() > 0) {
                network.deadline(requestStart + deadlines.headNanos(), ClientDeadlines.HEAD);
            }
        }
    }

    private void headComplete() {
        synchronized (lock) {
            reading = deadlines.readNanos() > 0;
            readDue = requestStart + deadlines.readNanos();
            writing = deadlines.writeNanos() > 0;
            writeDue = NanoTime.now() + deadlines.writeNanos();
            apply();
        }
    }

    private void requestComplete() {
        synchronized (lock) {
            reading = false;
            apply();
        }
    }

    private void responseDone() {
        synchronized (lock) {
            inRequest = false;
            reading = false;
            writing = false;
            apply();
        }
    }

    /** Puts the earlier of the pending deadlines on the end point, or none. */
    private void apply() {
        if (reading && (!writing || NanoTime.isBeforeOrSame(readDue, writeDue))) {
            network.deadline(readDue, ClientDeadlines.REQUEST);
        } else if (writing) {
            network.deadline(writeDue, ClientDeadlines.RESPONSE);
        } else {
            network.clearDeadline();
        }
    }

    private final class TimedRequestHandler extends RequestHandler {
        @Override
        public void messageBegin() {
            requestBegins();
            super.messageBegin();
        }

        @Override
        public boolean headerComplete() {
            // Before Jetty's own handling, which may already upgrade the connection (h2c).
            headComplete();
            return super.headerComplete();
        }

        @Override
        public boolean messageComplete() {
            requestComplete();
            return super.messageComplete();
        }
    }

    private final class TimedStream extends HttpStreamOverHTTP1 {
        TimedStream(String method, String uri, HttpVersion version) {
            super(method, uri, version);
        }

        @Override
        public void succeeded() {
            responseDone();
            super.succeeded();
        }

        @Override
        public void failed(Throwable x) {
            responseDone();
            super.failed(x);
        }
    }
}
