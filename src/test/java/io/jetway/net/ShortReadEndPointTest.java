package io.jetway.net;

import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The end point on a real loopback connection, with a real selector to report input. */
class ShortReadEndPointTest {

    private ServerSocketChannel listener;
    private SocketChannel peer;
    private SocketChannel local;
    private Selector selector;
    private SelectionKey key;
    private ShortReadEndPoint endPoint;

    @BeforeEach
    void connect() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        peer = SocketChannel.open(listener.getLocalAddress());
        local = listener.accept();
        local.configureBlocking(false);
        selector = Selector.open();
        key = local.register(selector, SelectionKey.OP_READ);
        endPoint = new ShortReadEndPoint(local, null, key, null);
    }

    @AfterEach
    void close() throws IOException {
        selector.close();
        local.close();
        peer.close();
        listener.close();
    }

    private void peerSends(String text) throws IOException {
        peer.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Waits until the selector reports input, as Jetty's selector would before running the fill. */
    private void awaitInput() throws IOException {
        selector.selectedKeys().clear();
        assertEquals(1, selector.select(5_000), "the selector reports input");
        endPoint.onSelected();
    }

    @Test
    void afterAShortReadTheNextFillAnswersZeroWithoutReadingUntilTheSelectorReportsInput() throws IOException {
        ByteBuffer buffer = BufferUtil.allocate(64);
        peerSends("GET / HTTP/1.1\r\n");
        awaitInput();
        assertEquals(16, endPoint.fill(buffer));
        peerSends("Host: a\r\n\r\n");

        // The socket holds 11 bytes now, but the short read said it was empty: no read is tried.
        assertEquals(0, endPoint.fill(buffer));
        assertEquals(0, endPoint.fill(buffer));
        assertEquals(16, buffer.remaining());

        awaitInput();
        assertEquals(11, endPoint.fill(buffer));
        assertEquals("GET / HTTP/1.1\r\nHost: a\r\n\r\n", BufferUtil.toString(buffer, StandardCharsets.US_ASCII));
    }

    @Test
    void aReadThatFillsTheBufferLeavesTheNextFillToRead() throws IOException {
        ByteBuffer buffer = BufferUtil.allocate(8);
        peerSends("0123456789abcdef");
        awaitInput();
        assertEquals(8, endPoint.fill(buffer));
        BufferUtil.clear(buffer);
        assertEquals(8, endPoint.fill(buffer), "the socket may hold more: read again");
        assertEquals("89abcdef", BufferUtil.toString(buffer, StandardCharsets.US_ASCII));
    }

    @Test
    void aKeyReplacedWithItsSelectorIsTheOneAskedForInput() throws IOException {
        // Jetty moves every channel to a new selector when a selector fails, and hands over the new key.
        key.cancel();
        selector.close();
        selector = Selector.open();
        key = local.register(selector, SelectionKey.OP_READ);
        endPoint.replaceKey(key);

        ByteBuffer buffer = BufferUtil.allocate(64);
        peerSends("moved");
        awaitInput();
        assertEquals(5, endPoint.fill(buffer));
        assertEquals("moved", BufferUtil.toString(buffer, StandardCharsets.US_ASCII));
    }

    @Test
    void theEndOfTheStreamIsSeenOnceTheSelectorReportsIt() throws IOException {
        ByteBuffer buffer = BufferUtil.allocate(64);
        peerSends("last");
        awaitInput();
        assertEquals(4, endPoint.fill(buffer));
        peer.shutdownOutput();
        assertEquals(0, endPoint.fill(buffer));
        awaitInput();
        assertEquals(-1, endPoint.fill(buffer));
    }

    // Read interest and read-ahead. Jetty's selector calls onSelected, runs the task it returns, then
    // updateKey; the tests do the same by hand and look at what the key asks epoll for.

    private final AtomicInteger fillsDue = new AtomicInteger();
    private final List<Runnable> executed = new ArrayList<>();

    private ShortReadEndPoint waitingForInput(ShortReadEndPoint.ReadAhead readAhead) {
        key.interestOps(0);
        ShortReadEndPoint withReadAhead = new ShortReadEndPoint(local, null, key, null, readAhead);
        withReadAhead.fillInterested(countingCallback());
        withReadAhead.updateKey();
        assertEquals(SelectionKey.OP_READ, key.interestOps(), "a connection that waits for input is watched");
        return withReadAhead;
    }

    private Callback countingCallback() {
        return Callback.from(fillsDue::incrementAndGet);
    }

    private ShortReadEndPoint.ReadAhead readAhead() {
        return new ShortReadEndPoint.ReadAhead(new ArrayByteBufferPool(), executed::add);
    }

    /** The selector's pass over the reported key: onSelected, its task, updateKey. */
    private void selectorPass(ShortReadEndPoint on) throws IOException {
        selector.selectedKeys().clear();
        assertEquals(1, selector.select(5_000), "the selector reports input");
        Runnable task = on.onSelected();
        assertNotNull(task);
        task.run();
        on.updateKey();
    }

    /** A backend connection's pass: its response is read on the selector thread, before updateKey. */
    private int selectorPassReading(ShortReadEndPoint on, ByteBuffer into) throws IOException {
        selector.selectedKeys().clear();
        assertEquals(1, selector.select(5_000), "the selector reports input");
        on.onSelected().run();
        int filled = on.fill(into);
        on.updateKey();
        return filled;
    }

    private boolean socketReportsInput() throws IOException {
        selector.selectedKeys().clear();
        key.interestOps(SelectionKey.OP_READ);
        return selector.selectNow() == 1;
    }

    @Test
    void aSocketEmptiedByAShortReadStaysWatchedAndInputNobodyAskedForTakesTheInterestOut() throws IOException {
        ShortReadEndPoint backend = waitingForInput(null);
        ByteBuffer buffer = BufferUtil.allocate(64);
        peerSends("HTTP/1.1 200 OK\r\n\r\n");
        assertEquals(19, selectorPassReading(backend, buffer));
        assertEquals(1, fillsDue.get());
        assertEquals(SelectionKey.OP_READ, key.interestOps(), "the socket is empty: the interest stays in epoll");

        peerSends("x"); // nobody asked: Jetty's rule applies, the interest goes until someone asks
        selectorPass(backend);
        assertEquals(1, fillsDue.get());
        assertEquals(0, key.interestOps());

        backend.fillInterested(countingCallback());
        backend.updateKey();
        assertEquals(SelectionKey.OP_READ, key.interestOps());
        selectorPass(backend);
        assertEquals(2, fillsDue.get());
        assertEquals(1, backend.fill(buffer));
    }

    @Test
    void aReadThatMayHaveLeftBytesTakesTheInterestOutAsJettyDoes() throws IOException {
        ShortReadEndPoint backend = waitingForInput(null);
        ByteBuffer buffer = BufferUtil.allocate(8);
        peerSends("0123456789");
        assertEquals(8, selectorPassReading(backend, buffer));
        assertEquals(0, key.interestOps(), "bytes may be left: epoll would keep reporting them");
    }

    @Test
    void theSelectorReadsAheadForAConnectionThatWaitsSoTheSocketIsEmptyBeforeItsNextPass() throws IOException {
        ShortReadEndPoint client = waitingForInput(readAhead());
        peerSends("GET / HTTP/1.1\r\n\r\n");
        selector.selectedKeys().clear();
        assertEquals(1, selector.select(5_000));
        Runnable fillable = client.onSelected();
        client.updateKey();
        assertEquals(SelectionKey.OP_READ, key.interestOps(), "read interest kept");
        assertEquals(0, fillsDue.get(), "the connection has not run yet");
        assertEquals(false, socketReportsInput(), "the selector has taken the bytes");

        fillable.run(); // on a pool thread, in Jetty
        assertEquals(1, fillsDue.get());
        ByteBuffer buffer = BufferUtil.allocate(64);
        assertEquals(18, client.fill(buffer));
        assertEquals(0, client.fill(buffer), "the short read ahead emptied the socket");
        assertEquals("GET / HTTP/1.1\r\n\r\n", BufferUtil.toString(buffer, StandardCharsets.US_ASCII));
    }

    @Test
    void withoutAWaitingConnectionTheSelectorLeavesTheBytesInTheSocket() throws IOException {
        ShortReadEndPoint client = waitingForInput(readAhead());
        peerSends("one");
        selectorPass(client);
        assertEquals(3, client.fill(BufferUtil.allocate(64)));

        peerSends("two"); // the connection is busy with "one" and has not asked for more
        selectorPass(client);
        assertEquals(0, key.interestOps());
        assertEquals(true, socketReportsInput());
    }

    @Test
    void bytesReadAheadThatTheConnectionLeftAreHandedOverWhenItAsksForMore() throws IOException {
        ShortReadEndPoint client = waitingForInput(readAhead());
        peerSends("0123456789");
        selectorPass(client);
        ByteBuffer small = BufferUtil.allocate(4);
        assertEquals(4, client.fill(small));

        client.fillInterested(countingCallback());
        assertEquals(1, executed.size(), "no input will be reported for these bytes: the fill is run at once");
        executed.get(0).run();
        assertEquals(2, fillsDue.get());
        BufferUtil.clear(small);
        assertEquals(4, client.fill(small));
        BufferUtil.clear(small);
        assertEquals(2, client.fill(small));
        assertEquals("89", BufferUtil.toString(small, StandardCharsets.US_ASCII));
    }

    @Test
    void theEndOfTheStreamReachesTheFillAfterTheBytesReadAhead() throws IOException {
        ShortReadEndPoint client = waitingForInput(readAhead());
        peerSends("bye");
        peer.shutdownOutput();
        selectorPass(client);
        ByteBuffer buffer = BufferUtil.allocate(64);
        assertEquals(3, client.fill(buffer));
        client.fillInterested(countingCallback());
        client.updateKey();
        selectorPass(client);
        assertEquals(-1, client.fill(buffer));
        assertEquals(true, client.isInputShutdown());
        client.updateKey();
        assertEquals(0, key.interestOps(), "no interest left on a stream that ended");
    }

    @Test
    void aResetSeenByTheSelectorReachesTheFillAsTheEndOfTheStream() throws IOException {
        ShortReadEndPoint client = waitingForInput(readAhead());
        peer.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
        peer.close(); // a reset, not a FIN
        selectorPass(client);
        assertEquals(-1, client.fill(BufferUtil.allocate(64)));
        assertEquals(true, client.isInputShutdown());
        assertEquals(0, key.interestOps());
    }
}
