package io.jetway.server.proxy;

import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;
import org.eclipse.jetty.util.thread.Scheduler;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One kept-alive HTTP/1.1 connection to a backend, carrying one {@link DirectExchange} at a time:
 * writes its request head, parses the response with Jetty's own parser and hands status, headers
 * and body to the exchange as they arrive, reading on only once the client took the last piece.
 * Between exchanges it waits in its {@link BackendConnectionPool}, still reading, so that a
 * backend closing an idle connection removes it at once.
 *
 * <p>Threads: the backend's bytes are read on the selector thread (nothing here blocks, writes to
 * the client are asynchronous); a client write's completion continues on whichever thread
 * completes it. At any time exactly one of them owns the parsing: the read interest is
 * registered only while no client write is pending.
 */
final class DirectBackendConnection extends AbstractConnection implements HttpParser.ResponseHandler {

    /** Most response heads fit; the parser copies across buffers when one does not. */
    private static final int INPUT_BYTES = 16 * 1024;
    /** Jetty's servlet output buffer: what the servlet proxy holds before its first write. */
    private static final int HOLD_BYTES = 32 * 1024;
    /** As Jetty's client: a response head larger than this is a failed exchange (502). */
    static final int MAX_RESPONSE_HEAD_BYTES = 64 * 1024;

    private enum State { IDLE, ACTIVE, CLOSED }

    private final BackendConnectionPool pool;
    private final ByteBufferPool buffers;
    private final Scheduler scheduler;
    private final HttpParser parser;

    /** Guarded by this. A new connection is opened for an exchange. */
    private State state = State.ACTIVE;
    /** The current exchange's reader; replaced per exchange so a late event of one cannot touch the next. */
    private volatile ResponseReader reader;

    DirectBackendConnection(EndPoint endPoint, Executor executor, BackendConnectionPool pool, ByteBufferPool buffers,
                            Scheduler scheduler) {
        super(endPoint, executor);
        this.pool = pool;
        this.buffers = buffers;
        this.scheduler = scheduler;
        this.parser = new HttpParser(this, MAX_RESPONSE_HEAD_BYTES);
    }

    /** Responses are read on the selector thread: nothing on this path blocks. */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    /** Takes an idle connection for an exchange; false when it closed meanwhile. */
    synchronized boolean claim() {
        if (state != State.IDLE || !getEndPoint().isOpen()) {
            return false;
        }
        state = State.ACTIVE;
        return true;
    }

    /**
     * Sends the exchange's request. The read interest is registered already for an idle
     * connection (it watched for the backend closing it), and registered here for a new one.
     */
    void send(DirectExchange exchange, boolean wasIdle) {
        parser.reset();
        parser.setHeadResponse(exchange.isHead());
        ResponseReader next = new ResponseReader(exchange, wasIdle);
        reader = next;
        long timeout = exchange.responseHeaderTimeoutMillis();
        if (timeout > 0) {
            next.headerTimeout = scheduler.schedule(
                    () -> next.abort(new TimeoutException("no response header within " + timeout + " ms")),
                    timeout, TimeUnit.MILLISECONDS);
        }
        exchange.started(wasIdle);
        RetainableByteBuffer head = exchange.head();
        getEndPoint().write(Callback.from(() -> {
            head.release();
            next.requestWritten = true;
        }, failed -> {
            head.release();
            next.abort(failed);
        }), head.getByteBuffer());
        if (!wasIdle) {
            fillInterested();
        }
    }

    @Override
    public void onFillable() {
        synchronized (this) {
            if (state == State.IDLE) {
                watchIdle();
                return;
            }
            if (state == State.CLOSED) {
                return;
            }
        }
        ResponseReader current = reader;
        if (current != null) {
            current.iterate();
        }
    }

    /** An idle connection that becomes readable was closed by its backend (or sent what nobody asked for). */
    private void watchIdle() {
        ByteBuffer probe = BufferUtil.allocate(1);
        try {
            if (getEndPoint().fill(probe) == 0) {
                fillInterested();
                return;
            }
        } catch (IOException e) {
            // closed below
        }
        state = State.CLOSED;
        pool.remove(this);
        getEndPoint().close();
    }

