package io.jetway.net;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.net.ssl.SSLContext;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Traefik's (Go's) TLS names mapped to JSSE's. */
class TlsOptionNamesTest {

    @ParameterizedTest
    @CsvSource({"VersionTLS10, TLSv1", "VersionTLS11, TLSv1.1", "VersionTLS12, TLSv1.2", "VersionTLS13, TLSv1.3"})
    void versions(String go, String jsse) {
        assertEquals(jsse, TlsOptionNames.version(go));
    }

    @ParameterizedTest
    @CsvSource({"CurveP256, secp256r1", "CurveP384, secp384r1", "CurveP521, secp521r1", "X25519, x25519",
            "secp384r1, secp384r1"})
    void curves(String go, String jsse) {
        assertEquals(jsse, TlsOptionNames.curve(go));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_AES_128_GCM_SHA256"})
    void cipherSuitesMapToNamesTheJvmKnows(String go) throws Exception {
        String jsse = TlsOptionNames.cipherSuite(go);
        assertTrue(List.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()).contains(jsse), jsse);
    }

    @ParameterizedTest
    @ValueSource(strings = {"VersionTLS14", "TLS1.2"})
    void unknownVersionsAreErrors(String name) {
        assertThrows(IllegalArgumentException.class, () -> TlsOptionNames.version(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLS_FOO", "SSL_RSA_WITH_RC4_128_MD5"})
    void unknownSuitesAreErrors(String name) {
        assertThrows(IllegalArgumentException.class, () -> TlsOptionNames.cipherSuite(name));
    }
}
