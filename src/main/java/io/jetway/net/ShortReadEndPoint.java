package io.jetway.net;

import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.NanoTime;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;

/**
 * A TCP end point that makes the system calls a short read makes pointless.
 *
 * <p>A read that returns less than the buffer could hold has emptied the socket's receive queue.
 * <ul>
 * <li>The reads Jetty tries next, once it has handled the bytes, would fail with EAGAIN (measured
 * under proxy-bench: 5.4 reads per proxied request, of which 2 carried data). Until the selector
 * reports input again, a fill answers 0 without a system call, as nginx does after a short read.</li>
 * <li>Jetty takes the read interest out of epoll each time the selector reports input and puts it
 * back when the connection next wants to read: two {@code epoll_ctl} calls and a selector wake-up
 * per request and per connection side (Java's epoll is level-triggered, so an interest left in
 * place would keep reporting bytes nobody has read yet). Once a short read has emptied the socket,
 * leaving the interest in place is safe: epoll reports only new input. So the interest stays, and
 * is taken out only when input comes that nobody asked for.</li>
 * <li>With read-ahead (entry points), the selector makes the read itself when it reports input to a
 * connection that waits for it, into a small pooled buffer that the connection's fill then empties
 * on the pool thread. The socket is empty before the selector's next pass, so the interest can stay
 * even though the request is handled elsewhere. Without it (backend connections), the response is
 * read on the selector thread anyway ({@code NonBlockingHttp11}).</li>
 * </ul>
 * The interest bookkeeping is Jetty's {@code SelectableChannelEndPoint}'s, which keeps it private,
 * with the one change above; everything else is Jetty's.
 *
 * <p>An entry point's end points also take a deadline (Go's connection read and write deadlines):
 * unlike the idle timeout, input does not push it back, so a client that trickles a request in
 * cannot hold the connection for ever. It is checked with the idle timeout's own timer, which then
 * runs at least as often as the shortest deadline the connection may get: no timer per request.
 */
public final class ShortReadEndPoint extends SocketChannelEndPoint {

    private static final Logger LOG = LoggerFactory.getLogger(ShortReadEndPoint.class);
    /** Large enough for a typical request head; a larger one falls back to Jetty's own reads. */
    static final int READ_AHEAD_SIZE = 4096;

    /** Where read-ahead buffers come from, and where a fill that is already due is run. */
    public record ReadAhead(ByteBufferPool pool, Executor executor) {
    }

    private final Object lock = new Object();
    private final ManagedSelector selector;
    private final ReadAhead readAhead;
    private final ManagedSelector.SelectorUpdate updateKeyAction = unused -> updateKey();
    private final Runnable runFillable = new SelectorTask(true, false);
    private final Runnable runCompleteWrite = new SelectorTask(false, true);
    private final Runnable runCompleteWriteFillable = new SelectorTask(true, true);

    // All guarded by lock.
    /** The channel's key in its selector: Jetty replaces it when it rebuilds a failed selector. */
    private SelectionKey key;
    private boolean updatePending;
    private int currentInterestOps;
    private int desiredInterestOps;
    /** A short read emptied the socket, and the selector has reported no input since. */
    private boolean drained;
    /** Bytes the selector read for the next fills; never empty: null when there are none. */
    private RetainableByteBuffer readBytes;

    private static final long NO_DEADLINE = 0;
    /** When the connection must have done what {@link #deadlineOf} names (System.nanoTime()), or NO_DEADLINE. */
    private volatile long deadline = NO_DEADLINE;
    private volatile String deadlineOf;
    /** The longest wait between two checks of the deadline; 0 when the end point takes no deadlines. */
    private volatile long deadlineCheckMillis;

