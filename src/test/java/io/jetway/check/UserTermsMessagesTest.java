package io.jetway.check;

import io.jetway.util.Lookalikes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Problems speak the user's terms, as {@code jetway check} prints them: which PEM block of which
 * Secret key is wrong (never the JDK's exception text), and, for a required field, the misspelt key
 * the user wrote instead.
 */
class UserTermsMessagesTest {

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A route with its own certificate Secret holding the given tls.crt. */
    static String routeWithCertificate(String certificatePem) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r}
                spec:
                  routes:
                    - match: Host(`x`)
                      services: [{name: app, port: 80}]
                  tls:
                    secretName: cert
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: cert}
                type: kubernetes.io/tls
                data:
                  tls.crt: %s
                  tls.key: %s
                """.formatted(base64(certificatePem),
                base64("-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n"));
    }

    static void assertNoJava(String out) {
        for (String leak : new String[]{"java.", "Exception", "Could not parse"}) {
            assertFalse(out.contains(leak), "\"" + leak + "\" in:\n" + out);
        }
    }

    @Test
    void anEmptyCertificateBlockIsSaidSo(@TempDir Path dir) throws Exception {
        CheckWarningsTest.Result r = CheckWarningsTest.check(dir,
                routeWithCertificate("-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n"));
        assertTrue(r.out().contains("IngressRoute/default/r: warning: spec.tls.secretName: Secret default/cert: "
                + "tls.crt: invalid certificate: PEM CERTIFICATE block 1 is empty"), r.out());
        assertNoJava(r.out());
    }

    @Test
    void aCertificateBlockThatHoldsNoCertificateIsNamed(@TempDir Path dir) throws Exception {
        CheckWarningsTest.Result r = CheckWarningsTest.check(dir, routeWithCertificate(
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"));
        assertTrue(r.out().contains("tls.crt: invalid certificate: PEM CERTIFICATE block 1 does not hold an X.509 certificate"),
                r.out());
        assertNoJava(r.out());
    }

    @Test
    void theSeedIngressSecretWithEmptyBlocks(@TempDir Path dir) throws Exception {
        String ingress = """
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: foo}
                spec:
                  rules:
                  - host: example.net
                    http:
                      paths:
                      - path: /bar
                        pathType: Exact
                        backend: {service: {name: app, port: {number: 80}}}
                  tls:
                  - secretName: supersecret
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: supersecret}
                data:
                  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0=
                  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCi0tLS0tRU5EIFBSSVZBVEUgS0VZLS0tLS0=
                """;
        CheckWarningsTest.Result r = CheckWarningsTest.check(dir, ingress);
        assertTrue(r.out().contains("spec.tls[0].secretName: Secret default/supersecret: tls.crt: invalid certificate: "
                + "PEM CERTIFICATE block 1 is empty"), r.out());
        assertNoJava(r.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // The deprecated v1beta1 backend with the port misspelt (seed 004).
            "ingress serverPort|spec.defaultBackend.servicePort: is required (found unknown key serverPort)",
            "route prot|spec.routes[0].services[0].port: is required for a Service (found unknown key prot)",
            "route Match|spec.routes[0].match: is required (found unknown key Match)",
            "ipAllowList sourcerange|spec.ipAllowList.sourceRange: is required (at least one IP or CIDR) (found unknown key sourcerange)"})
    void aRequiredFieldNamesTheMisspeltKey(String name, String expected, @TempDir Path dir) throws Exception {
        String yaml = switch (name) {
            case "ingress serverPort" -> """
                    apiVersion: networking.k8s.io/v1beta1
                    kind: Ingress
                    metadata: {name: cheese}
                    spec:
                      defaultBackend:
                        serviceName: app
                        serverPort: 80
                    """;
            case "route prot" -> CheckCommandTest.route("Host(`x`)", "").replace("port: 80", "prot: 80");
            case "route Match" -> CheckCommandTest.route("Host(`x`)", "").replace("- match:", "- Match:");
            default -> CheckCommandTest.middleware("ips", "ipAllowList: {sourcerange: [10.0.0.0/8]}");
        };
        CheckWarningsTest.Result r = CheckWarningsTest.check(dir, yaml);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains(expected), r.out());
    }

    @Test
    void aMissingFieldBesideUnrelatedKeysSaysOnlyThatItIsRequired(@TempDir Path dir) throws Exception {
        CheckWarningsTest.Result r = CheckWarningsTest.check(dir, CheckCommandTest.route("Host(`x`)", "").replace(", port: 80", ""));
        assertTrue(r.out().contains("spec.routes[0].services[0].port: is required for a Service\n")
                || r.out().contains("spec.routes[0].services[0].port: is required for a Service" + System.lineSeparator()), r.out());
    }

    @ParameterizedTest
    @CsvSource({"servicePort,serverPort,true", "port,prot,true", "port,Port,true", "match,Match,true",
            "servicePort,serviceName,false", "port,name,false", "port,kind,false", "match,kind,false",
            "secret,users,false", "service,services,true"})
    void lookalikes(String expected, String written, boolean similar) {
        assertEquals(similar, Lookalikes.similar(expected, written));
    }

    @Test
    void aMissingForwardAuthCaFileIsSaidPlainly(@TempDir Path dir) throws Exception {
        String forwardAuth = CheckCommandTest.middleware("auth",
                "forwardAuth: {address: 'http://auth.test/check', tls: {ca: /no/such/ca.pem}}")
                + "---\n" + CheckCommandTest.routeWithMiddleware("auth");
        CheckWarningsTest.Result r = CheckWarningsTest.check(dir, forwardAuth);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("no such file: /no/such/ca.pem"), r.out());
        assertNoJava(r.out());
    }
}
