package io.jetway.net;

import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.thread.Scheduler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A TCP end point that skips the read a short read makes pointless. A read that returns less than
 * the buffer could hold has emptied the socket's receive queue, so the reads Jetty tries next, once
 * it has handled the bytes, almost always fail with EAGAIN (measured under proxy-bench: 5.4 reads
 * per proxied request, of which 2 carried data). Until the connection asks the selector to watch for
 * input again, or the selector reports input, this end point answers a fill with 0 without a system
 * call, as nginx does after a short read. The selector's epoll is level-triggered, so bytes that
 * arrived meanwhile are reported as soon as the interest is registered: nothing is lost, at worst a
 * read waits for one selector pass.
 */
public final class ShortReadEndPoint extends SocketChannelEndPoint {

    /** The channel's key in its selector: Jetty replaces it when it rebuilds a failed selector. */
    private SelectionKey key;
    /**
     * Set by a short read; cleared when read interest is registered or input is reported. Fills are
     * serialised by Jetty, and the selector hands its work to the filling thread through a queue.
     */
    private boolean drained;

    public ShortReadEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key, Scheduler scheduler) {
        super(channel, selector, key, scheduler);
        this.key = key;
    }

    @Override
    public int fill(ByteBuffer buffer) throws IOException {
        if (drained) {
            return 0;
        }
        int space = buffer.capacity() - buffer.limit(); // Jetty's buffers are in flush mode: fill appends after limit
        int filled = super.fill(buffer);
        drained = filled > 0 && filled < space;
        return filled;
    }

    @Override
    protected void needsFillInterest() {
        drained = false;
        super.needsFillInterest();
    }

    @Override
    public void replaceKey(SelectionKey newKey) {
        key = newKey;
        super.replaceKey(newKey);
    }

    @Override
    public Runnable onSelected() {
        if ((key.readyOps() & SelectionKey.OP_READ) != 0) {
            drained = false;
        }
        return super.onSelected();
    }
}
