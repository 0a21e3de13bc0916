package io.jetway.net;

import org.eclipse.jetty.util.BufferUtil;
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

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
