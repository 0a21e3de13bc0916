package io.jetway.middleware.forwardauth;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** forwardAuth's options: only the address is required; each bad value names its field. */
class ForwardAuthOptionsTest {

    private static final String PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    private static ForwardAuthOptions parse(Map<String, Object> options) {
        return ForwardAuthOptions.from(Node.at("spec.forwardAuth", options));
    }

    private static String error(Map<String, Object> options) {
        return assertThrows(Node.InvalidFieldException.class, () -> parse(options)).getMessage();
    }

    @Test
    void defaults() {
        ForwardAuthOptions options = parse(Map.of("address", "http://auth.test/check"));

        assertEquals(URI.create("http://auth.test/check"), options.address());
        assertEquals(List.of(), options.addressEndpoints());
        assertFalse(options.trustForwardHeader());
        assertEquals(List.of(), options.authResponseHeaders());
        assertNull(options.authResponseHeadersRegex());
        assertEquals(List.of(), options.authRequestHeaders());
        assertEquals(Set.of(), options.addAuthCookiesToResponse());
        assertFalse(options.preserveLocationHeader());
        assertFalse(options.preserveRequestMethod());
        assertEquals(new ForwardAuthOptions.Tls(null, null, null, false), options.tls());
    }

    @Test
    void everyOptionIsRead(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
        ForwardAuthOptions options = parse(Map.ofEntries(
                Map.entry("address", "https://auth.test:8443/check?from=jetway"),
                Map.entry("addressEndpoints", List.of("http://10.0.0.1:80", "http://10.0.0.2:80")),
                Map.entry("trustForwardHeader", true),
                Map.entry("authResponseHeaders", List.of("X-Auth-User")),
                Map.entry("authResponseHeadersRegex", "^X-Auth-"),
                Map.entry("authRequestHeaders", List.of("Authorization", "Cookie")),
                Map.entry("addAuthCookiesToResponse", List.of("session", "session")),
                Map.entry("preserveLocationHeader", true),
                Map.entry("preserveRequestMethod", true),
                Map.entry("forwardBody", false),
                Map.entry("tls", Map.of("ca", PEM, "cert", PEM, "key", key.toString(), "insecureSkipVerify", true))));

        assertEquals(URI.create("https://auth.test:8443/check?from=jetway"), options.address());
        assertEquals(List.of("http://10.0.0.1:80", "http://10.0.0.2:80"), options.addressEndpoints());
        assertTrue(options.trustForwardHeader());
        assertEquals(List.of("X-Auth-User"), options.authResponseHeaders());
        assertEquals("^X-Auth-", options.authResponseHeadersRegex().pattern());
        assertEquals(List.of("Authorization", "Cookie"), options.authRequestHeaders());
        assertEquals(Set.of("session"), options.addAuthCookiesToResponse());
        assertTrue(options.preserveLocationHeader());
        assertTrue(options.preserveRequestMethod());
        assertEquals(new ForwardAuthOptions.Tls(PEM, PEM, Files.readString(key), true), options.tls());
    }

    @Test
    void eachBadValueNamesItsField(@TempDir Path dir) {
        assertEquals("spec.forwardAuth.address: is required", error(Map.of()));
        assertEquals("spec.forwardAuth.address: is required (found unknown key adress)", error(Map.of("adress", "http://a")));
        assertEquals("spec.forwardAuth.address: must be an http or https URL, got \"ftp://auth.test\"",
                error(Map.of("address", "ftp://auth.test")));
        assertTrue(error(Map.of("address", "http://auth test/")).startsWith("spec.forwardAuth.address: invalid URL \"http://auth test/\": "));
        assertTrue(error(Map.of("address", "http://a.test", "authResponseHeadersRegex", "("))
                .startsWith("spec.forwardAuth.authResponseHeadersRegex: invalid regular expression: "));
        assertEquals("spec.forwardAuth.forwardBody: forwarding the body is not supported yet",
                error(Map.of("address", "http://a.test", "forwardBody", true)));
        assertEquals("spec.forwardAuth.tls: cert and key go together",
                error(Map.of("address", "http://a.test", "tls", Map.of("cert", PEM))));
        String missing = dir.resolve("missing.pem").toString();
        assertEquals("spec.forwardAuth.tls.ca: no such file: " + missing,
                error(Map.of("address", "http://a.test", "tls", Map.of("ca", missing))));
        assertEquals("spec.forwardAuth.tls.ca: cannot read the file " + dir + " (not a readable PEM file or PEM text)",
                error(Map.of("address", "http://a.test", "tls", Map.of("ca", dir.toString()))));
        assertEquals("spec.forwardAuth.trustForwardHeader: expected true or false",
                error(Map.of("address", "http://a.test", "trustForwardHeader", "always")));
    }
}
