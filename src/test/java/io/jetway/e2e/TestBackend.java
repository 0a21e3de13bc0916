package io.jetway.e2e;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.HTTP2Cipher;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

/**
 * A backend that tells what it saw in response headers: X-Protocol (HTTP/1.1 or HTTP/2.0),
 * X-Sni, X-Client-Subject. {@code /grpc} answers like a gRPC server (application/grpc, the body
 * echoed, trailer grpc-status: 0, and the request's x-request-trailer echoed as a trailer);
 * {@code /slow} never answers.
 */
final class TestBackend implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;

    private TestBackend(Server server, ServerConnector connector) {
        this.server = server;
        this.connector = connector;
    }

    /** TLS with ALPN (h2, http/1.1); with a client trust store, a client certificate is required. */
    static TestBackend https(KeyStore keyStore, char[] password, KeyStore clientTrust) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.addCustomizer(new SecureRequestCustomizer(false, false, -1, false));
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(keyStore);
        tls.setKeyStorePassword(new String(password));
        tls.setCipherComparator(HTTP2Cipher.COMPARATOR);
        if (clientTrust != null) {
            tls.setTrustStore(clientTrust);
            tls.setNeedClientAuth(true);
        }
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory("h2", "http/1.1");
        alpn.setDefaultProtocol("http/1.1");
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(tls, alpn.getProtocol()), alpn,
                new HTTP2ServerConnectionFactory(http), new HttpConnectionFactory(http));
        return start(server, connector);
    }

    /** Cleartext HTTP/2 with prior knowledge (and HTTP/1.1). */
    static TestBackend h2c() throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http),
                new HTTP2CServerConnectionFactory(http));
        return start(server, connector);
    }

    private static TestBackend start(Server server, ServerConnector connector) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Recorder());
        server.start();
        return new TestBackend(server, connector);
    }

    int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private static final class Recorder extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            if (path.equals("/slow")) {
                return true; // the callback is never completed: no response
            }
            HttpFields.Mutable headers = response.getHeaders();
            headers.put("X-Protocol", request.getConnectionMetaData().getProtocol());
            if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData ssl) {
                X509Certificate[] peer = ssl.peerCertificates();
                if (peer != null && peer.length > 0) {
                    headers.put("X-Client-Subject", peer[0].getSubjectX500Principal().getName());
                }
                if (ssl.sslSession() instanceof ExtendedSSLSession ext) {
                    ext.getRequestedServerNames().stream().filter(n -> n instanceof SNIHostName)
                            .findFirst().ifPresent(n -> headers.put("X-Sni", ((SNIHostName) n).getAsciiName()));
                }
            }
            if (path.equals("/grpc")) {
                Content.Source.asStringAsync(request, StandardCharsets.UTF_8).whenComplete((body, failure) -> {
                    if (failure != null) {
                        callback.failed(failure);
                        return;
                    }
                    HttpFields.Mutable trailers = HttpFields.build().put("grpc-status", "0").put("grpc-message", "ok");
                    HttpFields received = request.getTrailers();
                    HttpField echoed = received == null ? null : received.getField("x-request-trailer");
                    if (echoed != null) {
                        trailers.put("x-request-trailer", echoed.getValue());
                    }
                    headers.put(HttpHeader.CONTENT_TYPE, "application/grpc");
                    response.setTrailersSupplier(() -> trailers);
                    // The body, then the end with the trailers: Jetty 12.0's HTTP/2 server sends a
                    // last write that carries both as one DATA frame and the trailers, dropping the
                    // rest of a body larger than a frame (16 KB).
                    response.write(false, StandardCharsets.UTF_8.encode("echo:" + body),
                            Callback.from(() -> response.write(true, null, callback), callback::failed));
                });
                return true;
            }
            headers.put(HttpHeader.CONTENT_TYPE, "text/plain");
            response.write(true, StandardCharsets.UTF_8.encode("ok"), callback);
            return true;
        }
    }
}
