package io.jetway.server.proxy;

import org.eclipse.jetty.alpn.client.ALPNClientConnection;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;

import java.io.IOException;
import java.util.Map;

/**
 * HTTP/2 and HTTP/1.1 to backends, h2 offered first in ALPN as Go's client does. A TLS server that
 * answers without ALPN gets HTTP/1.1, as from Go (and Traefik); Jetty's own fallback would try the
 * first protocol, HTTP/2, and fail against every HTTPS backend that only speaks HTTP/1.1.
 */
final class BackendClientTransport extends HttpClientTransportDynamic {

    /** {@code maxHeadBytes}: the largest request head sent over HTTP/2 (HTTP/1.1's is the HttpClient's). */
    BackendClientTransport(ClientConnector connector, int maxHeadBytes) {
        super(connector, new ClientConnectionFactoryOverHTTP2.HTTP2(http2(connector, maxHeadBytes)), NonBlockingHttp11.PROTOCOL);
        setConnectionPoolFactory(Http11ConnectionPool::forDestination);
    }

    private static HTTP2Client http2(ClientConnector connector, int maxHeadBytes) {
        HTTP2Client client = new HTTP2Client(connector);
        client.setMaxRequestHeadersSize(maxHeadBytes);
        return client;
    }

    @Override
    protected Connection newNegotiatedConnection(EndPoint endPoint, Map<String, Object> context) throws IOException {
        if (endPoint.getConnection() instanceof ALPNClientConnection alpn && alpn.getProtocol() == null) {
            try {
                return NonBlockingHttp11.PROTOCOL.getClientConnectionFactory().newConnection(endPoint, context);
            } catch (Throwable failure) {
                connectFailed(context, failure);
                throw failure;
            }
        }
        return super.newNegotiatedConnection(endPoint, context);
    }
}
