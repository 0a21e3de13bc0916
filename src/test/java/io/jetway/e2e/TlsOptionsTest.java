package io.jetway.e2e;

import io.jetway.util.TestCertificates.Issued;
import io.jetway.util.TestCertificates;
import io.jetway.whoami.WhoamiServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.jetway.e2e.Manifests.caSecret;
import static io.jetway.e2e.Manifests.tlsOption;
import static io.jetway.e2e.Manifests.tlsRoute;
import static io.jetway.e2e.Manifests.tlsSecret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLSOption chosen by the SNI's host: versions, cipher suites, client certificates, sniStrict, 421. */
@Tag("tls")
class TlsOptionsTest {

    private static SSLSession handshake(int port, String sni, List<String> protocols, List<String> suites) throws Exception {
        return TlsClient.handshake(TlsClient.trustAll(), port, sni, protocols, suites);
    }

    private static int get(SSLContext client, int port, String sni, String host) throws Exception {
        return TlsClient.get(client, port, sni, host, "/").status();
    }

    @Test
    void optionsApplyByHostName(@TempDir Path dir) throws Exception {
        Issued ca = TestCertificates.ca("Server CA");
        Issued server = TestCertificates.issue(ca, "server", true, "a.example.com", "v13.example.com", "v12.example.com",
                "mtls.example.com", "optional.example.com", "conflict.example.com");
        Issued clientCa = TestCertificates.ca("Client CA");
        Issued client = TestCertificates.issue(clientCa, "client", false);
        Issued stranger = TestCertificates.issue(TestCertificates.ca("Other CA"), "stranger", false);
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "tls-backend")) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("whoami", backend.port())
                    + tlsSecret("server", server.certificatePem(), server.privateKeyPem())
                    + caSecret("client-ca", clientCa.certificatePem())
                    + tlsOption("default", "{sniStrict: true}")
                    + tlsOption("modern", "{minVersion: VersionTLS13}")
                    + tlsOption("legacy", "{maxVersion: VersionTLS12, cipherSuites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]}")
                    + tlsOption("mtls", "{clientAuth: {secretNames: [client-ca], clientAuthType: RequireAndVerifyClientCert}}")
                    + tlsOption("optional", "{clientAuth: {secretNames: [client-ca], clientAuthType: VerifyClientCertIfGiven}}")
                    + tlsRoute("a", "Host(`a.example.com`)", "{secretName: server}")
                    + tlsRoute("v13", "Host(`v13.example.com`)", "{options: {name: modern}}")
                    + tlsRoute("v12", "Host(`v12.example.com`)", "{options: {name: legacy}}")
                    + tlsRoute("mtls", "Host(`mtls.example.com`)", "{options: {name: mtls}}")
                    + tlsRoute("optional", "Host(`optional.example.com`)", "{options: {name: optional}}")
                    // Two routes name different options for one host: it falls back to the defaults.
                    + tlsRoute("conflict-1", "Host(`conflict.example.com`)", "{options: {name: modern}}")
                    + tlsRoute("conflict-2", "Host(`conflict.example.com`) && Path(`/x`)", "{options: {name: legacy}}"));
            try (JetwayHarness jetway = JetwayHarness.start(manifests, "--entrypoints.websecure.address=127.0.0.1:0")) {
                int port = jetway.server.port("websecure");

                assertEquals("TLSv1.3", handshake(port, "v13.example.com", List.of("TLSv1.2", "TLSv1.3"), null).getProtocol());
                assertThrows(IOException.class, () -> handshake(port, "v13.example.com", List.of("TLSv1.2"), null),
                        "minVersion TLS 1.3 refuses TLS 1.2");
                assertThrows(IOException.class, () -> handshake(port, "v12.example.com", List.of("TLSv1.3"), null),
                        "maxVersion TLS 1.2 refuses TLS 1.3 only clients");
                assertThrows(IOException.class, () -> handshake(port, "v12.example.com", List.of("TLSv1.2"),
                        List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")), "a suite outside cipherSuites is refused");
                SSLSession legacy = handshake(port, "v12.example.com", null, null);
                assertEquals("TLSv1.2", legacy.getProtocol());
                assertEquals("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", legacy.getCipherSuite());
                assertEquals("TLSv1.2", handshake(port, "a.example.com", List.of("TLSv1.2"), null).getProtocol(),
                        "the default options still accept TLS 1.2");
                assertEquals("TLSv1.2", handshake(port, "conflict.example.com", List.of("TLSv1.2"), null).getProtocol(),
                        "conflicting options: the default ones");
                assertTrue(jetway.server.routerStatuses().stream().filter(s -> s.name().startsWith("default-conflict-"))
                        .allMatch(s -> s.warnings().toString().contains("TLS options conflict for conflict.example.com")),
                        jetway.server.routerStatuses().toString());

                String modern = OpenSsl.sClient(port, "-servername", "v13.example.com", "-tls1_2");
                assertTrue(!modern.contains("Protocol version: TLSv1.2"), modern);
                String accepted = OpenSsl.sClient(port, "-servername", "v13.example.com");
                assertTrue(accepted.contains("Protocol version: TLSv1.3"), accepted);
                assertTrue(accepted.contains("CN = server") || accepted.contains("CN=server"), accepted);

                assertThrows(IOException.class, () -> get(TlsClient.trustAll(), port, "mtls.example.com", "mtls.example.com"),
                        "RequireAndVerifyClientCert without a certificate");
                assertThrows(IOException.class, () -> get(TlsClient.context(stranger), port, "mtls.example.com", "mtls.example.com"),
                        "a certificate from another CA");
                assertEquals(200, get(TlsClient.context(client), port, "mtls.example.com", "mtls.example.com"));
                assertEquals(200, get(TlsClient.trustAll(), port, "optional.example.com", "optional.example.com"),
                        "VerifyClientCertIfGiven without a certificate");
                assertEquals(200, get(TlsClient.context(client), port, "optional.example.com", "optional.example.com"));
                assertThrows(IOException.class, () -> get(TlsClient.context(stranger), port, "optional.example.com", "optional.example.com"));

                assertThrows(IOException.class, () -> handshake(port, "unknown.example.com", null, null),
                        "sniStrict on the default options: no certificate for that name");
                assertThrows(IOException.class, () -> handshake(port, null, null, null), "sniStrict: no SNI at all");

                assertEquals(421, get(TlsClient.trustAll(), port, "a.example.com", "mtls.example.com"),
                        "domain fronting: the Host's options are not the connection's");
                assertEquals(200, get(TlsClient.trustAll(), port, "a.example.com", "conflict.example.com"),
                        "both hosts use the default options");
            }
        }
    }
}
