package io.jetway.e2e;

import io.jetway.util.TestCertificates.Issued;
import io.jetway.util.TestCertificates;
import io.jetway.whoami.WhoamiServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.jetway.e2e.Manifests.tlsOption;
import static io.jetway.e2e.Manifests.tlsRoute;
import static io.jetway.e2e.Manifests.tlsSecret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLSOption alpnProtocols: per server name, the server offers only the option's protocols. */
@Tag("tls")
class TlsAlpnProtocolsTest {

    /** The protocol negotiated for a client offering these, in this order. */
    private static String negotiated(int port, String sni, String... offered) throws Exception {
        try (SSLSocket socket = (SSLSocket) TlsClient.trustAll().getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(sni)));
            parameters.setApplicationProtocols(offered);
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return socket.getApplicationProtocol();
        }
    }

    private static HttpResponse<String> http2Get(int port, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(TlsClient.trustAll()).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theOptionsOfTheServerNameChooseTheOfferedProtocols(@TempDir Path dir) throws Exception {
        Issued ca = TestCertificates.ca("ALPN CA");
        Issued server = TestCertificates.issue(ca, "server", false, "h1.example.com", "h2only.example.com", "plain.example.com");
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "alpn-backend")) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            String common = Manifests.service("whoami", backend.port())
                    + tlsSecret("server", server.certificatePem(), server.privateKeyPem())
                    + tlsOption("http1", "{alpnProtocols: [http/1.1]}")
                    + tlsOption("h2only", "{alpnProtocols: [h2]}")
                    + tlsRoute("h1", "Host(`h1.example.com`)", "{options: {name: http1}}")
                    + tlsRoute("h2only", "Host(`h2only.example.com`)", "{options: {name: h2only}}")
                    + tlsRoute("plain", "Host(`plain.example.com`)", "{secretName: server}")
                    + tlsRoute("any", "PathPrefix(`/any`)", "{}");
            Files.writeString(manifests.resolve("app.yaml"), common);
            try (JetwayHarness jetway = JetwayHarness.start(manifests, "--entrypoints.websecure.address=127.0.0.1:0")) {
                int port = jetway.server.port("websecure");

                assertEquals("http/1.1", negotiated(port, "h1.example.com", "h2", "http/1.1"),
                        "alpnProtocols [http/1.1]: an h2 client gets http/1.1");
                assertEquals("h2", negotiated(port, "plain.example.com", "h2", "http/1.1"), "the defaults: h2 first");
                assertEquals("http/1.1", negotiated(port, "plain.example.com", "http/1.1"));
                assertEquals("h2", negotiated(port, "h2only.example.com", "http/1.1", "h2"));
                assertThrows(SSLException.class, () -> negotiated(port, "h2only.example.com", "http/1.1"),
                        "no protocol in common: no_application_protocol");

                String openssl = OpenSsl.sClientFull(port, "-servername", "h1.example.com", "-alpn", "h2,http/1.1");
                assertTrue(openssl.contains("ALPN protocol: http/1.1"), openssl);
                TlsClient.Exchange h1 = TlsClient.get(TlsClient.trustAll(), port, "h1.example.com", "h1.example.com", "/");
                assertEquals(200, h1.status(), h1.head());
                assertTrue(h1.body().contains("Name: alpn-backend"), h1.body());

                // No SNI: the default options, h2 until a TLSOption named default says otherwise.
                assertEquals(HttpClient.Version.HTTP_2, http2Get(port, "/any").version());
                jetway.write("app.yaml", common + tlsOption("default", "{alpnProtocols: [http/1.1]}"));
                long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
                HttpResponse<String> after;
                do {
                    after = http2Get(port, "/any");
                } while (after.version() != HttpClient.Version.HTTP_1_1 && System.nanoTime() < deadline);
                assertEquals(HttpClient.Version.HTTP_1_1, after.version(), "TLSOption default replaces the defaults");
                assertEquals(200, after.statusCode(), after.body());
            }
        }
    }
}
