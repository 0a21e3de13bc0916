package io.jetway.middleware.passtlsclientcert;

import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareProbe;
import io.jetway.util.TestCertificates.Issued;
import io.jetway.util.TestCertificates;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** passTLSClientCert on in-memory requests carrying a client certificate chain. */
class PassTlsClientCertMiddlewareTest {

    private static final String CERT = "X-Forwarded-Tls-Client-Cert";
    private static final String INFO = "X-Forwarded-Tls-Client-Cert-Info";

    private static Issued ca;
    private static Issued client;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCertificates.ca("Client CA");
        client = TestCertificates.issue(ca, "alice, O=Acme, C=FR", false, "alice.example.com");
    }

    private static Filter passTlsClientCert(Map<String, Object> options) {
        return PassTlsClientCertMiddleware.create(Node.at("spec.passTLSClientCert", options), MiddlewareProbe.context());
    }

    private static MiddlewareProbe withChain(X509Certificate... chain) {
        MiddlewareProbe probe = MiddlewareProbe.get("/").secure();
        probe.request().setAttribute("jakarta.servlet.request.X509Certificate", chain);
        return probe;
    }

    @Test
    void pemPassesEachCertificateOfTheChainEscaped() throws Exception {
        MiddlewareProbe probe = withChain(client.certificate(), ca.certificate()).run(passTlsClientCert(Map.of("pem", true)));

        assertTrue(probe.passedOn());
        String sent = probe.exchange().requestHeader(CERT).get(0);
        assertTrue(sent.matches("[A-Za-z0-9%._~-]+"), "URL-escaped: " + sent);
        assertEquals(Base64.getEncoder().encodeToString(client.certificate().getEncoded()) + ","
                + Base64.getEncoder().encodeToString(ca.certificate().getEncoded()), URLDecoder.decode(sent, StandardCharsets.UTF_8));
        assertEquals(List.of(), probe.exchange().requestHeader(INFO));
    }

    @Test
    void infoPassesTheSelectedFieldsInTraefiksOrder() throws Exception {
        MiddlewareProbe probe = withChain(client.certificate()).run(passTlsClientCert(Map.of("info", Map.of(
                "notBefore", true, "sans", true,
                "subject", Map.of("commonName", true, "country", true, "organization", true),
                "issuer", Map.of("commonName", true)))));

        long notBefore = client.certificate().getNotBefore().getTime() / 1000;
        assertEquals("Subject=\"C=FR,O=Acme,CN=alice\";Issuer=\"CN=Client CA\";NB=\"" + notBefore + "\";SAN=\"alice.example.com\"",
                URLDecoder.decode(probe.exchange().requestHeader(INFO).get(0), StandardCharsets.UTF_8));
        assertEquals(List.of(), probe.exchange().requestHeader(CERT));
    }

    @Test
    void whatTheClientSentInTheHeadersIsDropped() throws Exception {
        MiddlewareProbe withoutCertificate = MiddlewareProbe.get("/").header(CERT, "forged").header(INFO, "forged")
                .run(passTlsClientCert(Map.of("pem", true, "info", Map.of("notAfter", true))));

        assertTrue(withoutCertificate.passedOn());
        assertEquals(List.of(), withoutCertificate.exchange().requestHeader(CERT));
        assertEquals(List.of(), withoutCertificate.exchange().requestHeader(INFO));
    }
}