    /**
     * Reads one response: parses what arrived, hands it to the exchange, and reads on only once the
     * client took it. Jetty's iterating callback keeps this on one thread at a time and loops
     * instead of recursing when a write completes at once.
     *
     * <p>Until the first write, body pieces that arrive in several reads are held (copied, up to
     * {@link #HOLD_BYTES}) the way the servlet proxy's output buffer holds them: a whole small
     * body goes out with its length in one write, a body the backend cuts short early is still a
     * clean 502, and a streamed body is released after the route's flush interval (at once for
     * Server-Sent Events or a negative interval).
     */
    private final class ResponseReader extends IteratingCallback {
        private final DirectExchange exchange;
        private final boolean reused;
        private final HttpFields.Mutable fields = HttpFields.build();
        private final ArrayDeque<ByteBuffer> outgoing = new ArrayDeque<>(2);
        private volatile boolean requestWritten;
        private volatile Scheduler.Task headerTimeout;
        private volatile Scheduler.Task flushTimer;
        private volatile boolean flushDue;
        private RetainableByteBuffer input;
        private int status;
        private boolean informational;
        private boolean headersSeen;
        /** ZERO: never hold; null: hold until full or complete; else hold at most this long. */
        private Duration holdFor = Duration.ZERO;
        /** Body pieces copied before the first write. */
        private RetainableByteBuffer held;
        /** A held buffer being written: released when that write completed. */
        private RetainableByteBuffer heldWritten;
        private boolean committed;
        /** Content parsed but not passed on yet: it still lies in the input buffer. */
        private ByteBuffer pending;
        /** Content to pass on before parsing on. */
        private ByteBuffer toWrite;
        private boolean complete;
        private boolean lastWritten;
        private boolean writingToClient;
        private volatile boolean clientFailed;

        ResponseReader(DirectExchange exchange, boolean reused) {
            this.exchange = exchange;
            this.reused = reused;
        }

        @Override
        protected Action process() throws Throwable {
            writingToClient = false;
            releaseHeldWritten();
            while (true) {
                if (lastWritten) {
                    return Action.SUCCEEDED;
                }
                if (!outgoing.isEmpty()) {
                    committed = true;
                    writingToClient = true;
                    exchange.writeContent(outgoing.poll(), this);
                    return Action.SCHEDULED;
                }
                if (flushDue) {
                    flushDue = false;
                    if (held != null) {
                        releaseHeld();
                        continue;
                    }
                }
                if (toWrite != null) {
                    ByteBuffer content = toWrite;
                    toWrite = null;
                    passOn(content);
                    continue;
                }
                if (complete) {
                    ByteBuffer last = pending == null ? BufferUtil.EMPTY_BUFFER : pending;
                    pending = null;
                    if (held != null) {
                        if (last.remaining() <= BufferUtil.space(held.getByteBuffer())) {
                            BufferUtil.append(held.getByteBuffer(), last);
                            last = held.getByteBuffer();
                            heldWritten = held;
                            held = null;
                            cancelFlushTimer();
                        } else {
                            pending = last;
                            releaseHeld();
                            continue;
                        }
                    }
                    lastWritten = true;
                    writingToClient = true;
                    exchange.writeLast(last, this);
                    return Action.SCHEDULED;
                }
                if (input == null) {
                    input = buffers.acquire(INPUT_BYTES, true);
                }
                ByteBuffer buffer = input.getByteBuffer();
                if (buffer.hasRemaining()) {
                    parser.parseNext(buffer);
                    if (informational && parser.isComplete()) {
                        // 1xx (103 Early Hints...): not passed on, the final response follows.
                        parser.reset();
                        parser.setHeadResponse(exchange.isHead());
                        informational = false;
                        fields.clear();
                    }
                    if (toWrite != null || complete || buffer.hasRemaining()) {
                        continue;
                    }
                }
                if (pending != null) {
                    // The buffer is about to be refilled: what it holds is passed on first.
                    toWrite = pending;
                    pending = null;
                    continue;
                }
                BufferUtil.clear(buffer);
                int filled = getEndPoint().fill(buffer);
                if (filled > 0) {
                    continue;
                }
                if (filled == 0) {
                    releaseInput();
                    if (!isFillInterested()) {
                        fillInterested();
                    }
                    return Action.IDLE;
                }
                parser.atEOF();
                parser.parseNext(buffer);
                if (!complete) {
                    throw new EOFException("the backend closed the connection before the response ended");
                }
            }
        }

        /** The response's head arrived: how long its first body bytes may be held, as the servlet proxy would. */
        void headersArrived() {
            holdFor = exchange.holdBodyFor(fields);
        }

        /** A body piece goes to the client: held while the servlet proxy's buffer would hold it, else queued. */
        private void passOn(ByteBuffer content) {
            if (!committed && holdFor != Duration.ZERO) {
                if (held == null) {
                    held = buffers.acquire(HOLD_BYTES, true);
                    if (holdFor != null) {
                        Duration delay = holdFor;
                        flushTimer = scheduler.schedule(() -> {
                            flushDue = true;
                            iterate();
                        }, delay.toNanos(), TimeUnit.NANOSECONDS);
                    }
                }
                if (content.remaining() <= BufferUtil.space(held.getByteBuffer())) {
                    BufferUtil.append(held.getByteBuffer(), content);
                    return;
                }
            }
            if (held != null) {
                releaseHeld();
            }
            outgoing.add(content);
        }

