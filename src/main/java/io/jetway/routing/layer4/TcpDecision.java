package io.jetway.routing.layer4;

import io.jetway.routing.tcp.TcpConnectionInfo;

import java.net.InetAddress;
import java.util.List;

/**
 * Where Traefik's order sends a connection on an entry point that may carry TCP routers (its
 * pkg/server/router/tcp/router.go), written once for the data plane and for explanations. Pure: it
 * reads compiled routes and the facts it is given, never a socket.
 *
 * <p>The data plane meets the facts in steps, so there is one method per step: {@link #atAccept}
 * (nothing read yet), then {@link #clientHello} or {@link #notTls} on the first bytes.
 * {@link #decide} chains them for a connection described all at once.
 *
 * @param route the TCP router that takes the connection; null unless the handler is {@link Handler#TCP}
 */
public record TcpDecision(Stage stage, Handler handler, TcpRoute route) {

    /** Who gets the connection. */
    public enum Handler {
        /** A TCP router: {@link #route()}. */
        TCP,
        /** The HTTP stack, plain HTTP (with {@link Stage#NO_TCP_ROUTERS} and {@link Stage#FAST_PATH}: HTTPS too). */
        HTTP,
        /** The HTTP stack over TLS: the HTTPS routers, or a 404 with the default certificate. */
        HTTPS,
        /** Closed without a byte. */
        CLOSE
    }

    /** The step of Traefik's order that decided, in that order. */
    public enum Stage {
        /** The entry point has no TCP router: the HTTP stack takes every connection, nothing is read. */
        NO_TCP_ROUTERS("no-tcp-routers"),
        /** Only non-TLS TCP routers and no HTTPS router: the client address alone decides, nothing is read. */
        FAST_PATH("fast-path"),
        /** A Postgres SSLRequest, answered "S": its ClientHello goes to the TLS TCP routers only, else closed. */
        POSTGRES("postgres"),
        /** ALPN acme-tls/1: the TLS-ALPN-01 challenge is answered by the HTTPS side. */
        ACME_TLS_ALPN("acme-tls-alpn"),
        /** An HTTPS router names the SNI in its Host rule. */
        HTTPS_HOST("https-host"),
        /** A TCP router with tls and a rule other than exactly HostSNI(`*`) matches. */
        TCP_TLS_SPECIFIC("tcp-tls-specific"),
        /** An HTTPS router without a host. */
        HTTPS_CATCH_ALL("https-catch-all"),
        /** A TCP router with tls and the rule HostSNI(`*`). */
        TCP_TLS_CATCH_ALL("tcp-tls-catch-all"),
        /** A ClientHello nothing took: HTTPS with the default certificate, then 404. */
        HTTPS_DEFAULT("https-default"),
        /** Not TLS: a TCP router without tls matches (it sees no SNI). */
        PLAIN_TCP("plain-tcp"),
        /** Not TLS and no TCP router without tls matches: the HTTP routers. */
        HTTP("http"),
        /** A Postgres SSLRequest not followed by a ClientHello. */
        CLOSED("closed");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        /** The stage's name in explanations (CLI and API). */
        public String label() {
            return label;
        }
    }

    /**
     * A connection described at once, for {@link #decide}.
     *
     * @param postgres   the client sent a Postgres SSLRequest first
     * @param tls        the (next) bytes are a ClientHello
     * @param serverName the ClientHello's SNI ("" or null for none); ignored without tls
     * @param alpn       the ClientHello's protocols; ignored without tls
     */
    public record Facts(InetAddress clientIp, boolean postgres, boolean tls, String serverName, List<String> alpn) {

        public Facts {
            alpn = alpn == null ? List.of() : List.copyOf(alpn);
        }

        /** What the TCP rules see: no SNI and no ALPN without TLS. */
        public TcpConnectionInfo info() {
            return tls ? new TcpConnectionInfo(serverName, alpn, clientIp) : new TcpConnectionInfo("", List.of(), clientIp);
        }
    }

