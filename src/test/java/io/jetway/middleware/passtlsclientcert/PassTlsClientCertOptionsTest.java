package io.jetway.middleware.passtlsclientcert;

import io.jetway.kube.Node;
import io.jetway.middleware.passtlsclientcert.PassTlsClientCertOptions.Info;
import io.jetway.middleware.passtlsclientcert.PassTlsClientCertOptions.NameParts;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** passTLSClientCert's options: every flag off unless set; no info section means no info header. */
class PassTlsClientCertOptionsTest {

    private static PassTlsClientCertOptions parse(Map<String, Object> options) {
        return PassTlsClientCertOptions.from(Node.at("spec.passTLSClientCert", options));
    }

    @Test
    void nothingIsPassedByDefault() {
        PassTlsClientCertOptions options = parse(Map.of());

        assertFalse(options.pem());
        assertNull(options.info());
    }

    @Test
    void anEmptyInfoAsksForTheHeaderWithNoField() {
        assertEquals(new Info(false, false, false, false, null, null), parse(Map.of("info", Map.of())).info());
    }

    @Test
    void everyOptionIsRead() {
        Map<String, Object> allParts = Map.of("country", true, "province", true, "locality", true, "organization", true,
                "organizationalUnit", true, "commonName", true, "serialNumber", true, "domainComponent", true);
        PassTlsClientCertOptions options = parse(Map.of("pem", true, "info", Map.of("notAfter", true, "notBefore", true,
                "sans", true, "serialNumber", true, "subject", allParts, "issuer", Map.of("commonName", true))));

        NameParts all = new NameParts(true, true, true, true, true, true, true, true);
        NameParts commonName = new NameParts(false, false, false, false, false, true, false, false);
        assertEquals(new PassTlsClientCertOptions(true, new Info(true, true, true, true, all, commonName)), options);
    }

    @Test
    void eachBadValueNamesItsField() {
        assertEquals("spec.passTLSClientCert.pem: expected true or false", assertThrows(Node.InvalidFieldException.class,
                () -> parse(Map.of("pem", "yes"))).getMessage());
        assertEquals("spec.passTLSClientCert.info.subject.commonName: expected true or false",
                assertThrows(Node.InvalidFieldException.class,
                        () -> parse(Map.of("info", Map.of("subject", Map.of("commonName", 1))))).getMessage());
        assertEquals("spec.passTLSClientCert.info: expected an object", assertThrows(Node.InvalidFieldException.class,
                () -> parse(Map.of("info", "all"))).getMessage());
    }
}
