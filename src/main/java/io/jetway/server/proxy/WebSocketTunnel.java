package io.jetway.server.proxy;

import io.jetway.dynamic.ServersTransport;
import io.jetway.exchange.Exchange;
import io.jetway.exchange.ForwardEdits;
import io.jetway.http.HopByHopHeaders;
import io.jetway.service.Backend;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Passes WebSocket upgrades through: opens the WebSocket to the chosen backend first (so its
 * answer decides the subprotocol, and a dead backend gives 502), then accepts the client's upgrade
 * and relays messages both ways. Each side demands the next message only when the previous one
 * was sent on, so a slow reader slows the writer instead of filling memory.
 */
public final class WebSocketTunnel implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketTunnel.class);
    private static final long MAX_MESSAGE = 64L * 1024 * 1024;
    /**
     * Not copied onto the backend handshake: the hop-by-hop headers, Host and the handshake headers
     * the WebSocket client writes itself. Proxy-Authenticate, a response header, has always passed.
     */
    private static final Set<String> NOT_FORWARDED = HopByHopHeaders.adjusted(Set.of("host", "sec-websocket-key",
            "sec-websocket-version", "sec-websocket-extensions", "sec-websocket-accept", "sec-websocket-protocol"),
            Set.of("proxy-authenticate"));

    private static final String PENDING_ATTRIBUTE = WebSocketTunnel.class.getName() + ".pending";

    private final WebSocketClient client = new WebSocketClient();
    /**
     * One client per servers transport in use (its TLS settings), created on first use. A changed
     * transport is a new key; the few old ones are kept until Jetway stops.
     */
    private final Map<ServersTransport, WebSocketClient> transportClients = new ConcurrentHashMap<>();
    private final ProxyOptions options;
    private final String serverHostname;

    public WebSocketTunnel(ProxyOptions options) {
        this.options = options;
        this.serverHostname = ForwardedHeaders.localHostname();
        configure(client, options.dialTimeout());
    }

    private void configure(WebSocketClient client, java.time.Duration dialTimeout) {
        BackendHttpClient.sizeHeads(client.getHttpClient(), options.maxHeadBytes());
        client.setConnectTimeout(dialTimeout.toMillis());
        client.setMaxTextMessageSize(MAX_MESSAGE);
        client.setMaxBinaryMessageSize(MAX_MESSAGE);
        client.setIdleTimeout(java.time.Duration.ZERO);
    }

    private WebSocketClient clientFor(Backend backend) {
        ServersTransport transport = backend.transport();
        if (transport == null) {
            return client;
        }
        return transportClients.computeIfAbsent(transport, t -> {
            ClientConnector connector = new ClientConnector();
            connector.setSslContextFactory(BackendTls.of(t));
            WebSocketClient c = new WebSocketClient(new org.eclipse.jetty.client.HttpClient(
                    new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(connector)));
            configure(c, t.forwardingTimeouts().dialTimeout());
            try {
                c.start();
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the WebSocket client of servers transport " + t.name(), e);
            }
            return c;
        });
    }

    public void start() throws Exception {
        client.start();
    }

    @Override
    public void close() throws Exception {
        client.stop();
        for (WebSocketClient c : transportClients.values()) {
            c.stop();
        }
        transportClients.clear();
    }

    public static boolean isUpgrade(HttpServletRequest request) {
        String upgrade = request.getHeader("Upgrade");
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    public void tunnel(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Pending pending = (Pending) request.getAttribute(PENDING_ATTRIBUTE);
        if (pending != null) {
            completeUpgrade(request, response, pending);
            return;
        }
        Exchange exchange = Exchange.of(request);
        Backend backend = exchange.backend();
        String base = backend.baseUrl().replaceFirst("^http", "ws").replaceFirst("^h2c", "ws");
        String query = exchange.query();
        URI target = URI.create(base + exchange.path() + (query == null ? "" : "?" + query));

        ClientUpgradeRequest upgrade = new ClientUpgradeRequest();
        boolean trusted = exchange.forwardedHeadersTrusted(request.getRemoteAddr());
        HttpFields.Mutable headers = HeaderCopy.fromRequest(request, name -> !NOT_FORWARDED.contains(name)
                && (trusted || !ForwardedHeaders.isForwardingHeader(name)));
        ForwardedHeaders.apply(request, headers, serverHostname, true);
        ForwardEdits edits = exchange.editsIfAny();
        if (edits != null) {
            edits.applyToRequest(headers);
        }
        headers.forEach(f -> upgrade.setHeader(f.getName(), f.getValueList()));
        String host = request.getHeader("Host");
        if (backend.passHostHeader() && host != null) {
            upgrade.setHeader("Host", host);
        }
        String protocols = request.getHeader("Sec-WebSocket-Protocol");
        if (protocols != null) {
            upgrade.setSubProtocols(List.of(protocols.split("\\s*,\\s*")));
        }

        // Connect to the backend without holding a worker thread: the request goes async and is
        // dispatched again once the backend has answered; the upgrade happens in that dispatch.
        Relay relay = new Relay();
        AsyncContext async = request.startAsync();
        async.setTimeout(0);
        clientFor(backend).connect(relay.backendSide, target, upgrade)
                .orTimeout(options.dialTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((session, failure) -> {
                    request.setAttribute(PENDING_ATTRIBUTE, new Pending(relay, session, failure, target));
                    async.dispatch();
                });
    }

    /** The backend answered (or failed): finish the client's upgrade in this second dispatch. */
    private void completeUpgrade(HttpServletRequest request, HttpServletResponse response, Pending pending) throws IOException {
        request.removeAttribute(PENDING_ATTRIBUTE);
        // The handshake is over: the tunnel no longer counts as a request in flight.
        AtomicInteger inFlight = Exchange.of(request).backend().inFlight();
        if (inFlight != null) {
            inFlight.decrementAndGet();
        }
        if (pending.failure() != null) {
            Throwable cause = pending.failure() instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : pending.failure();
            LOG.debug("event=websocket-backend-failed url={} msg=\"{}\"", pending.target(), cause.toString());
            boolean timeout = cause instanceof TimeoutException;
            PlainResponses.send(response, timeout ? 504 : 502, timeout ? "Gateway Timeout" : "Bad Gateway");
            return;
        }
        Session backendSession = pending.session();
        String accepted = backendSession.getUpgradeResponse().getAcceptedSubProtocol();
        JettyWebSocketServerContainer container = JettyWebSocketServerContainer.getContainer(request.getServletContext());
        boolean upgraded = container != null && container.upgrade((req, resp) -> {
            if (accepted != null) {
                resp.setAcceptedSubProtocol(accepted);
            }
            return pending.relay().clientSide;
        }, request, response);
        if (!upgraded) {
            backendSession.close(StatusCode.SERVER_ERROR, "client upgrade failed", Callback.NOOP);
            if (!response.isCommitted()) {
                PlainResponses.send(response, 400, "400 Bad Request\n");
            }
        }
    }

    private record Pending(Relay relay, Session session, Throwable failure, URI target) {
    }

    /** The two halves of one tunnelled WebSocket. */
    public static final class Relay {
        private volatile Session client;
        private volatile Session backend;
        final Side clientSide = new Side(true);
        final Side backendSide = new Side(false);

        public final class Side implements Session.Listener {
            private final boolean isClient;

            Side(boolean isClient) {
                this.isClient = isClient;
            }

            private Session peer() {
                return isClient ? backend : client;
            }

            private Session self() {
                return isClient ? client : backend;
            }

            @Override
            public void onWebSocketOpen(Session session) {
                session.setMaxTextMessageSize(MAX_MESSAGE);
                session.setMaxBinaryMessageSize(MAX_MESSAGE);
                session.setIdleTimeout(java.time.Duration.ZERO);
                if (isClient) {
                    client = session;
                    // Both sides are open now: start reading from both.
                    session.demand();
                    backend.demand();
                } else {
                    backend = session;
                }
            }

            @Override
            public void onWebSocketText(String message) {
                peer().sendText(message, Callback.from(() -> self().demand(), this::fail));
            }

            @Override
            public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
                peer().sendBinary(payload, Callback.from(() -> {
                    callback.succeed();
                    self().demand();
                }, x -> {
                    callback.fail(x);
                    fail(x);
                }));
            }

            @Override
            public void onWebSocketPing(ByteBuffer payload) {
                peer().sendPing(payload, Callback.from(() -> self().demand(), this::fail));
            }

            @Override
            public void onWebSocketPong(ByteBuffer payload) {
                peer().sendPong(payload, Callback.from(() -> self().demand(), this::fail));
            }

            @Override
            public void onWebSocketClose(int statusCode, String reason) {
                Session other = peer();
                if (other != null && other.isOpen()) {
                    other.close(statusCode, reason, Callback.NOOP);
                }
            }

            @Override
            public void onWebSocketError(Throwable cause) {
                fail(cause);
            }

            private void fail(Throwable cause) {
                LOG.debug("event=websocket-relay-failed msg=\"{}\"", cause.toString());
                Session other = peer();
                if (other != null && other.isOpen()) {
                    other.close(StatusCode.SERVER_ERROR, "tunnel failed", Callback.NOOP);
                }
            }
        }
    }
}
