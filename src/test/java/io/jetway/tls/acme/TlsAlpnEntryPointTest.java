package io.jetway.tls.acme;

import io.jetway.bootstrap.EmbeddedServer;
import io.jetway.config.AcmeKeyType;
import io.jetway.config.StaticConfigParser;
import io.jetway.e2e.TlsEngineUnderTest;
import io.jetway.server.proxy.ProxyOptions;
import io.jetway.whoami.WhoamiServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.util.CertificateUtils;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Jetway's own TLS entry point with a resolver using the TLS challenge: while a TLS-ALPN-01
 * challenge is in progress for a name, a handshake offering {@code acme-tls/1} for that name gets
 * the challenge certificate and the connection is closed after the handshake; every other client
 * (h2, http/1.1, other names) is served as usual and never negotiates {@code acme-tls/1}.
 */
@Tag("tls")
class TlsAlpnEntryPointTest {

    private static final String PENDING = "pending.example.com";

    /** What one handshake gave: the negotiated protocol and the server's certificate. */
    private record Handshake(String protocol, X509Certificate certificate) {
    }

    private static SSLSocket open(int port, String sni, String... alpn) throws Exception {
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new TrustAll()}, null);
        SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(20_000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(sni)));
        parameters.setApplicationProtocols(alpn);
        socket.setSSLParameters(parameters);
        return socket;
    }

    private static Handshake handshake(int port, String sni, String... alpn) throws Exception {
        try (SSLSocket socket = open(port, sni, alpn)) {
            socket.startHandshake();
            return new Handshake(socket.getApplicationProtocol(), (X509Certificate) socket.getSession().getPeerCertificates()[0]);
        }
    }

    @Test
    void acmeTls1IsNegotiatedOnlyForANameWithAChallengeInProgress(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "alpn-backend")) {
            Files.writeString(manifests.resolve("app.yaml"), """
                    apiVersion: v1
                    kind: Service
                    metadata: {name: whoami, namespace: default}
                    spec: {ports: [{port: 80}]}
                    ---
                    apiVersion: v1
                    kind: Endpoints
                    metadata: {name: whoami, namespace: default}
                    subsets: [{addresses: [{ip: 127.0.0.1}], ports: [{port: %d}]}]
                    ---
                    apiVersion: traefik.io/v1alpha1
                    kind: IngressRoute
                    metadata: {name: app, namespace: default}
                    spec:
                      entryPoints: [websecure]
                      routes:
                        - match: PathPrefix(`/`)
                          kind: Rule
                          services: [{name: whoami, port: 80}]
                      tls: {}
                    """.formatted(backend.port()));
            // The CA server cannot be reached: nothing is ordered, the test puts the challenge in place itself.
            var config = StaticConfigParser.parse(new String[] {
                    "--entrypoints.websecure.address=127.0.0.1:0",
                    "--providers.file.directory=" + manifests,
                    "--certificatesresolvers.le.acme.storage=" + dir.resolve("acme.json"),
                    "--certificatesresolvers.le.acme.caserver=https://127.0.0.1:1/dir",
                    "--certificatesresolvers.le.acme.tlschallenge=true", TlsEngineUnderTest.flag()});
            try (EmbeddedServer server = EmbeddedServer.start(config, ProxyOptions.from(config.serversTransport()))) {
                int port = server.port("websecure");
                KeyPair keys = KeyPairs.generate(AcmeKeyType.RSA2048);
                X509Certificate challenge = CertificateUtils.createTlsAlpn01Certificate(keys, Identifier.dns(PENDING),
                        MessageDigest.getInstance("SHA-256").digest("key-authorization".getBytes(StandardCharsets.US_ASCII)));
                server.certificateResolvers().challenges().putTlsAlpn(PENDING, new AcmeChallenges.TlsAlpnCertificate(challenge, keys));

                try (SSLSocket validator = open(port, PENDING, TlsAlpnChallengeKeyManager.ACME_TLS_1)) {
                    validator.startHandshake();
                    assertEquals(TlsAlpnChallengeKeyManager.ACME_TLS_1, validator.getApplicationProtocol());
                    assertEquals(challenge, validator.getSession().getPeerCertificates()[0]);
                    // No HTTP on it: the server closes the connection once the handshake is over.
                    validator.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    validator.getOutputStream().flush();
                    assertEquals(0, bytesUntilClosed(validator.getInputStream()), "no HTTP response");
                }

                Handshake browser = handshake(port, PENDING, "h2", "http/1.1");
                assertEquals("h2", browser.protocol(), "a normal client of the same name is unaffected");
                assertNotEquals(challenge, browser.certificate());
                assertEquals("http/1.1", handshake(port, PENDING, "http/1.1").protocol());

                Handshake otherName = handshake(port, "other.example.com", TlsAlpnChallengeKeyManager.ACME_TLS_1, "http/1.1");
                assertEquals("http/1.1", otherName.protocol(), "acme-tls/1 is not selectable without a challenge");
                assertNotEquals(challenge, otherName.certificate());
                assertThrows(SSLException.class, () -> handshake(port, "other.example.com", TlsAlpnChallengeKeyManager.ACME_TLS_1),
                        "a client offering only acme-tls/1 for a name without a challenge gets no_application_protocol");

                server.certificateResolvers().challenges().removeTlsAlpn(PENDING);
                Handshake after = handshake(port, PENDING, TlsAlpnChallengeKeyManager.ACME_TLS_1, "http/1.1");
                assertEquals("http/1.1", after.protocol(), "the challenge is over");
                assertNotEquals(challenge, after.certificate());
            }
        }
    }

    /** Reads until the server closes (a reset counts as closed too); how many bytes came before. */
    private static int bytesUntilClosed(InputStream in) {
        int count = 0;
        try {
            while (in.read() >= 0) {
                count++;
            }
        } catch (java.net.SocketTimeoutException open) {
            throw new AssertionError("the server kept the acme-tls/1 connection open", open);
        } catch (IOException closed) {
            // closed without close_notify
        }
        return count;
    }

    private static final class TrustAll implements X509TrustManager {
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
    }
}
