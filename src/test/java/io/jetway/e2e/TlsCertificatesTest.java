package io.jetway.e2e;

import io.jetway.routing.RouterStatus;
import io.jetway.tls.GeneratedCertificate;
import io.jetway.util.TestCertificates.Issued;
import io.jetway.util.TestCertificates;
import io.jetway.whoami.WhoamiServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static io.jetway.e2e.Manifests.tlsRoute;
import static io.jetway.e2e.Manifests.tlsSecret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Certificates from Secrets, chosen per handshake by SNI, on a TLS entry point. */
@Tag("tls")
class TlsCertificatesTest {

    private static String cn(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    /** A new client context each time: a reused one would resume its last session, certificate included. */
    private static X509Certificate served(SSLContext ignored, int port, String sni) throws Exception {
        SSLSession session = TlsClient.handshake(TlsClient.trustAll(), port, sni, null, null);
        return (X509Certificate) session.getPeerCertificates()[0];
    }

    @Test
    void certificatesAreChosenBySniAmongSecrets(@TempDir Path dir) throws Exception {
        Issued ca = TestCertificates.ca("Test CA");
        Issued rsa = TestCertificates.issue(ca, "a.example.com", true, "a.example.com");
        Issued ec = TestCertificates.issue(ca, "b.example.com", false, "b.example.com");
        Issued wildcard = TestCertificates.issue(ca, "wildcard", true, "*.wild.example.com");
        Issued ed = TestCertificates.issueEd25519(ca, "ed.example.com", "ed.example.com");
        Issued intermediate = TestCertificates.intermediate(ca, "Test Intermediate");
        Issued chained = TestCertificates.issue(intermediate, "chain.example.com", false, "chain.example.com");
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "tls-backend")) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("whoami", backend.port())
                    // PKCS#1 RSA, SEC1 EC, PKCS#8 RSA, PKCS#8 Ed25519, and a chain with its intermediate
                    + tlsSecret("a", rsa.certificatePem(), rsa.traditionalPrivateKeyPem())
                    + tlsSecret("b", ec.certificatePem(), ec.traditionalPrivateKeyPem())
                    + tlsSecret("wild", wildcard.certificatePem(), wildcard.privateKeyPem())
                    + tlsSecret("ed", ed.certificatePem(), ed.privateKeyPem())
                    + tlsSecret("chain", chained.chainPem(), chained.privateKeyPem())
                    + tlsRoute("a", "Host(`a.example.com`)", "{secretName: a}")
                    + tlsRoute("b", "Host(`b.example.com`)", "{secretName: b}")
                    + tlsRoute("wild", "HostRegexp(`^.+\\.wild\\.example\\.com$`)", "{secretName: wild}")
                    + tlsRoute("ed", "Host(`ed.example.com`)", "{secretName: ed}")
                    + tlsRoute("chain", "Host(`chain.example.com`)", "{secretName: chain}")
                    + tlsRoute("h2", "PathPrefix(`/h2`)", "{}"));
            try (JetwayHarness jetway = JetwayHarness.start(manifests, "--entrypoints.websecure.address=127.0.0.1:0")) {
                int port = jetway.server.port("websecure");
                SSLContext client = TlsClient.trustAll();

                assertEquals(rsa.certificate(), served(client, port, "a.example.com"));
                assertEquals(ec.certificate(), served(client, port, "b.example.com"));
                assertEquals(ed.certificate(), served(client, port, "ed.example.com"));
                assertEquals(wildcard.certificate(), served(client, port, "x.wild.example.com"));
                assertTrue(cn(served(client, port, "x.y.wild.example.com")).contains(GeneratedCertificate.COMMON_NAME),
                        "a wildcard covers one label only");
                assertTrue(cn(served(client, port, null)).contains(GeneratedCertificate.COMMON_NAME), "no SNI: the default");
                assertTrue(cn(served(client, port, "unknown.example.com")).contains(GeneratedCertificate.COMMON_NAME));
                SSLSession chain = TlsClient.handshake(TlsClient.trustAll(), port, "chain.example.com", null, null);
                assertEquals(2, chain.getPeerCertificates().length, "the leaf and its intermediate");
                assertEquals(intermediate.certificate(), chain.getPeerCertificates()[1]);

                TlsClient.Exchange a = TlsClient.get(client, port, "a.example.com", "a.example.com", "/who");
                assertEquals(200, a.status(), a.head());
                assertTrue(a.body().contains("Name: tls-backend"), a.body());
                assertEquals(404, jetway.request("a.example.com", "/who").send().getStatus(),
                        "a TLS router is not reached over plain HTTP");
                assertEquals(404, jetway.client.newRequest("http://127.0.0.1:" + port + "/who")
                        .headers(h -> h.put("Host", "a.example.com")).send().getStatus(),
                        "nor over plain HTTP on its own entry point");

                try (SSLSocket socket = (SSLSocket) client.getSocketFactory().createSocket("127.0.0.1", port)) {
                    SSLParameters parameters = socket.getSSLParameters();
                    parameters.setApplicationProtocols(new String[]{"h2", "http/1.1"});
                    socket.setSSLParameters(parameters);
                    socket.startHandshake();
                    assertEquals("h2", socket.getApplicationProtocol());
                }
                HttpClient http2 = HttpClient.newBuilder().sslContext(client).version(HttpClient.Version.HTTP_2)
                        .connectTimeout(Duration.ofSeconds(10)).build();
                HttpResponse<String> h2 = http2.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/h2"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, h2.statusCode(), h2.body());
                assertEquals(HttpClient.Version.HTTP_2, h2.version());
                assertTrue(h2.body().contains("Name: tls-backend"));
            }
        }
    }

    @Test
    void certificatesFollowTheirSecretsAndBadOnesAreReported(@TempDir Path dir) throws Exception {
        Issued ca = TestCertificates.ca("Test CA");
        Issued first = TestCertificates.issue(ca, "swap.example.com", false, "swap.example.com");
        Issued second = TestCertificates.issue(ca, "swap.example.com", false, "swap.example.com");
        Issued other = TestCertificates.issue(ca, "other", false, "bad.example.com");
        Issued store = TestCertificates.issue(ca, "store default", true, "store.example.com");
        Issued expired = TestCertificates.expired(ca, "old.example.com", "old.example.com");
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "tls-backend")) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("whoami", backend.port())
                    + tlsRoute("swap", "Host(`swap.example.com`)", "{secretName: swap}")
                    + tlsRoute("bad", "Host(`bad.example.com`)", "{secretName: bad}")
                    + tlsRoute("missing", "Host(`missing.example.com`)", "{secretName: nowhere}")
                    + tlsRoute("old", "Host(`old.example.com`)", "{secretName: old}")
                    + tlsSecret("old", expired.certificatePem(), expired.privateKeyPem()));
            Files.writeString(manifests.resolve("swap.yaml"), tlsSecret("swap", first.certificatePem(), first.privateKeyPem()));
            // The key of another certificate: refused, the default certificate is served.
            Files.writeString(manifests.resolve("bad.yaml"), tlsSecret("bad", other.certificatePem(), first.privateKeyPem()));
            try (JetwayHarness jetway = JetwayHarness.start(manifests, "--entrypoints.websecure.address=127.0.0.1:0")) {
                int port = jetway.server.port("websecure");
                SSLContext client = TlsClient.trustAll();
                assertEquals(first.certificate(), served(client, port, "swap.example.com"));
                assertTrue(cn(served(client, port, "bad.example.com")).contains(GeneratedCertificate.COMMON_NAME));

                RouterStatus bad = status(jetway, "default-bad-");
                assertEquals(RouterStatus.WARNING, bad.status(), bad.toString());
                assertTrue(bad.warnings().toString().contains("spec.tls.secretName: Secret default/bad: tls.key does not match"),
                        bad.toString());
                RouterStatus missing = status(jetway, "default-missing-");
                assertTrue(missing.warnings().toString().contains("Secret default/nowhere not found"), missing.toString());
                assertEquals(200, TlsClient.get(client, port, "bad.example.com", "bad.example.com", "/").status(),
                        "the router still serves, with the default certificate");

                // An expired certificate is served anyway, as Traefik does, and its router says so.
                assertEquals(expired.certificate(), served(client, port, "old.example.com"));
                RouterStatus old = status(jetway, "default-old-");
                assertEquals(RouterStatus.WARNING, old.status(), old.toString());
                assertTrue(old.warnings().toString().contains("spec.tls.secretName: Secret default/old: the certificate expired at "
                        + expired.certificate().getNotAfter().toInstant()), old.toString());

                // A connection established before the change keeps its certificate.
                try (SSLSocket open = (SSLSocket) TlsClient.trustAll().getSocketFactory().createSocket("127.0.0.1", port)) {
                    SSLParameters parameters = open.getSSLParameters();
                    parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName("swap.example.com")));
                    open.setSSLParameters(parameters);
                    open.startHandshake();
                    jetway.write("swap.yaml", tlsSecret("swap", second.certificatePem(), second.privateKeyPem())
                            + """
                            apiVersion: traefik.io/v1alpha1
                            kind: TLSStore
                            metadata: {name: default, namespace: default}
                            spec:
                              defaultCertificate: {secretName: store}
                            ---
                            """ + tlsSecret("store", store.certificatePem(), store.privateKeyPem()));
                    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (!second.certificate().equals(served(client, port, "swap.example.com")) && System.nanoTime() < deadline) {
                        Thread.sleep(50);
                    }
                    assertEquals(second.certificate(), served(client, port, "swap.example.com"), "new handshakes get the new one");
                    assertEquals(first.certificate(), open.getSession().getPeerCertificates()[0]);
                    open.getOutputStream().write("GET / HTTP/1.1\r\nHost: swap.example.com\r\nConnection: close\r\n\r\n".getBytes());
                    String answer = new String(open.getInputStream().readAllBytes());
                    assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                }
                assertEquals(store.certificate(), served(client, port, "unknown.example.com"), "the TLSStore's default certificate");
                assertEquals(store.certificate(), served(client, port, "bad.example.com"));
            }
        }
    }

    private static RouterStatus status(JetwayHarness jetway, String prefix) {
        return jetway.server.routerStatuses().stream().filter(s -> s.name().startsWith(prefix)).findFirst().orElseThrow();
    }
}
