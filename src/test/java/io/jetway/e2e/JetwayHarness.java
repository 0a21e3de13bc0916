package io.jetway.e2e;

import io.jetway.bootstrap.EmbeddedServer;
import io.jetway.config.StaticConfigParser;
import io.jetway.server.proxy.ProxyOptions;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real Jetway on an ephemeral port, fed from a temporary manifests directory. */
final class JetwayHarness implements AutoCloseable {

    final Path manifests;
    final EmbeddedServer server;
    final HttpClient client;

    private JetwayHarness(Path manifests, EmbeddedServer server) throws Exception {
        this.manifests = manifests;
        this.server = server;
        this.client = new HttpClient();
        client.setFollowRedirects(false);
        client.setUserAgentField(null);
        // Tests send their cookies explicitly: no client-side cookie jar.
        client.setHttpCookieStore(new org.eclipse.jetty.http.HttpCookieStore.Empty());
        client.start();
    }

    static JetwayHarness start(Path manifests, String... extraFlags) throws Exception {
        List<String> args = new ArrayList<>(List.of("--entrypoints.web.address=127.0.0.1:0",
                "--providers.file.directory=" + manifests, TlsEngineUnderTest.flag(), ForwardingUnderTest.flag()));
        args.addAll(List.of(extraFlags));
        var config = StaticConfigParser.parse(args.toArray(String[]::new));
        return new JetwayHarness(manifests, EmbeddedServer.start(config, ProxyOptions.from(config.serversTransport())));
    }

    /**
     * A Jetway whose every request ({@code PathPrefix(`/`)}) goes to the backend on {@code backendPort},
     * returned once it answers {@code /ready} through that route.
     */
    static JetwayHarness routedTo(Path manifests, int backendPort, String... extraFlags) throws Exception {
        JetwayHarness jetway = start(manifests, extraFlags);
        try {
            jetway.write("app.yaml", Manifests.service("app", backendPort) + Manifests.route("app", "PathPrefix(`/`)", "app"));
            int status = jetway.awaitResponse(null, "/ready", r -> r.getStatus() == 200, Duration.ofSeconds(20)).getStatus();
            if (status != 200) {
                throw new AssertionError("the route to the backend did not serve within 20 s: " + status);
            }
            return jetway;
        } catch (Exception | AssertionError notReady) {
            jetway.close();
            throw notReady;
        }
    }

    int port() {
        return server.port("web");
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    Request request(String host, String path) {
        Request r = client.newRequest(url(path)).timeout(20, TimeUnit.SECONDS);
        if (host != null) {
            r.headers(h -> h.put("Host", host));
        }
        return r;
    }

    ContentResponse get(String host, String path) throws Exception {
        return request(host, path).send();
    }

    private HttpClient httpsClient;

    /**
     * A GET over TLS to an entry point's port, with {@code host} as SNI and Host (every name goes to
     * 127.0.0.1; any certificate is accepted: tests look at what is served, not at trust).
     */
    ContentResponse getHttpsOn(int port, String host, String path) throws Exception {
        if (httpsClient == null) {
            org.eclipse.jetty.util.ssl.SslContextFactory.Client tls = new org.eclipse.jetty.util.ssl.SslContextFactory.Client(true);
            tls.setEndpointIdentificationAlgorithm(null);
            org.eclipse.jetty.io.ClientConnector connector = new org.eclipse.jetty.io.ClientConnector();
            connector.setSslContextFactory(tls);
            httpsClient = new HttpClient(new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(connector));
            httpsClient.setSocketAddressResolver((name, p, promise) -> promise.succeeded(
                    java.util.List.of(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), p))));
            httpsClient.setFollowRedirects(false);
            httpsClient.start();
        }
        return httpsClient.newRequest("https://" + host + ":" + port + path).timeout(20, TimeUnit.SECONDS).send();
    }

    /** A GET to another entry point's port. */
    ContentResponse getOn(int port, String host, String path) throws Exception {
        Request r = client.newRequest("http://127.0.0.1:" + port + path).timeout(20, TimeUnit.SECONDS);
        if (host != null) {
            r.headers(h -> h.put("Host", host));
        }
        return r.send();
    }

    void write(String file, String yaml) throws IOException {
        Path target = manifests.resolve(file);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(manifests.getParent(), "manifest", ".tmp");
        Files.writeString(tmp, yaml);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Polls until the condition holds; the file provider's debounce makes changes live within a second. */
    ContentResponse awaitResponse(String host, String path, Predicate<ContentResponse> condition, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        ContentResponse last;
        do {
            last = get(host, path);
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(25);
        } while (System.nanoTime() < deadline);
        return last;
    }

    @Override
    public void close() throws Exception {
        client.stop();
        if (httpsClient != null) {
            httpsClient.stop();
        }
        server.close();
    }
}
