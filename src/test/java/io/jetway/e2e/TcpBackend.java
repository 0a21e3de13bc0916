package io.jetway.e2e;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP backend on 127.0.0.1 for layer-4 tests. Each connection: an optional PROXY protocol header
 * is read and kept (v1 line or v2 binary), an optional greeting is sent first (server-speaks-first),
 * then every byte received is echoed, prefixed once by the backend's name; at the client's FIN the
 * backend sends {@code bye} and closes.
 */
final class TcpBackend implements AutoCloseable {

    /** A PROXY header as the backend received it: v1's text, or v2's source address and port. */
    record ProxyHeader(int version, String sourceAddress, int sourcePort, String raw) {
    }

    private final ServerSocket server;
    private final String name;
    private final String greeting;
    private final boolean expectProxyHeader;
    /** After the client's FIN, answer nothing and keep the connection open (for terminationDelay). */
    private volatile boolean lingering;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    final List<ProxyHeader> proxyHeaders = new CopyOnWriteArrayList<>();
    final List<String> received = new CopyOnWriteArrayList<>();

    private TcpBackend(ServerSocket server, String name, String greeting, boolean expectProxyHeader) {
        this.server = server;
        this.name = name;
        this.greeting = greeting;
        this.expectProxyHeader = expectProxyHeader;
        threads.execute(this::acceptLoop);
    }

    static TcpBackend echo(String name) throws IOException {
        return new TcpBackend(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), name, null, false);
    }

    static TcpBackend greeting(String name, String greeting) throws IOException {
        return new TcpBackend(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), name, greeting, false);
    }

    static TcpBackend proxyProtocol(String name) throws IOException {
        return new TcpBackend(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), name, null, true);
    }

    /** A TLS echo backend presenting this key store's certificate. */
    static TcpBackend tls(String name, KeyStore keys, char[] password) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        return new TcpBackend(socket, name, null, false);
    }

    /** An echo backend that never closes by itself: after the client's FIN it just waits. */
    static TcpBackend lingering(String name) throws IOException {
        TcpBackend backend = echo(name);
        backend.lingering = true;
        return backend;
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                threads.execute(() -> serve(s));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            if (expectProxyHeader) {
                proxyHeaders.add(readProxyHeader(in));
            }
            if (greeting != null) {
                out.write((greeting + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            out.write((name + ":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                all.write(buffer, 0, n);
                out.write(buffer, 0, n);
                out.flush();
            }
            received.add(all.toString(StandardCharsets.ISO_8859_1));
            if (lingering) {
                Thread.sleep(30_000); // never closes first: the proxy's terminationDelay must (close() interrupts this)
                return;
            }
            out.write("bye".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException ignored) {
            // the client went away: nothing to answer
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private static ProxyHeader readProxyHeader(InputStream in) throws IOException {
        int first = in.read();
        if (first == 'P') {
            StringBuilder line = new StringBuilder("P");
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            String text = line.toString().trim();
            String[] parts = text.split(" ");
            return parts.length >= 6 ? new ProxyHeader(1, parts[2], Integer.parseInt(parts[4]), text)
                    : new ProxyHeader(1, null, 0, text);
        }
        byte[] head = new byte[16];
        head[0] = (byte) first;
        readFully(in, head, 1, 15);
        int length = ((head[14] & 0xff) << 8) | (head[15] & 0xff);
        byte[] body = new byte[length];
        readFully(in, body, 0, length);
        int family = (head[13] & 0xf0) >> 4;
        if (family == 1) {
            String source = (body[0] & 0xff) + "." + (body[1] & 0xff) + "." + (body[2] & 0xff) + "." + (body[3] & 0xff);
            int sourcePort = ((body[8] & 0xff) << 8) | (body[9] & 0xff);
            return new ProxyHeader(2, source, sourcePort, "v2");
        }
        return new ProxyHeader(2, null, 0, "v2 family " + family);
    }

    private static void readFully(InputStream in, byte[] into, int offset, int length) throws IOException {
        int read = 0;
        while (read < length) {
            int n = in.read(into, offset + read, length - read);
            if (n < 0) {
                throw new IOException("end of stream in the PROXY header");
            }
            read += n;
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        threads.shutdownNow();
    }
}