    static final String ACME_TLS = "acme-tls/1";

    public TcpDecision {
        if ((handler == Handler.TCP) != (route != null)) {
            throw new IllegalArgumentException("a TCP route goes with the TCP handler, and only with it");
        }
    }

    /**
     * On accept, before a byte is read.
     *
     * @return the decision when no byte is needed (no TCP router; the fast path), else null: read
     *         the first bytes and ask {@link #clientHello} or {@link #notTls}
     */
    public static TcpDecision atAccept(TcpEntryPointRoutes routes, HttpsHostNames https, InetAddress client) {
        if (routes.isEmpty()) {
            return new TcpDecision(Stage.NO_TCP_ROUTERS, Handler.HTTP, null);
        }
        if (routes.tls().isEmpty() && !https.any()) {
            TcpRoute route = routes.matchPlain(new TcpConnectionInfo("", List.of(), client));
            return route != null ? tcp(Stage.FAST_PATH, route) : new TcpDecision(Stage.FAST_PATH, Handler.HTTP, null);
        }
        return null;
    }

    /** The first bytes (after a Postgres SSLRequest when {@code afterPostgres}) are not a ClientHello. */
    public static TcpDecision notTls(TcpEntryPointRoutes routes, InetAddress client, boolean afterPostgres) {
        if (afterPostgres) {
            return new TcpDecision(Stage.CLOSED, Handler.CLOSE, null);
        }
        TcpRoute route = routes.matchPlain(new TcpConnectionInfo("", List.of(), client));
        return route != null ? tcp(Stage.PLAIN_TCP, route) : new TcpDecision(Stage.HTTP, Handler.HTTP, null);
    }

    /**
     * A ClientHello (an SSLv2 one has no SNI and no ALPN), after a Postgres SSLRequest when
     * {@code afterPostgres}.
     */
    public static TcpDecision clientHello(TcpEntryPointRoutes routes, HttpsHostNames https, TcpConnectionInfo hello,
                                          boolean afterPostgres) {
        if (afterPostgres) {
            TcpRoute route = routes.matchTls(hello, false);
            route = route != null ? route : routes.matchTls(hello, true);
            return route != null ? tcp(Stage.POSTGRES, route) : new TcpDecision(Stage.POSTGRES, Handler.CLOSE, null);
        }
        if (hello.alpn().contains(ACME_TLS)) {
            return https(Stage.ACME_TLS_ALPN);
        }
        if (https.names(hello.serverName())) {
            return https(Stage.HTTPS_HOST);
        }
        TcpRoute specific = routes.matchTls(hello, false);
        if (specific != null) {
            return tcp(Stage.TCP_TLS_SPECIFIC, specific);
        }
        if (https.catchAll()) {
            return https(Stage.HTTPS_CATCH_ALL);
        }
        TcpRoute catchAll = routes.matchTls(hello, true);
        if (catchAll != null) {
            return tcp(Stage.TCP_TLS_CATCH_ALL, catchAll);
        }
        return https(Stage.HTTPS_DEFAULT);
    }

    /** All the steps for a connection described at once; HTTP becomes HTTPS for a TLS one. */
    public static TcpDecision decide(TcpEntryPointRoutes routes, HttpsHostNames https, Facts facts) {
        TcpDecision early = atAccept(routes, https, facts.clientIp());
        if (early != null) {
            return early.handler == Handler.HTTP && facts.tls() && !facts.postgres()
                    ? new TcpDecision(early.stage, Handler.HTTPS, null) : early;
        }
        return facts.tls() ? clientHello(routes, https, facts.info(), facts.postgres())
                : notTls(routes, facts.clientIp(), facts.postgres());
    }

    private static TcpDecision tcp(Stage stage, TcpRoute route) {
        return new TcpDecision(stage, Handler.TCP, route);
    }

    private static TcpDecision https(Stage stage) {
        return new TcpDecision(stage, Handler.HTTPS, null);
    }
}
