package io.jetway.server.tcp;

import io.jetway.routing.RoutingTable;
import io.jetway.routing.layer4.HttpsHostNames;
import io.jetway.routing.layer4.TcpDecision;
import io.jetway.routing.layer4.TcpEntryPointRoutes;
import io.jetway.tls.TlsManager;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The first connection factory of an entry point that may carry TCP routers. Without TCP routers
 * it hands the connection to the HTTP factories at once, so HTTP pays nothing. Otherwise, in
 * Traefik's order: with only non-TLS TCP routers and no HTTPS routers the client address alone
 * decides and nothing is read (server-speaks-first protocols work); else the first bytes decide
 * ({@link SniffingConnection}).
 */
public final class Layer4ConnectionFactory extends AbstractConnectionFactory {

    public static final String PROTOCOL = "jetway-layer4";

    private final String entryPoint;
    private final Supplier<RoutingTable> tables;
    private final ConnectionFactory http;
    private final TcpForwarder forwarder;
    private final TlsManager tls;
    private final Duration serverFirstAfter;
    private volatile Cached cached = new Cached(null, HttpsHostNames.NONE);

    private record Cached(RoutingTable table, HttpsHostNames https) {
    }

    /**
     * @param tables           the routing table serving now; null before the first one
     * @param http             the factory plain HTTP and HTTPS connections go to (it tells them apart)
     * @param tls              certificates and options by server name, for TCP routers that terminate TLS; null without TLS
     * @param serverFirstAfter a silent client goes to the non-TLS HostSNI(`*`) router after this; zero: never
     */
    public Layer4ConnectionFactory(String entryPoint, Supplier<RoutingTable> tables, ConnectionFactory http,
                                   TcpForwarder forwarder, TlsManager tls, Duration serverFirstAfter) {
        super(PROTOCOL);
        this.entryPoint = entryPoint;
        this.tables = tables;
        this.http = http;
        this.forwarder = forwarder;
        this.tls = tls;
        this.serverFirstAfter = serverFirstAfter;
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        RoutingTable table = tables.get();
        TcpEntryPointRoutes routes = table == null ? TcpEntryPointRoutes.NONE : table.layer4().tcp(entryPoint);
        if (routes.isEmpty()) {
            return http.newConnection(connector, endPoint);
        }
        HttpsHostNames https = httpsHosts(table);
        InetSocketAddress client = (InetSocketAddress) endPoint.getRemoteSocketAddress();
        TcpDecision early = TcpDecision.atAccept(routes, https, client.getAddress());
        if (early == null) {
            return configure(new SniffingConnection(endPoint, connector, routes, https, this), connector, endPoint);
        }
        if (early.handler() != TcpDecision.Handler.TCP) {
            return http.newConnection(connector, endPoint);
        }
        Connection[] installed = new Connection[1];
        forwarder.forward(entryPoint, endPoint, client, endPoint.getLocalSocketAddress(), early.route(), null, null,
                c -> installed[0] = c);
        // A refused or server-less connection was closed; Jetty still needs a connection to open.
        return installed[0] != null ? installed[0] : new SniffingConnection.Closed(endPoint, connector.getExecutor());
    }

    String entryPoint() {
        return entryPoint;
    }

    ConnectionFactory http() {
        return http;
    }

    TcpForwarder forwarder() {
        return forwarder;
    }

    TlsManager tls() {
        return tls;
    }

    Duration serverFirstAfter() {
        return serverFirstAfter;
    }

    private HttpsHostNames httpsHosts(RoutingTable table) {
        Cached c = cached;
        if (c.table() != table) {
            c = new Cached(table, HttpsHostNames.of(table.tlsRouters(entryPoint)));
            cached = c;
        }
        return c.https();
    }
}
