package io.jetway.tls;

import io.jetway.config.TlsEngine;
import io.jetway.dynamic.TlsOptionsConfig;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Which engine serves which TLS options and which handshakes, where Conscrypt loads. */
class TlsEnginesTest {

    private static TlsOptionsConfig options(String min, String max, List<String> suites, List<String> curves) {
        TlsOptionsConfig d = TlsOptionsConfig.DEFAULTS;
        return new TlsOptionsConfig(min, max, suites, curves, d.clientAuthType(), d.clientCaPems(), d.sniStrict(),
                d.alpnProtocols(), null);
    }

    private static String providerOf(SslContextFactory.Server factory) {
        return factory.getSslContext().getProvider().getName();
    }

    @BeforeEach
    void conscryptLoads() {
        assumeTrue(ConscryptProvider.load().provider() != null, "Conscrypt does not load on this platform");
    }

    @Test
    void conscryptServesWhatItCanExpressAndTheJdkTheRest() {
        TlsEngines engines = TlsEngines.of(TlsEngine.AUTO);
        assertEquals("Conscrypt", engines.providerFor("default", TlsOptionsConfig.DEFAULTS).getName());
        assertEquals("Conscrypt", engines.providerFor("gcm", options("TLSv1.2", null,
                List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), List.of())).getName());
        assertNull(engines.providerFor("curves", options("TLSv1.2", null, List.of(), List.of("secp384r1"))));
        assertEquals("curvePreferences", engines.conscryptCannotExpress(options("TLSv1.2", null, List.of(), List.of("x25519"))));
        // A CBC suite with SHA-256 that BoringSSL leaves out.
        assertEquals("cipherSuites TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", engines.conscryptCannotExpress(options("TLSv1.2",
                null, List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"), List.of())));
        assertNull(engines.providerFor("old", options("TLSv1", "TLSv1.1", List.of(), List.of())),
                "versions only the JDK's policy refuses: its engine refuses them as before");
    }

    @Test
    void theJdkChoiceServesEverything() {
        assertNull(TlsEngines.of(TlsEngine.JDK).providerFor("default", TlsOptionsConfig.DEFAULTS));
        assertNull(TlsEngines.jdk().providerFor("default", TlsOptionsConfig.DEFAULTS));
    }

    @Test
    void handshakesConscryptWouldAnswerDifferentlyGoToTheJdk() {
        TlsManager tls = new TlsManager(TlsEngines.of(TlsEngine.CONSCRYPT));
        List<String> offered = List.of("h2", "http/1.1");
        assertEquals("Conscrypt", providerOf(tls.contextFactoryFor("a.example.com", List.of("http/1.1"), offered)));
        assertEquals("Conscrypt", providerOf(tls.contextFactoryFor("a.example.com", List.of(), offered)), "no ALPN");
        SslContextFactory.Server noCommonProtocol = tls.contextFactoryFor("a.example.com", List.of("spdy/3"), offered);
        assertEquals("SunJSSE", providerOf(noCommonProtocol), "the JDK answers no_application_protocol");
        assertEquals("SunJSSE", providerOf(tls.contextFactoryFor("a.example.com", List.of("acme-tls/1"),
                List.of("acme-tls/1", "h2", "http/1.1"))), "a TLS-ALPN-01 challenge");
        assertSame(noCommonProtocol, tls.contextFactoryFor(null, List.of("spdy/3"), offered), "one JDK factory per options");
    }
}
