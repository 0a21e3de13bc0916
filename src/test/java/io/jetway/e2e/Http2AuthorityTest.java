package io.jetway.e2e;

import io.jetway.util.TestCertificates.Issued;
import io.jetway.util.TestCertificates;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP/2 carries the host as {@code :authority}, not as a Host header: over h2c (prior knowledge)
 * and h2 over TLS, Jetway must treat it as the Host everywhere HTTP/1.1 uses the Host header
 * (routing, passHostHeader, X-Forwarded-Host/Port, the access log, middlewares).
 */
@Tag("tls")
class Http2AuthorityTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2c", "h2"})
    void authorityIsTheHostOnEveryPath(String protocol, @TempDir Path dir) throws Exception {
        boolean tls = protocol.equals("h2");
        Issued certificate = TestCertificates.issue(TestCertificates.ca("CA"), "cms.test", false,
                "cms.test", "redirect.test", "auth.test", "headers.test");
        Path log = dir.resolve("access.log");
        try (Backend backend = Backend.start(); Backend auth = Backend.forwardAuth()) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", backend.port())
                    + Manifests.tlsSecret("cert", certificate.certificatePem(), certificate.privateKeyPem()) + """
                    apiVersion: traefik.io/v1alpha1
                    kind: TLSStore
                    metadata: {name: default, namespace: default}
                    spec: {defaultCertificate: {secretName: cert}}
                    ---
                    apiVersion: traefik.io/v1alpha1
                    kind: Middleware
                    metadata: {name: old-to-new, namespace: default}
                    spec:
                      redirectRegex: {regex: '^(https?)://([^/]*)/old(.*)$', replacement: '${1}://${2}/new${3}'}
                    ---
                    apiVersion: traefik.io/v1alpha1
                    kind: Middleware
                    metadata: {name: auth, namespace: default}
                    spec:
                      forwardAuth: {address: 'http://127.0.0.1:%d/check'}
                    ---
                    apiVersion: traefik.io/v1alpha1
                    kind: Middleware
                    metadata: {name: hosts, namespace: default}
                    spec:
                      headers: {allowedHosts: ['headers.test:8000']}
                    ---
                    apiVersion: traefik.io/v1alpha1
                    kind: IngressRoute
                    metadata: {name: app, namespace: default}
                    spec:
                      routes:
                        - match: Host(`cms.test`)
                          services: [{name: app, port: 80}]
                        - match: Host(`redirect.test`)
                          middlewares: [{name: old-to-new}]
                          services: [{name: app, port: 80}]
                        - match: Host(`auth.test`)
                          middlewares: [{name: auth}]
                          services: [{name: app, port: 80}]
                        - match: Host(`headers.test`)
                          middlewares: [{name: hosts}]
                          services: [{name: app, port: 80}]
                    """.formatted(auth.port()));
            HttpClient h2 = null;
            try (JetwayHarness jetway = JetwayHarness.start(manifests, "--entrypoints.websecure.address=127.0.0.1:0",
                    "--entrypoints.websecure.http.tls=true", "--accesslog.filepath=" + log, "--accesslog.format=json")) {
                int port = jetway.server.port(tls ? "websecure" : "web");
                h2 = http2Client(port);
                String scheme = tls ? "https" : "http";

                ContentResponse plain = h2.newRequest(scheme + "://cms.test:8000/page?x=1").timeout(20, TimeUnit.SECONDS).send();
                assertEquals(HttpVersion.HTTP_2, plain.getVersion());
                assertEquals(200, plain.getStatus(), "the Host rule matches the :authority");
                Backend.Received received = backend.awaitPath("/page?x=1");
                assertEquals("cms.test:8000", received.headers().get("Host"), "passHostHeader forwards the :authority");
                assertEquals("cms.test:8000", received.headers().get("X-Forwarded-Host"));
                assertEquals("8000", received.headers().get("X-Forwarded-Port"));
                assertEquals(scheme, received.headers().get("X-Forwarded-Proto"));

                ContentResponse redirect = h2.newRequest(scheme + "://redirect.test:8000/old/a").timeout(20, TimeUnit.SECONDS).send();
                assertEquals(302, redirect.getStatus());
                assertEquals(scheme + "://redirect.test:8000/new/a", redirect.getHeaders().get("Location"),
                        "redirectRegex sees the :authority as the Host");

                ContentResponse authorised = h2.newRequest(scheme + "://auth.test:8000/private")
                        .headers(h -> h.put("Authorization", "Bearer good")).timeout(20, TimeUnit.SECONDS).send();
                assertEquals(200, authorised.getStatus());
                Backend.Received check = auth.next();
                assertEquals("auth.test:8000", check.headers().get("X-Forwarded-Host"), "forwardAuth's X-Forwarded-Host");
                assertEquals("auth.test:8000", backend.awaitPath("/private").headers().get("Host"));

                ContentResponse allowed = h2.newRequest(scheme + "://headers.test:8000/allowed").timeout(20, TimeUnit.SECONDS).send();
                assertEquals(200, allowed.getStatus(), "the headers middleware's allowedHosts checks the :authority");
                assertEquals("headers.test:8000", backend.awaitPath("/allowed").headers().get("Host"));
            } finally {
                if (h2 != null) {
                    h2.stop();
                }
            }
            List<JsonObject> lines = Files.readAllLines(log).stream()
                    .map(l -> Json.createReader(new StringReader(l)).readObject()).toList();
            JsonObject first = lines.stream().filter(l -> l.getString("RequestPath").equals("/page?x=1")).findFirst().orElseThrow();
            assertEquals("HTTP/2.0", first.getString("RequestProtocol"), first.toString());
            assertEquals("cms.test:8000", first.getString("RequestAddr"), first.toString());
            assertEquals("cms.test", first.getString("RequestHost"), first.toString());
            assertTrue(lines.stream().allMatch(l -> !l.getString("RequestHost", "").isEmpty()), lines.toString());
        }
    }

    /**
     * An HTTP/2-only client (prior knowledge for http, ALPN for https) that sends every host name
     * to Jetway's port: the name and port of the URL become the {@code :authority}.
     */
    private static HttpClient http2Client(int jetwayPort) throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setSslContextFactory(new SslContextFactory.Client(true));
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client(connector)));
        client.setFollowRedirects(false);
        client.setSocketAddressResolver((host, port, promise) ->
                promise.succeeded(List.of(new InetSocketAddress("127.0.0.1", jetwayPort))));
        client.start();
        return client;
    }
}
