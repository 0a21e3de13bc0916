package io.jetway.e2e;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend that holds every request until the test opens the gate, so that a test knows exactly
 * how many are in flight. Counts arrivals; {@code ?status=N} answers N; the body is echoed.
 */
final class GatedBackend implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final Semaphore arrivals = new Semaphore(0);
    private final AtomicInteger received = new AtomicInteger();
    private final Queue<Runnable> held = new ConcurrentLinkedQueue<>();
    private volatile boolean open;

    private GatedBackend(boolean open) throws Exception {
        this.open = open;
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Content.Source.asString(request, StandardCharsets.UTF_8, new org.eclipse.jetty.util.Promise<>() {
                    @Override
                    public void succeeded(String body) {
                        received.incrementAndGet();
                        String status = Request.extractQueryParameters(request).getValue("status");
                        Runnable answer = () -> {
                            response.setStatus(status == null ? 200 : Integer.parseInt(status));
                            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                            Content.Sink.write(response, true, "port " + connector.getLocalPort() + " body " + body, callback);
                        };
                        if (GatedBackend.this.open) {
                            answer.run();
                        } else {
                            held.add(answer);
                            if (GatedBackend.this.open) {
                                drain(); // opened meanwhile
                            }
                        }
                        arrivals.release();
                    }

                    @Override
                    public void failed(Throwable x) {
                        callback.failed(x);
                    }
                });
                return true;
            }
        });
        server.start();
    }

    /** Holds requests until {@link #open()}. */
    static GatedBackend closed() throws Exception {
        return new GatedBackend(false);
    }

    /** Answers at once. */
    static GatedBackend answering() throws Exception {
        return new GatedBackend(true);
    }

    int port() {
        return connector.getLocalPort();
    }

    int received() {
        return received.get();
    }

    /** Waits until {@code count} more requests have arrived. */
    boolean awaitArrivals(int count) throws InterruptedException {
        return arrivals.tryAcquire(count, 20, TimeUnit.SECONDS);
    }

    void open() {
        open = true;
        drain();
    }

    private void drain() {
        for (Runnable answer; (answer = held.poll()) != null; ) {
            answer.run();
        }
    }

    @Override
    public void close() throws Exception {
        open();
        server.stop();
    }
}
