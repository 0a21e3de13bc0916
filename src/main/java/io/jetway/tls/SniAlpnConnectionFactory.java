package io.jetway.tls;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;

import javax.net.ssl.SSLEngine;
import java.util.List;

/**
 * ALPN whose offered protocols are chosen per connection (by the TLS options of the server name,
 * see {@link TlsManager#alpnProtocolsFor}) rather than fixed for the connector. The server picks
 * the first of its protocols the client offers; a client without ALPN gets {@code http/1.1}.
 */
public final class SniAlpnConnectionFactory extends ALPNServerConnectionFactory {

    public static final String HTTP_1_1 = "http/1.1";

    /** @param protocols every protocol the connector speaks after TLS, for connections not made by {@link SniSslConnectionFactory} */
    public SniAlpnConnectionFactory(String... protocols) {
        super(protocols);
        setDefaultProtocol(HTTP_1_1);
    }

    /** The ALPN connection of one TLS connection, offering these protocols. */
    Connection newConnection(Connector connector, EndPoint endPoint, SSLEngine engine, List<String> protocols) {
        return configure(newServerConnection(connector, endPoint, engine, List.copyOf(protocols), HTTP_1_1), connector, endPoint);
    }
}
