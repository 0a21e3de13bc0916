package io.jetway.tls;

import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.DetectorConnectionFactory;
import org.eclipse.jetty.server.NegotiatingServerConnectionFactory;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.SSLEngine;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * TLS for an entry point whose TLS options depend on the server name: detection reads the
 * ClientHello's SNI (Jetty's DetectorConnectionFactory calls detect, then newConnection, on the
 * same thread for the same connection), and the connection is created from the SslContextFactory
 * of the options that name maps to (on the engine that answers this ClientHello as the JDK's
 * would, see {@link TlsManager#contextFactoryFor}), offering by ALPN the protocols of those options.
 */
public final class SniSslConnectionFactory extends SslConnectionFactory {

    private final TlsManager tls;
    /** The ClientHello detect() read, for the newConnection() call that immediately follows it. */
    private final ThreadLocal<ClientHelloServerName.Result> detected = new ThreadLocal<>();
    /** The application protocols of the connector, known once it has all its factories. */
    private volatile Set<String> spoken;

    public SniSslConnectionFactory(TlsManager tls, String nextProtocol) {
        super(tls.defaultContextFactory(), nextProtocol);
        this.tls = tls;
    }

    @Override
    public Detection detect(ByteBuffer buffer) {
        ClientHelloServerName.Result hello = ClientHelloServerName.read(buffer);
        return switch (hello.status()) {
            case NOT_TLS -> Detection.NOT_RECOGNIZED;
            case INCOMPLETE -> Detection.NEED_MORE_BYTES;
            case READ -> {
                detected.set(hello);
                yield Detection.RECOGNIZED;
            }
        };
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        ClientHelloServerName.Result hello = detected.get();
        detected.remove();
        String serverName = hello == null ? null : hello.serverName();
        List<String> offered = tls.alpnProtocolsFor(serverName, spoken(connector));
        SslContextFactory.Server factory = tls.contextFactoryFor(serverName, hello == null ? List.of() : hello.alpn(), offered);
        SocketAddress remote = endPoint.getRemoteSocketAddress();
        SSLEngine engine = remote instanceof InetSocketAddress address
                ? factory.newSSLEngine(address) : factory.newSSLEngine();
        engine.setUseClientMode(false);
        SslConnection ssl = newSslConnection(connector, endPoint, engine);
        ssl.setRenegotiationAllowed(factory.isRenegotiationAllowed());
        ssl.setRenegotiationLimit(factory.getRenegotiationLimit());
        configure(ssl, connector, endPoint);
        ConnectionFactory next = connector.getConnectionFactory(getNextProtocol());
        EndPoint decrypted = ssl.getSslEndPoint();
        decrypted.setConnection(next instanceof SniAlpnConnectionFactory alpn
                ? alpn.newConnection(connector, decrypted, engine, offered)
                : next.newConnection(connector, decrypted));
        return ssl;
    }

    /** The application protocols the connector has a connection factory for (ALPN may only pick those). */
    private Set<String> spoken(Connector connector) {
        Set<String> known = spoken;
        if (known == null) {
            Set<String> protocols = new HashSet<>();
            for (String protocol : connector.getProtocols()) {
                ConnectionFactory factory = connector.getConnectionFactory(protocol);
                if (!(factory instanceof SslConnectionFactory) && !(factory instanceof NegotiatingServerConnectionFactory)
                        && !(factory instanceof DetectorConnectionFactory)) {
                    protocols.add(protocol.toLowerCase(Locale.ROOT));
                }
            }
            known = Set.copyOf(protocols);
            spoken = known;
        }
        return known;
    }
}
