package io.jetway.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A backend on a plain socket that records each request line exactly as it arrived (no server
 * library to normalise or reject the path first) and answers 200 {@code ok}. Keeps connections
 * alive; reads Content-Length bodies.
 */
final class RequestLineBackend implements AutoCloseable {

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final ConcurrentLinkedQueue<String> requestLines = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Socket> connections = new ConcurrentLinkedQueue<>();

    private RequestLineBackend() throws IOException {
        daemon(this::accept).start();
    }

    static RequestLineBackend start() throws IOException {
        return new RequestLineBackend();
    }

    int port() {
        return server.getLocalPort();
    }

    /** The request lines received so far, e.g. {@code GET /admin/users HTTP/1.1}. */
    List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /** The request targets received so far. */
    List<String> targets() {
        return requestLines.stream().map(line -> line.split(" ")[1]).toList();
    }

    void clear() {
        requestLines.clear();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                connections.add(socket);
                daemon(() -> serve(socket)).start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                long length = 0;
                for (String header = readLine(in); header != null && !header.isEmpty(); header = readLine(in)) {
                    if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Long.parseLong(header.substring(15).trim());
                    }
                }
                in.skipNBytes(length);
                requestLines.add(line);
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        } catch (IOException closed) {
            // the proxy closed its connection
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return null;
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "request-line-backend");
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket socket : connections) {
            socket.close();
        }
    }
}
