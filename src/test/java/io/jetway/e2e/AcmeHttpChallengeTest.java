package io.jetway.e2e;

import io.jetway.dynamic.TlsDomain;
import io.jetway.tls.acme.AcmeResolver;
import io.jetway.tls.acme.CertificateResolvers;
import io.jetway.tls.acme.DomainStatus;
import io.jetway.tls.acme.IssuedCertificate;
import io.jetway.tls.acme.PebbleServer;
import io.jetway.util.Pem;
import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real Jetway answers pebble's HTTP-01 validation on its plain entry point (before routing), gets
 * a certificate for its router's Host name, stores it, and a restarted Jetway reuses it without
 * ordering again.
 */
@Tag("tls")
class AcmeHttpChallengeTest {

    @TempDir
    static Path pebbleDir;
    static PebbleServer pebble;
    static int webPort;
    static WhoamiServer backend;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(PebbleServer.installed(), "pebble is not installed (apt-get install pebble)");
        webPort = PebbleServer.freeTcpPort();
        pebble = PebbleServer.start(pebbleDir, webPort, PebbleServer.freeTcpPort(), 3600);
        backend = WhoamiServer.start("127.0.0.1", 0, "app");
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

    private static JetwayHarness jetway(Path manifests, Path storage) throws Exception {
        JetwayHarness harness = JetwayHarness.start(manifests,
                "--entrypoints.web.address=127.0.0.1:" + webPort,
                "--certificatesresolvers.le.acme.email=ops@example.com",
                "--certificatesresolvers.le.acme.storage=" + storage,
                "--certificatesresolvers.le.acme.caserver=" + pebble.directoryUrl(),
                "--certificatesresolvers.le.acme.cacertificates=" + pebble.caFile(),
                "--certificatesresolvers.le.acme.httpchallenge.entrypoint=web");
        // Routers on web use the resolver (the flag --entrypoints.web.http.tls.certresolver=le would also
        // make them TLS-only, and this test reaches them over plain HTTP too).
        harness.server.certificateResolvers().setEntryPointResolvers(Map.of("web", "le"));
        return harness;
    }


    /** The serial of the certificate Jetway presents for a server name (any certificate is accepted). */
    private static BigInteger servedSerial(int port, String serverName) throws Exception {
        return ((X509Certificate) TlsClient.handshake(TlsClient.trustAll(), port, serverName, null, null)
                .getPeerCertificates()[0]).getSerialNumber();
    }

    @Test
    void http01ThroughThePlainEntryPointThenARestartReusesTheStoredCertificate(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", backend.port())
                + Manifests.route("app", "Host(`app.example.com`)", "app"));
        Path storage = dir.resolve("acme.json");
        TlsDomain domain = new TlsDomain("app.example.com", List.of());

        BigInteger firstSerial;
        try (JetwayHarness jetway = jetway(manifests, storage)) {
            jetway.awaitResponse("app.example.com", "/", r -> r.getStatus() == 200, Duration.ofSeconds(10));
            CertificateResolvers resolvers = jetway.server.certificateResolvers();
            AcmeResolver resolver = resolvers.resolver("le");
            DomainStatus status = PebbleServer.awaitSettled(resolver, domain);
            assertEquals(DomainStatus.State.VALID, status.state(), status.toString());
            assertEquals(1, resolver.ordersPlaced());

            IssuedCertificate issued = resolvers.certificates().get("le", domain);
            List<X509Certificate> chain = Pem.certificates(issued.certificate().certificatePem());
            assertTrue(chain.size() >= 2, "leaf and pebble's intermediate");
            PKIXParameters toPebbleRoot = new PKIXParameters(Set.of(new TrustAnchor(pebble.root(), null)));
            toPebbleRoot.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), toPebbleRoot);
            assertEquals(List.of("app.example.com"), chain.get(0).getSubjectAlternativeNames().stream().map(san -> san.get(1)).toList());
            firstSerial = chain.get(0).getSerialNumber();
            assertEquals(firstSerial, servedSerial(webPort, "app.example.com"),
                    "a TLS handshake for the name gets the issued certificate at once");

            // Tokens not in progress get Traefik's 404 on the challenge entry point; routing is untouched otherwise.
            ContentResponse unknown = jetway.get("app.example.com", "/.well-known/acme-challenge/not-a-token");
            assertEquals(404, unknown.getStatus());
            assertEquals(200, jetway.get("app.example.com", "/").getStatus());
        }
        assertTrue(Files.readString(storage).contains("\"le\""));

        try (JetwayHarness restarted = jetway(manifests, storage)) {
            AcmeResolver resolver = restarted.server.certificateResolvers().resolver("le");
            DomainStatus status = PebbleServer.awaitSettled(resolver, domain);
            assertEquals(DomainStatus.State.VALID, status.state(), status.toString());
            assertEquals(0, resolver.ordersPlaced(), "the stored certificate is reused");
            IssuedCertificate reused = restarted.server.certificateResolvers().certificates().get("le", domain);
            assertNotNull(reused);
            assertEquals(IssuedCertificate.Origin.STORED, reused.origin());
            assertEquals(firstSerial, Pem.certificates(reused.certificate().certificatePem()).get(0).getSerialNumber());
        }
    }

    /**
     * Beyond Traefik (whose ACME does not issue for Gateway listeners): an HTTPS listener naming a
     * resolver in tls.options gets its HTTPRoutes' host certificates ordered and served.
     */
    @Test
    void aGatewayListenerAsksAResolverForItsRoutesCertificates(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("gw.yaml"), """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: jetway}
                spec: {controllerName: traefik.io/gateway-controller}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: default}
                spec:
                  gatewayClassName: jetway
                  listeners:
                    - name: websecure
                      port: %d
                      protocol: HTTPS
                      tls: {options: {jetway.io/cert-resolver: le}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: app, namespace: default}
                spec:
                  parentRefs: [{name: gw}]
                  hostnames: [gw.example.com]
                  rules: [{backendRefs: [{name: app, port: 80}]}]
                ---
                """.formatted(webPort) + Manifests.serviceWithEndpointSlice("app", backend.port()));
        TlsDomain domain = new TlsDomain("gw.example.com", List.of());
        try (JetwayHarness jetway = JetwayHarness.start(manifests,
                "--entrypoints.web.address=127.0.0.1:" + webPort, "--providers.kubernetesgateway",
                "--certificatesresolvers.le.acme.email=ops@example.com",
                "--certificatesresolvers.le.acme.storage=" + dir.resolve("acme.json"),
                "--certificatesresolvers.le.acme.caserver=" + pebble.directoryUrl(),
                "--certificatesresolvers.le.acme.cacertificates=" + pebble.caFile(),
                "--certificatesresolvers.le.acme.httpchallenge.entrypoint=web")) {
            AcmeResolver resolver = jetway.server.certificateResolvers().resolver("le");
            DomainStatus status = PebbleServer.awaitSettled(resolver, domain);
            assertEquals(DomainStatus.State.VALID, status.state(), status.toString());
            IssuedCertificate issued = jetway.server.certificateResolvers().certificates().get("le", domain);
            assertEquals(Pem.certificates(issued.certificate().certificatePem()).get(0).getSerialNumber(),
                    servedSerial(webPort, "gw.example.com"), "the listener serves the certificate the resolver got");
        }
    }
}