        /** The held pieces go out, first in line. */
        private void releaseHeld() {
            cancelFlushTimer();
            outgoing.addFirst(held.getByteBuffer());
            heldWritten = held;
            held = null;
        }

        private void releaseHeldWritten() {
            RetainableByteBuffer buffer = heldWritten;
            if (buffer != null && (outgoing.isEmpty() || outgoing.peek() != buffer.getByteBuffer())) {
                heldWritten = null;
                buffer.release();
            }
        }

        /** A failure while a client write was pending is the client's: it left. */
        @Override
        public void failed(Throwable x) {
            if (writingToClient) {
                clientFailed = true;
            }
            super.failed(x);
        }

        private void releaseInput() {
            RetainableByteBuffer buffer = input;
            input = null;
            if (buffer != null) {
                buffer.release();
            }
        }

        @Override
        protected void onCompleteSuccess() {
            releaseHeldWritten();
            boolean leftover = input != null && input.hasRemaining();
            releaseInput();
            boolean reusable = requestWritten && !leftover && !parser.isClose() && getEndPoint().isOpen();
            reader = null;
            if (reusable) {
                synchronized (DirectBackendConnection.this) {
                    state = State.IDLE;
                    fillInterested(); // watches for the backend closing it while idle
                }
                pool.release(DirectBackendConnection.this);
            } else {
                closeNow();
            }
            exchange.succeeded();
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            cancelHeaderTimeout();
            cancelFlushTimer();
            reader = null;
            closeNow();
            if (clientFailed) {
                exchange.clientFailed(cause);
            } else {
                exchange.backendFailed(cause, reused && !headersSeen && status == 0);
            }
        }

        private void cancelHeaderTimeout() {
            Scheduler.Task task = headerTimeout;
            headerTimeout = null;
            if (task != null) {
                task.cancel();
            }
        }

        private void cancelFlushTimer() {
            Scheduler.Task task = flushTimer;
            flushTimer = null;
            if (task != null) {
                task.cancel();
            }
        }
    }

    // ---- HttpParser.ResponseHandler: called only from the current reader's process()

    @Override
    public void startResponse(HttpVersion version, int status, String reason) {
        ResponseReader r = reader;
        r.status = status;
        r.informational = status >= 100 && status < 200;
    }

    @Override
    public void parsedHeader(HttpField field) {
        ResponseReader r = reader;
        if (!r.informational) {
            r.fields.add(field);
        }
    }

    @Override
    public boolean headerComplete() {
        ResponseReader r = reader;
        if (r.informational) {
            return false;
        }
        r.cancelHeaderTimeout();
        r.headersSeen = true;
        r.exchange.responseHead(r.status, r.fields);
        r.headersArrived();
        return false;
    }

    @Override
    public boolean content(ByteBuffer content) {
        ResponseReader r = reader;
        r.exchange.responseContent(content.remaining());
        if (r.pending == null) {
            r.pending = content; // written with the next piece or the end: one write for a small body
            return false;
        }
        r.toWrite = r.pending;
        r.pending = content;
        return true;
    }

    @Override
    public boolean contentComplete() {
        return false;
    }

    @Override
    public boolean messageComplete() {
        ResponseReader r = reader;
        if (!r.informational) {
            r.complete = true;
        }
        return true;
    }

    @Override
    public void earlyEOF() {
        // process() sees the response incomplete at the end of the stream and fails it
    }

    @Override
    public void badMessage(HttpException failure) {
        ResponseReader r = reader;
        if (r != null) {
            r.abort(new IOException("invalid response from the backend: " + failure.getReason()));
        }
    }

    // ---- the connection's end

    private void closeNow() {
        synchronized (this) {
            state = State.CLOSED;
        }
        pool.remove(this);
        getEndPoint().close();
    }

    @Override
    protected void onFillInterestedFailed(Throwable cause) {
        ResponseReader current = reader;
        if (current != null) {
            current.abort(cause);
        } else {
            closeNow();
        }
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        ResponseReader current = reader;
        if (current != null) {
            current.abort(timeout);
        } else {
            closeNow();
        }
        return true;
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        ResponseReader current = reader;
        if (current != null) {
            current.abort(cause == null ? new EOFException("the backend connection closed") : cause);
        }
    }
}
