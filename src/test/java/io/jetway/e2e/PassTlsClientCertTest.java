package io.jetway.e2e;

import io.jetway.util.TestCertificates.Issued;
import io.jetway.util.TestCertificates;
import io.jetway.whoami.WhoamiServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static io.jetway.e2e.Manifests.caSecret;
import static io.jetway.e2e.Manifests.tlsSecret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** passTLSClientCert: the client certificate of a mutual TLS connection, as headers for the backend. */
@Tag("tls")
class PassTlsClientCertTest {

    private static String header(String whoamiBody, String name) {
        for (String line : whoamiBody.split("\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    @Test
    void theBackendSeesTheClientCertificate(@TempDir Path dir) throws Exception {
        Issued serverCa = TestCertificates.ca("Server CA");
        Issued server = TestCertificates.issue(serverCa, "cert.example.com", false, "cert.example.com");
        Issued clientCa = TestCertificates.ca("Client CA");
        Issued client = TestCertificates.issue(clientCa, "alice, O=Acme, C=FR", false, "alice.example.com");
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "mtls-backend")) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("whoami", backend.port())
                    + tlsSecret("server", server.certificatePem(), server.privateKeyPem())
                    + caSecret("client-ca", clientCa.certificatePem()) + """
                    apiVersion: traefik.io/v1alpha1
                    kind: TLSOption
                    metadata: {name: mtls, namespace: default}
                    spec:
                      clientAuth: {secretNames: [client-ca], clientAuthType: VerifyClientCertIfGiven}
                    ---
                    apiVersion: traefik.io/v1alpha1
                    kind: Middleware
                    metadata: {name: pass-cert, namespace: default}
                    spec:
                      passTLSClientCert:
                        pem: true
                        info:
                          notAfter: true
                          notBefore: true
                          sans: true
                          subject: {country: true, organization: true, commonName: true}
                          issuer: {commonName: true}
                    ---
                    apiVersion: traefik.io/v1alpha1
                    kind: IngressRoute
                    metadata: {name: cert, namespace: default}
                    spec:
                      entryPoints: [websecure]
                      routes:
                        - match: Host(`cert.example.com`)
                          middlewares: [{name: pass-cert}]
                          services: [{name: whoami, port: 80}]
                      tls: {secretName: server, options: {name: mtls}}
                    """);
            try (JetwayHarness jetway = JetwayHarness.start(manifests, "--entrypoints.websecure.address=127.0.0.1:0")) {
                int port = jetway.server.port("websecure");
                TlsClient.Exchange with = TlsClient.get(TlsClient.context(client), port, "cert.example.com",
                        "cert.example.com", "/", "X-Forwarded-Tls-Client-Cert-Info: forged\r\n");
                assertEquals(200, with.status(), with.head());
                String pem = header(with.body(), "X-Forwarded-Tls-Client-Cert");
                assertNotNull(pem, with.body());
                String decoded = URLDecoder.decode(pem, StandardCharsets.UTF_8);
                assertTrue(pem.contains("%2B") || pem.contains("%2F") || pem.contains("%3D"), "URL-escaped: " + pem);
                assertEquals(Base64.getEncoder().encodeToString(client.certificate().getEncoded()), decoded.split(",")[0]);

                long notBefore = client.certificate().getNotBefore().getTime() / 1000;
                long notAfter = client.certificate().getNotAfter().getTime() / 1000;
                String info = URLDecoder.decode(header(with.body(), "X-Forwarded-Tls-Client-Cert-Info"), StandardCharsets.UTF_8);
                // The client sent its chain (its certificate, then its CA's): one entry each, comma-separated.
                long caNotBefore = clientCa.certificate().getNotBefore().getTime() / 1000;
                long caNotAfter = clientCa.certificate().getNotAfter().getTime() / 1000;
                assertEquals("Subject=\"C=FR,O=Acme,CN=alice\";Issuer=\"CN=Client CA\";NB=\"" + notBefore + "\";NA=\""
                        + notAfter + "\";SAN=\"alice.example.com\","
                        + "Subject=\"CN=Client CA\";Issuer=\"CN=Client CA\";NB=\"" + caNotBefore + "\";NA=\"" + caNotAfter + "\"",
                        info);
                assertEquals(2, decoded.split(",").length);

                TlsClient.Exchange without = TlsClient.get(TlsClient.trustAll(), port, "cert.example.com", "cert.example.com",
                        "/", "X-Forwarded-Tls-Client-Cert: forged\r\n");
                assertEquals(200, without.status());
                assertFalse(without.body().toLowerCase().contains("x-forwarded-tls-client-cert"),
                        "no client certificate: no header, and the client's own is removed: " + without.body());
            }
        }
    }
}