    public ShortReadEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler) {
        this(channel, selector, key, scheduler, null);
    }

    public ShortReadEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler, ReadAhead readAhead) {
        super(channel, selector, key, scheduler);
        this.selector = selector;
        this.key = key;
        this.readAhead = readAhead;
    }

    /**
     * Lets this end point take deadlines, none of them shorter than {@code shortest} from when it is
     * set; the idle timeout must be on (above zero), as its timer checks them.
     */
    public void takeDeadlines(Duration shortest) {
        deadlineCheckMillis = Math.max(1, shortest.toMillis());
    }

    /** Closes the connection at {@code nanoTime} (System.nanoTime()) unless changed before; {@code what} is for the log. */
    public void deadline(long nanoTime, String what) {
        deadlineOf = what;
        deadline = nanoTime == NO_DEADLINE ? 1 : nanoTime;
    }

    public void clearDeadline() {
        deadline = NO_DEADLINE;
    }

    @Override
    protected long checkIdleTimeout() {
        long idleLeft = super.checkIdleTimeout();
        long checkMillis = deadlineCheckMillis;
        if (idleLeft < 0 || checkMillis == 0) {
            return idleLeft; // closed, or an end point without deadlines
        }
        long left = Math.min(idleLeft > 0 ? idleLeft : getIdleTimeout(), checkMillis);
        long due = deadline;
        if (due != NO_DEADLINE) {
            long untilDue = NanoTime.millisUntil(due);
            if (untilDue <= 0) {
                LOG.debug("event=client-timeout phase=\"{}\" remote={}", deadlineOf, getRemoteSocketAddress());
                close(new TimeoutException(deadlineOf + " timeout expired"));
                return -1;
            }
            left = Math.min(left, untilDue);
        }
        return left;
    }

    @Override
    public int fill(ByteBuffer buffer) throws IOException {
        // Under the lock, so that a fill never overtakes bytes the selector is reading ahead.
        synchronized (lock) {
            if (readBytes != null) {
                int copied = BufferUtil.append(buffer, readBytes.getByteBuffer());
                if (!readBytes.hasRemaining()) {
                    readBytes.release();
                    readBytes = null;
                }
                return copied;
            }
            if (drained) {
                return 0;
            }
            int space = buffer.capacity() - buffer.limit(); // Jetty's buffers are in flush mode: fill appends after limit
            int filled = super.fill(buffer);
            drained = filled > 0 && filled < space;
            return filled;
        }
    }

    @Override
    protected void needsFillInterest() {
        boolean alreadyRead;
        synchronized (lock) {
            alreadyRead = readBytes != null;
            drained = false;
        }
        if (alreadyRead) {
            // The connection stopped filling before it had taken all the bytes read for it.
            readAhead.executor().execute(() -> getFillInterest().fillable());
            return;
        }
        changeInterests(SelectionKey.OP_READ);
    }

    @Override
    protected void onIncompleteFlush() {
        changeInterests(SelectionKey.OP_WRITE);
    }

    private void changeInterests(int operation) {
        // Any thread, possibly concurrently with updateKey() and onSelected().
        boolean submit;
        synchronized (lock) {
            desiredInterestOps |= operation;
            // A kept read interest is still in epoll: nothing to tell the selector.
            submit = !updatePending && (currentInterestOps & operation) == 0;
        }
        if (submit && selector != null) {
            selector.submit(updateKeyAction);
        }
    }

    @Override
    public Runnable onSelected() {
        // The selector thread, possibly concurrently with changeInterests(int).
        boolean fillable;
        boolean flushable;
        synchronized (lock) {
            int readyOps = key.readyOps();
            fillable = (readyOps & SelectionKey.OP_READ) != 0;
            flushable = (readyOps & SelectionKey.OP_WRITE) != 0;
            updatePending = true;
            desiredInterestOps &= ~readyOps;
            if (fillable) {
                drained = false;
                if (readAhead != null && readBytes == null && getFillInterest().isInterested()) {
                    readAhead();
                }
            }
        }
        if (fillable) {
            return flushable ? runCompleteWriteFillable : runFillable;
        }
        return flushable ? runCompleteWrite : null;
    }

    /**
     * Reads what the socket holds for the connection's next fill; called with the lock held. The end
     * of the stream and a failed read are left to that fill: both answer the same again (after a
     * reset, the next read sees the end of the stream), and the interest, not kept, is taken out.
     */
    private void readAhead() {
        RetainableByteBuffer bytes = readAhead.pool().acquire(READ_AHEAD_SIZE, true);
        ByteBuffer buffer = bytes.getByteBuffer();
        int position = BufferUtil.flipToFill(buffer);
        int read;
        try {
            read = getChannel().read(buffer);
        } catch (IOException e) {
            LOG.debug("read ahead failed on {}", this, e);
            read = -1;
        } finally {
            BufferUtil.flipToFlush(buffer, position);
        }
        if (read > 0) {
            notIdle();
            readBytes = bytes;
            drained = read < buffer.capacity();
        } else {
            bytes.release();
        }
    }

    @Override
    public void updateKey() {
        // The selector thread, possibly concurrently with changeInterests(int).
        try {
            synchronized (lock) {
                updatePending = false;
                int interestOps = desiredInterestOps;
                if (drained) {
                    interestOps |= currentInterestOps & SelectionKey.OP_READ; // keep, never add
                }
                if (interestOps != currentInterestOps) {
                    currentInterestOps = interestOps;
                    key.interestOps(interestOps);
                }
            }
        } catch (CancelledKeyException x) {
            LOG.debug("Ignoring key update for cancelled key {}", this, x);
            close();
        } catch (Throwable x) {
            LOG.warn("Ignoring key update for {}", this, x);
            close();
        }
    }

    @Override
    public void replaceKey(SelectionKey newKey) {
        synchronized (lock) {
            key = newKey;
        }
        super.replaceKey(newKey);
    }

    @Override
    public String toEndPointString() {
        // Jetty's part prints its own interest fields, which this class does not use.
        synchronized (lock) {
            return String.format("%s{interest=%d/%d,drained=%b,readAhead=%d}", super.toEndPointString(),
                    currentInterestOps, desiredInterestOps, drained, readBytes == null ? 0 : readBytes.remaining());
        }
    }

    @Override
    public void onClose(Throwable cause) {
        try {
            super.onClose(cause);
        } finally {
            synchronized (lock) {
                if (readBytes != null) {
                    readBytes.release();
                    readBytes = null;
                }
            }
        }
    }

    /** What the selector hands on when it reports input or output: Jetty's three tasks, rebuilt. */
    private final class SelectorTask implements Invocable.Task, Closeable {
        private final boolean fill;
        private final boolean write;

        SelectorTask(boolean fill, boolean write) {
            this.fill = fill;
            this.write = write;
        }

        @Override
        public void run() {
            if (write) {
                getWriteFlusher().completeWrite();
            }
            if (fill) {
                getFillInterest().fillable();
            }
        }

        @Override
        public InvocationType getInvocationType() {
            InvocationType fillType = getFillInterest().getCallbackInvocationType();
            InvocationType flushType = getWriteFlusher().getCallbackInvocationType();
            if (!write) {
                return fillType;
            }
            if (!fill) {
                return flushType;
            }
            if (fillType == flushType) {
                return fillType;
            }
            boolean eitherAndNonBlocking = fillType == InvocationType.EITHER && flushType == InvocationType.NON_BLOCKING
                || fillType == InvocationType.NON_BLOCKING && flushType == InvocationType.EITHER;
            return eitherAndNonBlocking ? InvocationType.EITHER : InvocationType.BLOCKING;
        }

        @Override
        public void close() {
            // The executor refused the task: as Jetty's own, give up the connection.
            ShortReadEndPoint.this.close();
        }

        @Override
        public String toString() {
            return ShortReadEndPoint.this + (fill ? ":fill" : "") + (write ? ":write" : "");
        }
    }
}
