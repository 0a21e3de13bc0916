package io.jetway.tls.acme;

import io.jetway.util.TestCertificates;
import org.junit.jupiter.api.Test;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The key manager the TLS store wraps: the challenge certificate only for ALPN acme-tls/1 with an
 * SNI name in progress, the store's own certificate otherwise.
 */
class TlsAlpnChallengeKeyManagerTest {

    /** Handshakes with the key manager's server and returns the certificate it presented. */
    private static X509Certificate presented(X509ExtendedKeyManager keyManager, String sni, String alpn) throws Exception {
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(new KeyManager[] {keyManager}, null, null);
        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1,
                InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    // As Jetty's ALPN selector does: pick acme-tls/1 when offered, no ALPN otherwise.
                    accepted.setHandshakeApplicationProtocolSelector((socket, offered) ->
                            offered.contains(TlsAlpnChallengeKeyManager.ACME_TLS_1) ? TlsAlpnChallengeKeyManager.ACME_TLS_1 : "");
                    accepted.startHandshake();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, new TrustManager[] {new TrustAll()}, null);
            try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                    listener.getLocalPort())) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(sni)));
                parameters.setApplicationProtocols(new String[] {alpn});
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                X509Certificate certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                served.get(10, TimeUnit.SECONDS);
                return certificate;
            }
        }
    }

    @Test
    void challengeCertificateOnlyForAcmeTls1AndANameInProgress() throws Exception {
        TestCertificates.Issued store = TestCertificates.issue(TestCertificates.ca("Store CA"), "store", false, "a.example.com");
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store.keyStore(), TestCertificates.PASSWORD);
        X509ExtendedKeyManager delegate = (X509ExtendedKeyManager) factory.getKeyManagers()[0];

        AcmeChallenges challenges = new AcmeChallenges(Set.of());
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair keys = rsa.generateKeyPair();
        X509Certificate challenge = org.shredzone.acme4j.util.CertificateUtils.createTlsAlpn01Certificate(keys,
                org.shredzone.acme4j.Identifier.dns("a.example.com"), new byte[32]);
        challenges.putTlsAlpn("a.example.com", new AcmeChallenges.TlsAlpnCertificate(challenge, keys));
        TlsAlpnChallengeKeyManager keyManager = new TlsAlpnChallengeKeyManager(challenges, delegate);

        assertEquals(challenge, presented(keyManager, "A.example.com", "acme-tls/1"));
        assertEquals(store.certificate(), presented(keyManager, "a.example.com", "http/1.1"));
        assertEquals(store.certificate(), presented(keyManager, "other.example.com", "acme-tls/1"));

        challenges.removeTlsAlpn("a.example.com");
        assertEquals(store.certificate(), presented(keyManager, "a.example.com", "acme-tls/1"));
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
