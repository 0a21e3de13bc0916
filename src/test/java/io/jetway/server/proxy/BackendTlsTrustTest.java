package io.jetway.server.proxy;

import io.jetway.dynamic.ServersTransport;
import io.jetway.util.TestCertificates;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Test;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.security.KeyStore;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A transport's rootCAs replace the JVM's trust store, as Traefik's certificate pool does: a
 * backend pinned to a private CA is not also trusted with a certificate from any public CA.
 */
class BackendTlsTrustTest {

    private static ServersTransport transport(List<String> rootCAs) {
        return new ServersTransport("t@test", "", false, rootCAs, List.of(), ServersTransport.DEFAULT_MAX_IDLE_CONNS_PER_HOST,
                false, "", ServersTransport.ForwardingTimeouts.DEFAULTS, null);
    }

    @Test
    void rootCAsAreTheOnlyTrustAnchors() throws Exception {
        TrustManagerFactory jvm = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        jvm.init((KeyStore) null);
        int jvmAnchors = ((X509TrustManager) jvm.getTrustManagers()[0]).getAcceptedIssuers().length;
        assertTrue(jvmAnchors > 0, "the JVM trusts public CAs (else this test could not fail)");
        TestCertificates.Issued ca = TestCertificates.ca("pinned CA");

        SslContextFactory.Client tls = BackendTls.of(transport(List.of(ca.certificatePem())));
        KeyStore anchors = tls.getTrustStore();
        List<String> aliases = Collections.list(anchors.aliases());
        assertEquals(1, aliases.size(), "only the transport's CA: " + aliases.size() + " anchors");
        assertEquals(ca.certificate(), anchors.getCertificate(aliases.get(0)));

        assertNull(BackendTls.of(transport(List.of())).getTrustStore(), "without rootCAs: the JVM's trust store");
    }
}
