package io.jetway.e2e;

import io.jetway.util.TestCertificates;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;

import static io.jetway.e2e.TcpRoutingEndToEndTest.awaitTls;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Gateway API TLSRoute on real sockets: a Passthrough listener hands the ClientHello to the
 * backend named by SNI, and Traefik's deny-unknown-host router closes a connection for a name no
 * route has.
 */
class GatewayTlsRouteEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void passthroughReachesTheBackendAndAnUnknownNameIsClosed() throws Exception {
        TestCertificates.Issued ca = TestCertificates.ca("test CA");
        TestCertificates.Issued backendCert = TestCertificates.issue(ca, "secure.example", false, "secure.example");
        int port;
        // A listener names its entry point by port: the entry point gets a free port known beforehand.
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (TcpBackend secure = TcpBackend.tls("secure", backendCert.keyStore(), TestCertificates.PASSWORD);
             JetwayHarness jetway = JetwayHarness.start(Files.createDirectories(dir.resolve("m")),
                     "--entrypoints.tls.address=127.0.0.1:" + port, "--providers.kubernetesgateway=true")) {
            jetway.write("gateway.yaml", Manifests.serviceWithEndpointSlice("secure", secure.port()) + "---\n" + """
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: GatewayClass
                    metadata: {name: traefik}
                    spec: {controllerName: traefik.io/gateway-controller}
                    ---
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: Gateway
                    metadata: {name: gw, namespace: default}
                    spec:
                      gatewayClassName: traefik
                      listeners:
                        - {name: tls, protocol: TLS, port: %d, tls: {mode: Passthrough}}
                    ---
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: TLSRoute
                    metadata: {name: secure, namespace: default}
                    spec:
                      parentRefs: [{name: gw}]
                      hostnames: [secure.example]
                      rules:
                        - backendRefs: [{name: secure, port: 80}]
                    """.formatted(port));

            // The client trusts only the CA that signed the backend's certificate: the handshake is the backend's.
            String answer = awaitTls(port, "secure.example", ca, "hi");
            assertTrue(answer.startsWith("secure:hi"), answer);

            // A client that accepts any certificate, so that the HTTPS fallback (default certificate, 404) would
            // answer it: deny-unknown-host takes the connection and, having no server, closes it before the
            // handshake ends, as Traefik's lazy Go handshake does.
            String unknown = trustingAnyCertificate(port, "other.example", "GET / HTTP/1.1\r\nHost: other.example\r\n\r\n");
            assertTrue(unknown.startsWith("failed: javax.net.ssl.SSLHandshakeException"), unknown);
        }
    }

    /** Handshakes trusting any certificate, sends the text and reads until the connection closes. */
    private static String trustingAnyCertificate(int port, String serverName, String text) throws Exception {
        TrustManager[] any = {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, any, null);
        try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5_000);
            SSLParameters parameters = s.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
            s.setSSLParameters(parameters);
            s.startHandshake();
            StringBuilder out = new StringBuilder("handshake done; answer: ");
            try {
                s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                int c;
                while ((c = s.getInputStream().read()) != -1) {
                    out.append((char) c);
                }
            } catch (IOException closed) {
                // A reset or a close_notify-less close after the handshake: closed all the same.
            }
            return out.toString();
        } catch (IOException e) {
            return "failed: " + e;
        }
    }
}
