package io.jetway.whoami;

import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;

/**
 * An echo server like traefik/whoami, on Jetty's core API: the backend of the quickstart and of
 * the data-plane tests. HTTP/1.1 with keep-alive, and h2c for tests of cleartext HTTP/2.
 *
 * <ul>
 *   <li>any path: a text description of the request ({@code ?wait=500ms} delays it,
 *       {@code ?status=503} sets the status, a request header
 *       {@code X-Echo-Set-Header: name:value,...} adds those headers to the response)</li>
 *   <li>{@code /health}: 200 OK</li>
 *   <li>{@code /data?size=N}: N bytes of a printable pattern, streamed</li>
 *   <li>{@code /echo}: POST/PUT body streamed back; WebSocket echo on upgrade</li>
 *   <li>{@code /upload}: {@code bytes=<n> sha256=<hex>} of the body</li>
 * </ul>
 * Every response carries {@code X-Whoami-Name: <name>}.
 */
public final class WhoamiServer implements AutoCloseable {

    /** Large enough for the tests' multi-megabyte WebSocket messages, which arrive as one frame. */
    private static final long MAX_WEBSOCKET_FRAME = 64L * 1024 * 1024;

    private final Server server;
    private final ServerConnector connector;
    private final String name;

    private WhoamiServer(Server server, ServerConnector connector, String name) {
        this.server = server;
        this.connector = connector;
        this.name = name;
    }

    /**
     * Starts listening.
     *
     * @param host interface to bind, e.g. 127.0.0.1; null or "" for all
     * @param port 0 for an ephemeral port (see {@link #port()})
     * @param name shown in the body and the {@code X-Whoami-Name} header; null is treated as ""
     */
    public static WhoamiServer start(String host, int port, String name) throws Exception {
        return start(host, port, name, null);
    }

    /**
     * Starts listening over TLS (HTTP/1.1, WebSocket included), for tests of HTTPS backends.
     *
     * @param tls the server's certificate and settings; null for plain HTTP (and h2c)
     */
    public static WhoamiServer start(String host, int port, String name, SslContextFactory.Server tls) throws Exception {
        String serverName = Objects.requireNonNullElse(name, "");
        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("whoami" + (serverName.isEmpty() ? "" : "-" + serverName));
        Server server = new Server(threads);

        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // Like traefik/whoami (Go), accept any well-formed path, encoded slashes included.
        http.setUriCompliance(UriCompliance.LEGACY);
        if (tls != null) {
            // A proxy in front sends the client's Host, which need not be a name in this certificate.
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false);
            http.addCustomizer(secure);
        }
        ServerConnector connector = tls == null
                ? new ServerConnector(server, new HttpConnectionFactory(http), new HTTP2CServerConnectionFactory(http))
                : new ServerConnector(server, tls, new HttpConnectionFactory(http));
        connector.setHost(host == null || host.isEmpty() ? null : host);
        connector.setPort(port);
        server.addConnector(connector);

        WebSocketUpgradeHandler webSockets = new WebSocketUpgradeHandler();
        webSockets.addMapping("/echo", new EchoNegotiator(serverName));
        webSockets.setHandler(new WhoamiHandler(serverName, HostInfo.ofThisMachine()));
        server.setHandler(webSockets);
        // A test backend should close at once, idle keep-alive connections included.
        server.setStopTimeout(0);

        WhoamiServer whoami = new WhoamiServer(server, connector, serverName);
        try {
            server.start();
        } catch (Exception failed) {
            whoami.close();
            throw failed;
        }
        return whoami;
    }

    /** The port actually bound (the ephemeral one when started with 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public String name() {
        return name;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception stopFailed) {
            throw new IllegalStateException("cannot stop whoami " + name, stopFailed);
        }
    }

    /**
     * {@code jetway whoami [--port N] [--name NAME] [--host H]}: runs until the process is stopped.
     * Bad arguments print one line on stderr and exit with status 2.
     */
    public static void main(String[] args) {
        WhoamiOptions options;
        try {
            options = WhoamiOptions.parse(args);
        } catch (IllegalArgumentException invalid) {
            System.err.println("whoami: " + invalid.getMessage());
            System.exit(2);
            return;
        }
        try {
            WhoamiServer whoami = start(options.host(), options.port(), options.name());
            Runtime.getRuntime().addShutdownHook(new Thread(whoami::close, "whoami-shutdown"));
            System.out.println("whoami listening on " + options.host() + ":" + whoami.port()
                    + (whoami.name().isEmpty() ? "" : " as " + whoami.name()));
            whoami.server.join();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (Exception failed) {
            System.err.println("whoami: cannot start on " + options.host() + ":" + options.port() + ": " + failed.getMessage());
            System.exit(1);
        }
    }

    /** Accepts every WebSocket upgrade on /echo. */
    private record EchoNegotiator(String name) implements WebSocketNegotiator {

        @Override
        public FrameHandler negotiate(ServerUpgradeRequest request, ServerUpgradeResponse response,
                                      org.eclipse.jetty.util.Callback callback) {
            response.getHeaders().put(WhoamiHandler.NAME_HEADER, name);
            return new EchoFrameHandler();
        }

        @Override
        public void customize(Configuration configuration) {
            configuration.setMaxFrameSize(MAX_WEBSOCKET_FRAME);
            configuration.setMaxBinaryMessageSize(MAX_WEBSOCKET_FRAME);
            configuration.setMaxTextMessageSize(MAX_WEBSOCKET_FRAME);
            configuration.setIdleTimeout(Duration.ofMinutes(5));
        }
    }
}
