package io.jetway.tls;

import io.jetway.util.CertifiedKey;
import io.jetway.util.TestCertificates.Issued;
import io.jetway.util.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PEM pairs checked and indexed by the names they serve. */
class CertificateTableTest {

    private static Issued ca;
    private static Issued exact;
    private static Issued wildcard;
    private static Issued cnOnly;

    @BeforeAll
    static void certificates() throws Exception {
        ca = TestCertificates.ca("Table CA");
        exact = TestCertificates.issue(ca, "ignored-cn", false, "www.example.com", "Other.Example.com");
        wildcard = TestCertificates.issue(ca, "wild", false, "*.example.com");
        cnOnly = TestCertificates.issue(ca, "cn.example.org", false);
    }

    private static CertifiedKey parse(Issued issued) {
        return CertifiedKey.parse(issued.certificatePem(), issued.privateKeyPem(), "test");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "www.example.com   | exact",
            "WWW.EXAMPLE.COM   | exact",
            "other.example.com | exact",
            "api.example.com   | wildcard",
            "a.b.example.com   | none",
            "example.com       | none",
            "cn.example.org    | cn"})
    void exactNamesThenOneLabelWildcardsThenCommonNameWithoutSans(String serverName, String expected) {
        CertifiedKey e = parse(exact);
        CertifiedKey w = parse(wildcard);
        CertifiedKey c = parse(cnOnly);
        CertificateTable table = new CertificateTable(List.of(e, w, c), () -> e);
        List<CertifiedKey> found = table.select(serverName);
        switch (expected) {
            case "exact" -> assertEquals(List.of(e), found);
            case "wildcard" -> assertEquals(List.of(w), found);
            case "cn" -> assertEquals(List.of(c), found);
            default -> assertTrue(found.isEmpty(), found.toString());
        }
    }

    @Test
    void keysInEveryFormParse() throws Exception {
        Issued rsa = TestCertificates.issue(ca, "rsa", true, "rsa.example.com");
        assertEquals("RSA", CertifiedKey.parse(rsa.certificatePem(), rsa.traditionalPrivateKeyPem(), "t").keyType());
        assertEquals("RSA", CertifiedKey.parse(rsa.certificatePem(), rsa.privateKeyPem(), "t").keyType());
        assertEquals("EC", CertifiedKey.parse(exact.certificatePem(), exact.traditionalPrivateKeyPem(), "t").keyType());
        Issued ed = TestCertificates.issueEd25519(ca, "ed", "ed.example.com");
        assertEquals("EdDSA", CertifiedKey.parse(ed.certificatePem(), ed.privateKeyPem(), "t").keyType());
        Issued intermediate = TestCertificates.intermediate(ca, "Intermediate");
        Issued leaf = TestCertificates.issue(intermediate, "leaf", false, "leaf.example.com");
        assertEquals(2, CertifiedKey.parse(leaf.chainPem(), leaf.privateKeyPem(), "t").chain().size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mismatch  | tls.key does not match the certificate in tls.crt",
            "nocert    | tls.crt: no PEM certificate found",
            "nokey     | tls.key: no PEM private key found",
            "garbage   | tls.crt: invalid certificate"})
    void badPairsSayWhatIsWrong(String kind, String message) {
        String certificate = switch (kind) {
            case "nocert" -> "not a certificate";
            case "garbage" -> "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
            default -> exact.certificatePem();
        };
        String key = switch (kind) {
            case "mismatch" -> wildcard.privateKeyPem();
            case "nokey" -> "no key here";
            default -> exact.privateKeyPem();
        };
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CertifiedKey.parse(certificate, key, "t"));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @Test
    void theGeneratedCertificateNamesJetway() {
        CertifiedKey generated = GeneratedCertificate.create();
        assertEquals(GeneratedCertificate.COMMON_NAME, generated.commonName());
        assertEquals("RSA", generated.keyType());
    }
}
