package io.jetway.e2e;

import io.jetway.util.TestCertificates.Issued;
import io.jetway.util.TestCertificates;
import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --entrypoints.websecure.http.tls and the web -> websecure redirection, as Traefik's Helm values set them. */
@Tag("tls")
class TlsEntryPointsTest {

    @Test
    void webRedirectsToWebsecureWhereEveryRouterTerminatesTls(@TempDir Path dir) throws Exception {
        Issued certificate = TestCertificates.issue(TestCertificates.ca("CA"), "app.example.com", false, "app.example.com");
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "app")) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("whoami", backend.port())
                    + Manifests.tlsSecret("app", certificate.certificatePem(), certificate.privateKeyPem()) + """
                    apiVersion: traefik.io/v1alpha1
                    kind: IngressRoute
                    metadata: {name: app, namespace: default}
                    spec:
                      routes:
                        - match: Host(`app.example.com`)
                          services: [{name: whoami, port: 80}]
                    ---
                    apiVersion: traefik.io/v1alpha1
                    kind: TLSStore
                    metadata: {name: default, namespace: default}
                    spec: {defaultCertificate: {secretName: app}}
                    """);
            try (JetwayHarness jetway = JetwayHarness.start(manifests, "--entrypoints.websecure.address=127.0.0.1:0",
                    "--entrypoints.websecure.http.tls=true", "--entrypoints.web.http.redirections.entrypoint.to=websecure",
                    "--metrics.prometheus", "--entrypoints.traefik.address=127.0.0.1:0")) {
                int secure = jetway.server.port("websecure");
                ContentResponse get = jetway.request("app.example.com:8000", "/some/path?q=1&r").send();
                assertEquals(301, get.getStatus());
                assertEquals("https://app.example.com:" + secure + "/some/path?q=1&r", get.getHeaders().get("Location"));
                ContentResponse post = jetway.request("app.example.com", "/form").method("POST").send();
                assertEquals(308, post.getStatus());
                assertEquals("https://app.example.com:" + secure + "/form", post.getHeaders().get("Location"));

                TlsClient.Exchange tls = TlsClient.get(TlsClient.trustAll(), secure, "app.example.com", "app.example.com", "/x");
                assertEquals(200, tls.status(), tls.head());
                assertTrue(tls.body().contains("Name: app"), tls.body());
                assertEquals(ForwardingUnderTest.direct() ? 1 : 0, jetway.server.directlyForwardedRequests(),
                        "an HTTP/1.1 GET over TLS takes the direct forwarding when it is on (the redirects do not)");
                assertEquals(404, jetway.client.newRequest("http://127.0.0.1:" + secure + "/x")
                        .headers(h -> h.put("Host", "app.example.com")).send().getStatus(),
                        "on a TLS entry point the router answers TLS only");
                assertTrue(jetway.server.routerStatuses().stream().anyMatch(s -> s.name().startsWith("websecure-default-app-")),
                        "the router on both entry points is split as Traefik does: " + jetway.server.routerStatuses());
                assertEquals(certificate.certificate(), tls.session().getPeerCertificates()[0]);

                String metricsUrl = "http://127.0.0.1:" + jetway.server.port("traefik") + "/metrics";
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                PrometheusText metrics;
                do {
                    metrics = PrometheusText.parse(jetway.client.GET(metricsUrl).getContentAsString());
                } while (metrics.samples().stream().noneMatch(s -> s.name().equals("traefik_entrypoint_requests_tls_total"))
                        && System.nanoTime() < deadline);
                PrometheusText.Sample tlsRequests = metrics.samples().stream()
                        .filter(s -> s.name().equals("traefik_entrypoint_requests_tls_total")).findFirst().orElseThrow();
                assertEquals("websecure", tlsRequests.labels().get("entrypoint"));
                assertEquals(tls.session().getProtocol().replace("TLSv", ""), tlsRequests.labels().get("tls_version"));
                assertEquals(tls.session().getCipherSuite(), tlsRequests.labels().get("tls_cipher"));
                assertEquals(1.0, tlsRequests.value());
                PrometheusText.Sample notAfter = metrics.samples().stream()
                        .filter(s -> s.name().equals("traefik_tls_certs_not_after")).findFirst().orElseThrow();
                assertEquals("app.example.com", notAfter.labels().get("cn"));
                assertEquals("app.example.com", notAfter.labels().get("sans"));
                assertEquals(certificate.certificate().getSerialNumber().toString(), notAfter.labels().get("serial"));
                assertEquals(certificate.certificate().getNotAfter().getTime() / 1000, (long) notAfter.value());
            }
        }
    }
}
