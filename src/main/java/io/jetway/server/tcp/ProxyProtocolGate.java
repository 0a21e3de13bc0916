package io.jetway.server.tcp;

import io.jetway.net.CidrSet;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ProxyConnectionFactory;

import java.net.InetSocketAddress;

/**
 * {@code entryPoints.<n>.proxyProtocol}: a connection from a trusted peer (or any peer with
 * {@code insecure}) may start with a PROXY protocol header (v1 or v2), read by Jetty's
 * {@link ProxyConnectionFactory}, and is then seen as coming from the client the header names:
 * ClientIP rules, X-Forwarded-For, ipAllowList and the access log all use that address. Without a
 * header the connection goes on as it is. A peer that is not trusted is not read for a header:
 * Traefik reads and ignores one, here it reaches the routers as the connection's first bytes.
 */
public final class ProxyProtocolGate extends AbstractConnectionFactory {

    public static final String PROTOCOL = "jetway-proxy-protocol-gate";

    private final CidrSet trusted;
    private final boolean insecure;
    private final ProxyConnectionFactory proxy;
    private final ConnectionFactory next;

    /** @param next the factory after the header (the layer-4 decision) */
    public ProxyProtocolGate(CidrSet trusted, boolean insecure, ProxyConnectionFactory proxy, ConnectionFactory next) {
        super(PROTOCOL);
        this.trusted = trusted;
        this.insecure = insecure;
        this.proxy = proxy;
        this.next = next;
    }

    /** Jetty's reader of PROXY headers, handing on to the named protocol. */
    public static ProxyConnectionFactory reader(String nextProtocol) {
        return new ProxyConnectionFactory(nextProtocol);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        boolean trust = insecure || endPoint.getRemoteSocketAddress() instanceof InetSocketAddress peer
                && trusted.contains(peer.getAddress());
        return trust ? proxy.newConnection(connector, endPoint) : next.newConnection(connector, endPoint);
    }
}
