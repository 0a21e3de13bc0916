package io.jetway.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A backend that accepts connections and then neither reads nor answers, with a small receive
 * buffer so a sender soon stops; the test can later read what each connection carried.
 */
final class SilentBackend implements AutoCloseable {

    /** What one connection carried: its request head and how many bytes followed before it closed. */
    record Connection(String head, long bytesAfterHead, boolean closedBySender) {
    }

    private final ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    final CountDownLatch connected = new CountDownLatch(1);

    SilentBackend() throws IOException {
        server = new ServerSocket();
        server.setReceiveBufferSize(16 * 1024); // inherited by accepted sockets
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(server.accept());
                    connected.countDown();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "silent-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Reads the connection whose request line starts with {@code requestLine}, to its end (bounded). */
    Optional<Connection> drain(String requestLine) throws IOException {
        for (Socket socket : accepted) {
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            if (head.startsWith(requestLine)) {
                byte[] buffer = new byte[64 * 1024];
                long total = 0;
                try {
                    for (int n; (n = in.read(buffer)) >= 0; ) {
                        total += n;
                    }
                    return Optional.of(new Connection(head, total, true));
                } catch (SocketTimeoutException stillOpen) {
                    return Optional.of(new Connection(head, total, false));
                } catch (IOException reset) {
                    return Optional.of(new Connection(head, total, true));
                }
            }
        }
        return Optional.empty();
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int b; matched < end.length && (b = in.read()) >= 0; ) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }
}
