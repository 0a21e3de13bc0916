package io.jetway.tls.acme;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

/**
 * Test only: a Jetty TLS connector that offers ALPN {@code acme-tls/1} and presents the resolver's
 * TLS-ALPN-01 certificates through {@link TlsAlpnChallengeKeyManager}, as the TLS entry points do
 * (a lighter stand-in for the resolver tests).
 */
final class TlsAlpnChallengeServer implements AutoCloseable {

    private final Server server;

    private TlsAlpnChallengeServer(Server server) {
        this.server = server;
    }

    static TlsAlpnChallengeServer start(int port, AcmeChallenges challenges) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {new TlsAlpnChallengeKeyManager(challenges, null)}, null, null);
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(context);
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(TlsAlpnChallengeKeyManager.ACME_TLS_1, "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn,
                new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.start();
        return new TlsAlpnChallengeServer(server);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
