package io.jetway.tls.acme;

import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.util.BufferUtil;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import java.io.IOException;

/**
 * The protocol {@code acme-tls/1} on a TLS entry point: a TLS-ALPN-01 validation only needs the
 * handshake (the challenge certificate is presented by {@link TlsAlpnChallengeKeyManager}), so the
 * connection finishes the handshake, then closes; no HTTP is spoken on it.
 */
public final class TlsAlpnChallengeConnectionFactory extends AbstractConnectionFactory {

    public TlsAlpnChallengeConnectionFactory() {
        super(TlsAlpnChallengeKeyManager.ACME_TLS_1);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        return configure(new CloseAfterHandshake(endPoint, connector), connector, endPoint);
    }

    /**
     * ALPN hands the connection over as soon as the protocol is chosen, which is before the client's
     * Finished: it keeps reading (which drives the handshake) until the handshake is over.
     */
    private static final class CloseAfterHandshake extends AbstractConnection {

        private final SSLEngine engine;

        CloseAfterHandshake(EndPoint endPoint, Connector connector) {
            super(endPoint, connector.getExecutor());
            this.engine = endPoint instanceof SslConnection.SslEndPoint ssl ? ssl.getSslConnection().getSSLEngine() : null;
        }

        @Override
        public void onOpen() {
            super.onOpen();
            if (handshakeDone()) {
                close();
            } else {
                fillInterested();
            }
        }

        @Override
        public void onFillable() {
            try {
                int filled = getEndPoint().fill(BufferUtil.EMPTY_BUFFER);
                if (filled < 0 || handshakeDone()) {
                    close();
                } else {
                    fillInterested();
                }
            } catch (IOException failed) {
                close();
            }
        }

        private boolean handshakeDone() {
            return engine == null || engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
        }

        @Override
        public void close() {
            // close_notify first, as Jetty's own negotiation does.
            getEndPoint().shutdownOutput();
            super.close();
        }
    }
}
