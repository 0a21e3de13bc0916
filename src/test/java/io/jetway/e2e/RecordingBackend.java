package io.jetway.e2e;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * A backend that records every request it gets: method, path, headers, body size and digest, and
 * whether the body arrived whole.
 */
final class RecordingBackend implements AutoCloseable {

    record Received(String method, String pathAndQuery, HttpFields headers, long bodyLength, String sha256,
                    boolean complete) {
    }

    private final Server server;
    private final ServerConnector connector;
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();

    private RecordingBackend(int requestHeaderSize) throws Exception {
        server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(requestHeaderSize);
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                record(request);
                response.setStatus(200);
                Content.Sink.write(response, true, "recorded", callback);
                return true;
            }
        });
        server.start();
    }

    static RecordingBackend start() throws Exception {
        return new RecordingBackend(new HttpConfiguration().getRequestHeaderSize());
    }

    /** A backend that takes request heads up to {@code requestHeaderSize} bytes (Jetty's default is 8 KB). */
    static RecordingBackend acceptingHeads(int requestHeaderSize) throws Exception {
        return new RecordingBackend(requestHeaderSize);
    }

    private void record(Request request) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long length = 0;
        boolean complete = true;
        try (InputStream body = Content.Source.asInputStream(request)) {
            byte[] buffer = new byte[16 * 1024];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                sha.update(buffer, 0, n);
                length += n;
            }
        } catch (IOException | RuntimeException broken) {
            complete = false;
        }
        String query = request.getHttpURI().getQuery();
        String path = request.getHttpURI().getPath() + (query == null ? "" : "?" + query);
        received.add(new Received(request.getMethod(), path, request.getHeaders().asImmutable(), length,
                HexFormat.of().formatHex(sha.digest()), complete));
    }

    int port() {
        return connector.getLocalPort();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<String> paths() {
        return received.stream().map(Received::pathAndQuery).toList();
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

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
