package io.jetway.e2e;

import io.jetway.dynamic.TlsDomain;
import io.jetway.tls.acme.AcmeResolver;
import io.jetway.tls.acme.CertificateResolvers;
import io.jetway.tls.acme.DomainStatus;
import io.jetway.tls.acme.IssuedCertificate;
import io.jetway.tls.acme.PebbleServer;
import io.jetway.util.Pem;
import io.jetway.whoami.WhoamiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.jetway.e2e.Manifests.tlsRoute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Jetway answers pebble's TLS-ALPN-01 validation in the handshakes of its own TLS entry point
 * (pebble's tlsPort is Jetway's websecure), gets the certificate for its router's Host name and
 * serves it there; ordinary h2 and http/1.1 clients of that entry point are served all along.
 */
@Tag("tls")
class AcmeTlsChallengeTest {

    @TempDir
    static Path pebbleDir;
    static PebbleServer pebble;
    static int websecurePort;
    static WhoamiServer backend;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PebbleServer.installed(), "pebble is not installed (apt-get install pebble)");
        websecurePort = PebbleServer.freeTcpPort();
        pebble = PebbleServer.start(pebbleDir, PebbleServer.freeTcpPort(), websecurePort, 3600);
        backend = WhoamiServer.start("127.0.0.1", 0, "acme-app");
    }

    @AfterAll
    static void stop() {
        if (pebble != null) {
            pebble.close();
        }
        if (backend != null) {
            backend.close();
        }
    }


    private static String alpnWith(String sni, String... offered) throws Exception {
        try (SSLSocket socket = (SSLSocket) TlsClient.trustAll().getSocketFactory().createSocket("127.0.0.1", websecurePort)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName(sni)));
            parameters.setApplicationProtocols(offered);
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket.getApplicationProtocol();
        }
    }

    @Test
    void tlsAlpn01IsAnsweredByJetwaysEntryPointAndTheIssuedCertificateIsServedThere(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("whoami", backend.port())
                + tlsRoute("app", "Host(`app.example.com`)", "{certResolver: le}")
                + tlsRoute("any", "PathPrefix(`/any`)", "{}"));
        TlsDomain domain = new TlsDomain("app.example.com", List.of());
        try (JetwayHarness jetway = JetwayHarness.start(manifests,
                "--entrypoints.websecure.address=127.0.0.1:" + websecurePort,
                "--certificatesresolvers.le.acme.email=ops@example.com",
                "--certificatesresolvers.le.acme.storage=" + dir.resolve("acme.json"),
                "--certificatesresolvers.le.acme.caserver=" + pebble.directoryUrl(),
                "--certificatesresolvers.le.acme.cacertificates=" + pebble.caFile(),
                "--certificatesresolvers.le.acme.tlschallenge=true",
                "--api.insecure", "--entrypoints.traefik.address=127.0.0.1:0")) {
            // While the resolver works, ordinary clients of the entry point are served: h2 and http/1.1.
            SSLContext client = TlsClient.trustAll();
            HttpClient http2 = HttpClient.newBuilder().sslContext(client).version(HttpClient.Version.HTTP_2)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> h2 = http2.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + websecurePort + "/any"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, h2.statusCode(), h2.body());
            assertEquals(HttpClient.Version.HTTP_2, h2.version());
            assertEquals("h2", alpnWith("app.example.com", "h2", "http/1.1"));

            CertificateResolvers resolvers = jetway.server.certificateResolvers();
            AcmeResolver resolver = resolvers.resolver("le");
            DomainStatus status = PebbleServer.awaitSettled(resolver, domain);
            assertEquals(DomainStatus.State.VALID, status.state(), status.toString());
            assertEquals(1, resolver.ordersPlaced());

            IssuedCertificate issued = resolvers.certificates().get("le", domain);
            X509Certificate issuedLeaf = Pem.certificates(issued.certificate().certificatePem()).get(0);
            SSLSession served = TlsClient.handshake(TlsClient.trustAll(), websecurePort, "app.example.com", null, null);
            X509Certificate[] chain = Arrays.stream(served.getPeerCertificates()).map(c -> (X509Certificate) c)
                    .toArray(X509Certificate[]::new);
            assertEquals(issuedLeaf, chain[0], "the issued certificate is served for its name at once");
            PKIXParameters toPebbleRoot = new PKIXParameters(Set.of(new TrustAnchor(pebble.root(), null)));
            toPebbleRoot.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509")
                    .generateCertPath(List.of(chain)), toPebbleRoot);

            String openssl = OpenSsl.sClientFull(websecurePort, "-servername", "app.example.com", "-alpn", "h2,http/1.1");
            assertTrue(openssl.contains("Pebble Intermediate"), openssl);
            assertTrue(openssl.contains("ALPN protocol: h2"), openssl);
            String lateValidator = OpenSsl.sClientFull(websecurePort, "-servername", "app.example.com", "-alpn", "acme-tls/1,http/1.1");
            assertTrue(lateValidator.contains("ALPN protocol: http/1.1"), "no challenge is in progress any more: " + lateValidator);

            TlsClient.Exchange https = TlsClient.get(TlsClient.trustAll(), websecurePort, "app.example.com", "app.example.com", "/");
            assertEquals(200, https.status(), https.head());
            assertTrue(https.body().contains("Name: acme-app"), https.body());

            String api = jetway.client.newRequest("http://127.0.0.1:" + jetway.server.port("traefik") + "/api/tls/certresolvers/le")
                    .timeout(10, TimeUnit.SECONDS).send().getContentAsString();
            JsonObject certificate = Json.createReader(new StringReader(api)).readObject().getJsonArray("certificates").getJsonObject(0);
            assertEquals("app.example.com", certificate.getString("main"), api);
            assertEquals("issued", certificate.getString("state"), api);
            assertEquals(issued.notAfter().toString(), certificate.getString("notAfter"), api);
            assertFalse(certificate.containsKey("error"), api);
        }
    }

    @Test
    void entryPointDomainsAreOrderedAndAreTheDefaultDomainsOfItsRouters(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        // A router on websecure without a tls section of its own: it takes the entry point's tls, domains included.
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("whoami", backend.port()) + """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: www, namespace: default}
                spec:
                  entryPoints: [websecure]
                  routes:
                    - match: Host(`www.ep.example.com`)
                      kind: Rule
                      services: [{name: whoami, port: 80}]
                """);
        TlsDomain main = new TlsDomain("ep.example.com", List.of("www.ep.example.com"));
        TlsDomain lonely = new TlsDomain("lonely.example.com", List.of());
        try (JetwayHarness jetway = JetwayHarness.start(manifests,
                "--entrypoints.websecure.address=127.0.0.1:" + websecurePort,
                "--entrypoints.websecure.http.tls.certresolver=le",
                "--entrypoints.websecure.http.tls.domains[0].main=ep.example.com",
                "--entrypoints.websecure.http.tls.domains[0].sans=www.ep.example.com",
                "--entrypoints.websecure.http.tls.domains[1].main=lonely.example.com",
                "--certificatesresolvers.le.acme.email=ops@example.com",
                "--certificatesresolvers.le.acme.storage=" + dir.resolve("acme.json"),
                "--certificatesresolvers.le.acme.caserver=" + pebble.directoryUrl(),
                "--certificatesresolvers.le.acme.cacertificates=" + pebble.caFile(),
                "--certificatesresolvers.le.acme.tlschallenge=true")) {
            CertificateResolvers resolvers = jetway.server.certificateResolvers();
            AcmeResolver resolver = resolvers.resolver("le");
            assertEquals(DomainStatus.State.VALID, PebbleServer.awaitSettled(resolver, main).state());
            assertEquals(DomainStatus.State.VALID, PebbleServer.awaitSettled(resolver, lonely).state(), "ordered though no router names it");
            assertEquals(Set.of(main, lonely), resolver.statuses().keySet(),
                    "the router asks for the entry point's domains, not for its Host name alone");
            assertEquals(2, resolver.ordersPlaced());

            X509Certificate lonelyLeaf = Pem.certificates(resolvers.certificates().get("le", lonely).certificate().certificatePem()).get(0);
            assertEquals(lonelyLeaf, TlsClient.handshake(TlsClient.trustAll(), websecurePort, "lonely.example.com", null, null)
                    .getPeerCertificates()[0]);
            TlsClient.Exchange www = TlsClient.get(TlsClient.trustAll(), websecurePort, "www.ep.example.com", "www.ep.example.com", "/");
            assertEquals(200, www.status(), www.head());
            X509Certificate mainLeaf = Pem.certificates(resolvers.certificates().get("le", main).certificate().certificatePem()).get(0);
            assertEquals(mainLeaf, www.serverCertificate());
        }
    }
}
