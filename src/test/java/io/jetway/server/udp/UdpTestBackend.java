package io.jetway.server.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/** A UDP server on 127.0.0.1 for the tests: it records what arrives and answers with {@code answer}. */
final class UdpTestBackend implements AutoCloseable {

    record Received(InetSocketAddress from, byte[] data) {
    }

    private final DatagramChannel channel;
    private final InetSocketAddress address;
    private final UnaryOperator<byte[]> answer;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Thread thread;

    private UdpTestBackend(UnaryOperator<byte[]> answer) throws IOException {
        this.answer = answer;
        this.channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress("127.0.0.1", 0));
        this.address = (InetSocketAddress) channel.getLocalAddress();
        this.thread = new Thread(this::serve, "udp-test-backend");
        thread.setDaemon(true);
        thread.start();
    }

    /** Answers each datagram with its own bytes. */
    static UdpTestBackend echo() throws IOException {
        return new UdpTestBackend(UnaryOperator.identity());
    }

    /** Answers each datagram with {@code answer}'s result, or not at all when that is null. */
    static UdpTestBackend answering(UnaryOperator<byte[]> answer) throws IOException {
        return new UdpTestBackend(answer);
    }

    InetSocketAddress address() {
        return address;
    }

    List<Received> received() {
        return received;
    }

    private void serve() {
        ByteBuffer buffer = ByteBuffer.allocate(65_535);
        try {
            while (true) {
                buffer.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(buffer);
                buffer.flip();
                byte[] data = Arrays.copyOfRange(buffer.array(), 0, buffer.limit());
                received.add(new Received(from, data));
                byte[] reply = answer.apply(data);
                if (reply != null) {
                    channel.send(ByteBuffer.wrap(reply), from);
                }
            }
        } catch (ClosedChannelException e) {
            // closed by the test: done
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        channel.close();
        thread.join(10_000);
    }
}
