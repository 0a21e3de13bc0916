package io.jetway.server.udp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A client on its own DatagramChannel; a reply that never comes fails after a generous wait. */
final class UdpTestClient implements AutoCloseable {

    record Reply(InetSocketAddress from, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    private final DatagramChannel channel;

    UdpTestClient(String bindHost) throws IOException {
        channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(bindHost, 0));
        channel.socket().setSoTimeout(20_000);
    }

    UdpTestClient() throws IOException {
        this("127.0.0.1");
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    void send(byte[] data, InetSocketAddress to) throws IOException {
        channel.send(ByteBuffer.wrap(data), to);
    }

    void send(String text, InetSocketAddress to) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8), to);
    }

    Reply receive() throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[65_535], 65_535);
        channel.socket().receive(packet);
        return new Reply((InetSocketAddress) packet.getSocketAddress(),
                Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength()));
    }

    /** Sends and waits for one reply. */
    Reply ask(String text, InetSocketAddress to) throws IOException {
        send(text, to);
        return receive();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
