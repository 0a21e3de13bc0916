package io.jetway.e2e;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The backend the end-to-end tests start, on 127.0.0.1, in the kind the test needs. The HTTP kinds
 * this class answers record every request they read ({@link #received()}, {@link #next()}, {@link #awaitPath});
 * the kind chooses the answer:
 * <ul>
 *   <li>{@link #start()}: 200 {@code recorded}, whatever came;</li>
 *   <li>{@link #scripted()}: the query describes the answer ({@code server=}, {@code vary=},
 *       {@code type=} set those headers, {@code body=} is the body, {@code backend} by default);</li>
 *   <li>{@link #echoing()} and {@link #gated()}: {@code port N body B}, status {@code ?status=} (200 by
 *       default); a gated backend holds every answer until the test calls {@link #open()}, so that the
 *       test knows exactly how many requests are in flight;</li>
 *   <li>{@link #h2c()} and {@link #https}: HTTP/2 (and HTTP/1.1), telling in response headers what they saw:
 *       X-Protocol (HTTP/1.1 or HTTP/2.0), X-Sni, X-Client-Subject; {@code /grpc} answers like a gRPC server
 *       (application/grpc, the body echoed, trailer grpc-status: 0, and the request's x-request-trailer
 *       echoed as a trailer); {@code /slow} never answers; anything else is 200 {@code ok};</li>
 *   <li>{@link #forwardAuth()} and {@link #forwardAuthHttps}: a forwardAuth server deciding by the Authorization
 *       header: {@code Bearer good} gives 200 with X-Auth-* headers and two cookies, {@code Bearer redirect} a
 *       302 to a relative /login, {@code Bearer forbidden} a 403, anything else a 401 with a body and
 *       headers of its own;</li>
 *   <li>{@link #answeredBy} and {@link #h2cAnsweredBy}: the test's own handler answers, and nothing is recorded;</li>
 *   <li>{@link #answeredOnSockets}: a plain socket whose connections the test's own code serves;</li>
 *   <li>{@link #silent()}: a plain socket that accepts and then neither reads nor answers, with a small
 *       receive buffer so a sender soon stops; {@link #drain(String)} later reads what a connection carried;</li>
 *   <li>{@link #rawRequestLines()}: a plain socket that records each request line exactly as it arrived (no
 *       server library to normalise or reject the path first) and answers 200 {@code ok}.</li>
 * </ul>
 */
final class Backend implements AutoCloseable {

    /** One request read to its end: method, path, headers, body size and digest, and whether the body arrived whole. */
    record Received(String method, String pathAndQuery, HttpFields headers, long bodyLength, String sha256,
                    boolean complete) {
    }

    /** What one connection to a silent backend carried: its request head and how many bytes followed before it closed. */
    record Connection(String head, long bytesAfterHead, boolean closedBySender) {
    }

    /** A test's own code serving one accepted connection of a plain-socket backend. */
    interface SocketAnswer {
        void serve(Socket connection) throws IOException, InterruptedException;
    }

    private enum Answer { RECORDED, SCRIPTED, ECHO, PROTOCOL, AUTH }

    private final Answer answer;
    private final Server server;
    private final ServerConnector connector;
    private final ServerSocket socket;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requestCount = new AtomicInteger();
    private final AtomicInteger taken = new AtomicInteger();
    private final Semaphore arrivals = new Semaphore(0);
    private final Queue<Runnable> held = new ConcurrentLinkedQueue<>();
    private volatile boolean open;
    private final ConcurrentLinkedQueue<String> requestLines = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Socket> accepted = new ConcurrentLinkedQueue<>();
    private final CountDownLatch connected = new CountDownLatch(1);
    private final SocketAnswer socketAnswer;

    private Backend(Answer answer, int requestHeaderSize, boolean open) throws Exception {
        this(answer, open, plain(requestHeaderSize), null);
    }

    /** A Jetty backend; {@code own} (when not null) answers instead of this class, which then records nothing. */
    private Backend(Answer answer, boolean open, ServerConnector connector, Handler own) throws Exception {
        this.answer = answer;
        this.open = open;
        this.socket = null;
        this.socketAnswer = null;
        this.server = connector.getServer();
        this.connector = connector;
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(own != null ? own : new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                serve(request, response, callback);
                return true;
            }
        });
        server.start();
    }

    private static ServerConnector plain(int requestHeaderSize) {
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(requestHeaderSize);
        return new ServerConnector(new Server(), new HttpConnectionFactory(http));
    }

    /**
     * A plain-socket backend: {@code silent} accepts only; else {@code own} (when not null) serves each
     * connection in a thread of its own, or this class reads and answers request lines.
     */
    private Backend(boolean silent, SocketAnswer own) throws IOException {
        this.answer = null;
        this.open = true;
        this.server = null;
        this.connector = null;
        this.socketAnswer = own;
        socket = new ServerSocket();
        if (silent) {
            socket.setReceiveBufferSize(16 * 1024); // inherited by accepted sockets
        }
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        daemon(() -> acceptLoop(!silent)).start();
    }

    /** Answers 200 {@code recorded}. */
    static Backend start() throws Exception {
        return new Backend(Answer.RECORDED, new HttpConfiguration().getRequestHeaderSize(), true);
    }

    /** Answers 200 {@code recorded} and takes request heads up to {@code requestHeaderSize} bytes (Jetty's default is 8 KB). */
    static Backend acceptingHeads(int requestHeaderSize) throws Exception {
        return new Backend(Answer.RECORDED, requestHeaderSize, true);
    }

    /** Answers as the request's query describes. */
    static Backend scripted() throws Exception {
        return new Backend(Answer.SCRIPTED, new HttpConfiguration().getRequestHeaderSize(), true);
    }

    /** Answers {@code port N body B} at once. */
    static Backend echoing() throws Exception {
        return new Backend(Answer.ECHO, new HttpConfiguration().getRequestHeaderSize(), true);
    }

    /** Answers {@code port N body B}, but holds every answer until {@link #open()}. */
    static Backend gated() throws Exception {
        return new Backend(Answer.ECHO, new HttpConfiguration().getRequestHeaderSize(), false);
    }

    /** Cleartext HTTP/2 with prior knowledge (and HTTP/1.1); tells what it saw. */
    static Backend h2c() throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        return new Backend(Answer.PROTOCOL, true, new ServerConnector(server, new HttpConnectionFactory(http),
                new HTTP2CServerConnectionFactory(http)), null);
    }

    /** TLS with ALPN (h2, http/1.1); with a client trust store, a client certificate is required. Tells what it saw. */
    static Backend https(KeyStore keyStore, char[] password, KeyStore clientTrust) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(keyStore);
        tls.setKeyStorePassword(new String(password));
        tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
        if (clientTrust != null) {
            tls.setTrustStore(clientTrust);
            tls.setNeedClientAuth(true);
        }
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        return new Backend(Answer.PROTOCOL, true, new ServerConnector(server,
                new SslConnectionFactory(tls, alpn.getProtocol()), alpn, new HTTP2ServerConnectionFactory(http),
                new HttpConnectionFactory(http)), null);
    }

    /** A forwardAuth server on HTTP/1.1. */
    static Backend forwardAuth() throws Exception {
        return new Backend(Answer.AUTH, new HttpConfiguration().getRequestHeaderSize(), true);
    }

    /** A forwardAuth server on TLS (HTTP/1.1 only); with a client trust store, a client certificate is required. */
    static Backend forwardAuthHttps(KeyStore keyStore, char[] password, KeyStore clientTrust) throws Exception {
        Server server = new Server();
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(keyStore);
        tls.setKeyStorePassword(new String(password));
        if (clientTrust != null) {
            tls.setTrustStore(clientTrust);
            tls.setNeedClientAuth(true);
        }
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        return new Backend(Answer.AUTH, true, new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                new HttpConnectionFactory(http)), null);
    }

    /** HTTP/1.1 answered by the test's own handler, for answers no other kind gives (streams, compressible bodies, error pages). */
    static Backend answeredBy(Handler handler) throws Exception {
        return new Backend(null, true, plain(new HttpConfiguration().getRequestHeaderSize()), handler);
    }

    /** Cleartext HTTP/2 with prior knowledge (and HTTP/1.1) answered by the test's own handler. */
    static Backend h2cAnsweredBy(Handler handler) throws Exception {
        HttpConfiguration http = new HttpConfiguration();
        return new Backend(null, true, new ServerConnector(new Server(), new HttpConnectionFactory(http),
                new HTTP2CServerConnectionFactory(http)), handler);
    }

    /** Accepts connections and never reads nor answers. */
    static Backend silent() throws IOException {
        return new Backend(true, null);
    }

    /** Records raw request lines and answers 200 {@code ok}; keeps connections alive; reads Content-Length bodies. */
    static Backend rawRequestLines() throws IOException {
        return new Backend(false, null);
    }

    /** A plain socket whose connections the test's own code serves, each in a thread of its own. */
    static Backend answeredOnSockets(SocketAnswer own) throws IOException {
        return new Backend(false, own);
    }

    int port() {
        return socket != null ? socket.getLocalPort() : connector.getLocalPort();
    }

    // ---- what the HTTP kinds received

    List<Received> received() {
        return List.copyOf(received);
    }

    List<String> paths() {
        return received.stream().map(Received::pathAndQuery).toList();
    }

    /** How many requests arrived (each read to its end). */
    int requestCount() {
        return requestCount.get();
    }

    /** Waits (bounded) until a request matching the condition was recorded. */
    Optional<Received> await(Predicate<Received> condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        do {
            Optional<Received> found = received.stream().filter(condition).findFirst();
            if (found.isPresent()) {
                return found;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    Received awaitPath(String pathAndQuery) throws InterruptedException {
        return await(r -> r.pathAndQuery().equals(pathAndQuery), Duration.ofSeconds(20))
                .orElseThrow(() -> new AssertionError("no request for " + pathAndQuery + "; got " + paths()));
    }

    /** Waits (bounded) until at least {@code count} requests were recorded, then returns their paths. */
    List<String> awaitCount(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (received.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return paths();
    }

    /** The next request in order of arrival that this method has not returned yet, waiting for it a little. */
    Received next() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (received.size() <= taken.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the backend received no further request");
            }
            Thread.sleep(10);
        }
        return List.copyOf(received).get(taken.getAndIncrement());
    }

    /** Waits until {@code count} more requests have arrived. */
    boolean awaitArrivals(int count) throws InterruptedException {
        return arrivals.tryAcquire(count, 20, TimeUnit.SECONDS);
    }

    /** Lets a gated backend answer what it holds and all that comes. */
    void open() {
        open = true;
        for (Runnable answer; (answer = held.poll()) != null; ) {
            answer.run();
        }
    }

    private void serve(Request request, Response response, Callback callback) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        long length = 0;
        boolean complete = true;
        try (InputStream body = Content.Source.asInputStream(request)) {
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
                length += n;
                if (answer == Answer.ECHO || answer == Answer.PROTOCOL) {
                    kept.write(buffer, 0, n);
                }
            }
        } catch (IOException | RuntimeException broken) {
            complete = false;
        }
        String query = request.getHttpURI().getQuery();
        String path = request.getHttpURI().getPath() + (query == null ? "" : "?" + query);
        received.add(new Received(request.getMethod(), path, request.getHeaders().asImmutable(), length,
                HexFormat.of().formatHex(sha.digest()), complete));
        requestCount.incrementAndGet();
        Runnable reply = switch (answer) {
            case RECORDED -> () -> {
                response.setStatus(200);
                Content.Sink.write(response, true, "recorded", callback);
            };
            case SCRIPTED -> () -> script(request, response, callback);
            case ECHO -> complete ? () -> echo(request, response, callback, kept.toString(StandardCharsets.UTF_8))
                    : () -> callback.failed(new IOException("the request body did not arrive whole"));
            case AUTH -> () -> decide(request, response, callback);
            case PROTOCOL -> complete ? () -> tell(request, response, callback, kept.toString(StandardCharsets.UTF_8))
                    : () -> callback.failed(new IOException("the request body did not arrive whole"));
        };
        if (open) {
            reply.run();
        } else {
            held.add(reply);
            if (open) {
                open(); // opened meanwhile
            }
        }
        arrivals.release();
    }

    private static void script(Request request, Response response, Callback callback) {
        Fields query = Request.extractQueryParameters(request);
        if (query.getValue("server") != null) {
            response.getHeaders().put(HttpHeader.SERVER, query.getValue("server"));
        }
        if (query.getValue("vary") != null) {
            response.getHeaders().put(HttpHeader.VARY, query.getValue("vary"));
        }
        if (query.getValue("type") != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, query.getValue("type"));
        }
        String body = query.getValue("body") == null ? "backend" : query.getValue("body");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    private void echo(Request request, Response response, Callback callback, String body) {
        String status = Request.extractQueryParameters(request).getValue("status");
        response.setStatus(status == null ? 200 : Integer.parseInt(status));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        Content.Sink.write(response, true, "port " + port() + " body " + body, callback);
    }

    private static void decide(Request request, Response response, Callback callback) {
        String token = request.getHeaders().get("Authorization");
        HttpFields.Mutable headers = response.getHeaders();
        String body;
        if ("Bearer good".equals(token)) {
            headers.put("X-Auth-User", "alice");
            headers.put("X-Auth-Email", "alice@example.com");
            headers.put("X-Auth-Role", "admin");
            headers.add("Set-Cookie", "session=abc; Path=/; HttpOnly");
            headers.add("Set-Cookie", "tracking=1; Path=/");
            body = "ok";
        } else if ("Bearer redirect".equals(token)) {
            response.setStatus(302);
            headers.put("Location", "/login?rd=1");
            body = "";
        } else if ("Bearer forbidden".equals(token)) {
            response.setStatus(403);
            body = "forbidden by auth";
        } else {
            response.setStatus(401);
            headers.put("WWW-Authenticate", "Bearer realm=\"auth\"");
            headers.put("X-Reason", "missing-token");
            headers.put("Content-Type", "application/json");
            body = "{\"error\":\"please log in\"}";
        }
        response.write(true, StandardCharsets.UTF_8.encode(body), callback);
    }

    private static void tell(Request request, Response response, Callback callback, String body) {
        String path = Request.getPathInContext(request);
        if (path.equals("/slow")) {
            return; // the callback is never completed: no response
        }
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("X-Protocol", request.getConnectionMetaData().getProtocol());
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl) {
            X509Certificate[] peer = ssl.peerCertificates();
            if (peer != null && peer.length > 0) {
                headers.put("X-Client-Subject", peer[0].getSubjectX500Principal().getName());
            }
            if (ssl.sslSession() instanceof ExtendedSSLSession ext) {
                ext.getRequestedServerNames().stream().filter(n -> n instanceof SNIHostName)
                        .findFirst().ifPresent(n -> headers.put("X-Sni", ((SNIHostName) n).getAsciiName()));
            }
        }
        if (path.equals("/grpc")) {
            HttpFields.Mutable trailers = HttpFields.build().put("grpc-status", "0").put("grpc-message", "ok");
            HttpFields received = request.getTrailers();
            HttpField echoed = received == null ? null : received.getField("x-request-trailer");
            if (echoed != null) {
                trailers.put("x-request-trailer", echoed.getValue());
            }
            headers.put(HttpHeader.CONTENT_TYPE, "application/grpc");
            response.setTrailersSupplier(() -> trailers);
            // The body, then the end with the trailers: Jetty 12.0's HTTP/2 server sends a last write
            // that carries both as one DATA frame and the trailers, dropping the rest of a body larger
            // than a frame (16 KB).
            response.write(false, StandardCharsets.UTF_8.encode("echo:" + body),
                    Callback.from(() -> response.write(true, null, callback), callback::failed));
            return;
        }
        headers.put(HttpHeader.CONTENT_TYPE, "text/plain");
        response.write(true, StandardCharsets.UTF_8.encode("ok"), callback);
    }

    // ---- the plain-socket kinds

    /** Waits (bounded) until a silent backend accepted its first connection. */
    boolean awaitConnection(long timeout, TimeUnit unit) throws InterruptedException {
        return connected.await(timeout, unit);
    }

    /** The request lines received so far, e.g. {@code GET /admin/users HTTP/1.1}. */
    List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    /** The request targets received so far. */
    List<String> targets() {
        return requestLines.stream().map(line -> line.split(" ")[1]).toList();
    }

    /** Forgets what was received so far. */
    void clear() {
        requestLines.clear();
        received.clear();
    }

    /** Reads the silent connection whose request line starts with {@code requestLine}, to its end (bounded). */
    Optional<Connection> drain(String requestLine) throws IOException {
        for (Socket connection : accepted) {
            connection.setSoTimeout(5000);
            InputStream in = connection.getInputStream();
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

    private void acceptLoop(boolean answering) {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                accepted.add(connection);
                connected.countDown();
                if (answering) {
                    daemon(() -> answer(connection)).start();
                }
            } catch (IOException closed) {
                return; // the test is over
            }
        }
    }

    private void answer(Socket connection) {
        if (socketAnswer == null) {
            answerLines(connection);
            return;
        }
        try (connection) {
            socketAnswer.serve(connection);
        } catch (IOException | InterruptedException ended) {
            // the connection ended, or the test
        }
    }

    private void answerLines(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            OutputStream out = connection.getOutputStream();
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

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task, "test-backend");
        thread.setDaemon(true);
        return thread;
    }

    @Override
    public void close() throws Exception {
        open();
        if (server != null) {
            server.stop();
        } else {
            socket.close();
            for (Socket connection : accepted) {
                connection.close();
            }
        }
    }
}
