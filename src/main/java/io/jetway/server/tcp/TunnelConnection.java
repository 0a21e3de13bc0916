package io.jetway.server.tcp;

import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.IteratingCallback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * One side of a TCP tunnel: what it reads is written to the other side, one buffer at a time (the
 * next read waits for the write, so a slow reader slows its writer instead of filling memory).
 * The copy loop follows bench/tcp's profile (docs/performance.md, "TCP proxy"): it reads again
 * after each completed write and stays on the selector thread, instead of a selector round trip
 * and a thread hand-off per buffer.
 */
final class TunnelConnection extends AbstractConnection implements Connection.UpgradeTo {

    private static final int BUFFER_SIZE = 16 * 1024;

    private final ByteBufferPool pool;
    private final Tunnel tunnel;
    private final Runnable whenOpen;
    private final Copier copier = new Copier();

    /** @param whenOpen runs when the end point opens this connection (the backend side starts the tunnel) */
    TunnelConnection(EndPoint endPoint, Executor executor, ByteBufferPool pool, Tunnel tunnel, Runnable whenOpen) {
        super(endPoint, executor);
        this.pool = pool;
        this.tunnel = tunnel;
        this.whenOpen = whenOpen;
    }

    /**
     * Bytes the end point's previous connection read past its own part (after a PROXY header):
     * the client's first bytes, sent to the backend before the tunnel starts.
     */
    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
        if (buffer != null && buffer.hasRemaining()) {
            tunnel.prelude(BufferUtil.copy(buffer));
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        if (whenOpen != null) {
            whenOpen.run();
        }
    }

    private boolean started;
    /** The connection before this one on the end point saw input while this one was not started yet. */
    private boolean readableBeforeStart;

    /** Starts copying; called by the tunnel once both sides exist. */
    void start() {
        boolean readNow;
        synchronized (this) {
            started = true;
            readNow = readableBeforeStart;
        }
        if (readNow || !getEndPoint().isFillInterested()) {
            // Read at once rather than wait for the selector: a client's first bytes are usually there already.
            copier.iterate();
        }
    }

    /**
     * The end point's previous connection still had its read interest when it handed over (a
     * client silent until tcp.serverFirstAfter): when that interest fires, the read is this one's.
     */
    void readableWhileHandingOver() {
        synchronized (this) {
            if (!started) {
                readableBeforeStart = true;
                return;
            }
        }
        onFillable();
    }

    @Override
    public void onFillable() {
        copier.iterate();
    }

    /**
     * The copy runs where the read is noticed (the selector thread): it only reads, hands the
     * bytes to the other side's asynchronous write and, when that completes, reads again at once;
     * read interest is asked only when a read finds nothing. No step blocks.
     */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    /** Read, write to the peer, repeat; IDLE until the next read interest fires. */
    private final class Copier extends IteratingCallback {
        private RetainableByteBuffer writing;

        @Override
        protected Action process() throws Throwable {
            release();
            RetainableByteBuffer buffer = pool.acquire(BUFFER_SIZE, true);
            int filled;
            try {
                filled = getEndPoint().fill(buffer.getByteBuffer());
            } catch (IOException e) {
                buffer.release();
                throw e;
            }
            if (filled > 0) {
                writing = buffer;
                tunnel.peerOf(TunnelConnection.this).getEndPoint().write(this, buffer.getByteBuffer());
                return Action.SCHEDULED;
            }
            buffer.release();
            if (filled == 0) {
                fillInterested();
                return Action.IDLE;
            }
            tunnel.inputEnded(TunnelConnection.this);
            return Action.SUCCEEDED;
        }

        private void release() {
            if (writing != null) {
                writing.release();
                writing = null;
            }
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            release();
            tunnel.fail(cause);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING;
        }
    }

    @Override
    protected void onFillInterestedFailed(Throwable cause) {
        tunnel.fail(cause);
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        // Only set after the other side ended (terminationDelay), or on a backend that never answers a dial.
        tunnel.fail(timeout);
        return true;
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        tunnel.closed(this);
    }
}
