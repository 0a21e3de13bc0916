package io.jetway.e2e;

import io.jetway.routing.RouterStatus;
import io.jetway.util.TestCertificates.Issued;
import io.jetway.util.TestCertificates;
import io.jetway.whoami.WhoamiServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seeds' IngressRoutes with tls sections, as written (seed 000 on websecure, seed 002 on web). */
@Tag("tls")
class TlsSeedsTest {

    /** Seed 000: the middlewares and the IngressRoute with {@code tls: certResolver: le}. */
    private static final String SEED_000 = Manifests.SEED_000_MIDDLEWARES + Manifests.seedExample("000_0130", 0) + "---\n";

    /** Seed 002's configuration example (namespace apps, entry point web). */
    private static final String SEED_002 = """
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata:
              name: test-name
              namespace: apps
            spec:
              entryPoints:
              - web
              routes:
              - kind: Rule
                # Rule on the Host
                match: Host(`test.example.com`)
                # Attach a middleware
                middlewares:
                - name: middleware1
                  namespace: apps
                # Set a pirority
                priority: 10
                services:
                # Target a Kubernetes Support
                - kind: Service
                  name: foo
                  namespace: apps
                  # Customize the connection between Hub API Gateway and the backend
                  passHostHeader: true
                  port: 80
                  responseForwarding:
                    flushInterval: 1ms
                  scheme: https
                  sticky:
                    cookie:
                      httpOnly: true
                      name: cookie
                      secure: true
                  strategy: RoundRobin
                  weight: 10
              tls:
                # Generate a TLS certificate using a certificate resolver
                certResolver: foo
                domains:
                - main: example.net
                  sans:
                  - a.example.net
                  - b.example.net
                # Customize the TLS options
                options:
                  name: opt
                  namespace: apps
                # Add a TLS certificate from a Kubernetes Secret
                secretName: supersecret
            ---
            """;

    @Test
    void seedRoutesServeOverTls(@TempDir Path dir) throws Exception {
        Issued ca = TestCertificates.ca("Seed CA");
        Issued supersecret = TestCertificates.issue(ca, "example.net", false, "example.net", "a.example.net",
                "b.example.net", "test.example.com");
        try (WhoamiServer whoami = WhoamiServer.start("127.0.0.1", 0, "whoami");
             WhoamiServer api = WhoamiServer.start("127.0.0.1", 0, "whoami-api")) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("seed-000.yaml"), Manifests.service("whoami", whoami.port())
                    + Manifests.service("whoami-api", api.port()) + SEED_000);
            Files.writeString(manifests.resolve("seed-002.yaml"), SEED_002
                    + Manifests.service("foo", whoami.port()).replace("name: foo", "name: foo\n  namespace: apps")
                    + Manifests.tlsSecret("supersecret", supersecret.certificatePem(), supersecret.privateKeyPem())
                            .replace("namespace: default", "namespace: apps") + """
                    apiVersion: traefik.io/v1alpha1
                    kind: TLSOption
                    metadata: {name: opt, namespace: apps}
                    spec: {minVersion: VersionTLS13}
                    ---
                    apiVersion: traefik.io/v1alpha1
                    kind: Middleware
                    metadata: {name: middleware1, namespace: apps}
                    spec: {addPrefix: {prefix: /foo}}
                    """);
            try (JetwayHarness jetway = JetwayHarness.start(manifests, "--entrypoints.websecure.address=127.0.0.1:0")) {
                int websecure = jetway.server.port("websecure");
                TlsClient.Exchange root = TlsClient.get(TlsClient.trustAll(), websecure, "whoami.docker.localhost",
                        "whoami.docker.localhost", "/");
                assertEquals(200, root.status(), root.head());
                assertTrue(root.body().contains("Name: whoami\n"), root.body());
                assertEquals("DENY", root.header("X-Frame-Options"), "secure-headers ran, and saw a TLS request (no sslRedirect)");
                assertEquals("max-age=31536000; includeSubDomains; preload", root.header("Strict-Transport-Security"));
                TlsClient.Exchange apiCall = TlsClient.get(TlsClient.trustAll(), websecure, "whoami.docker.localhost",
                        "whoami.docker.localhost", "/api");
                assertTrue(apiCall.body().contains("Name: whoami-api"), apiCall.body());
                assertTrue(jetway.server.routerStatuses().stream().filter(s -> s.name().startsWith("default-whoami-"))
                        .allMatch(s -> s.status().equals(RouterStatus.WARNING) && s.warnings().toString().contains("certResolver")),
                        jetway.server.routerStatuses().toString());

                int web = jetway.server.port("web");
                assertEquals(supersecret.certificate(),
                        TlsClient.handshake(TlsClient.trustAll(), web, "test.example.com", null, null).getPeerCertificates()[0]);
                for (String host : List.of("test.example.com", "example.net", "a.example.net")) {
                    assertThrows(IOException.class, () -> TlsClient.handshake(TlsClient.trustAll(), web, host, List.of("TLSv1.2"), null),
                            "TLSOption apps/opt applies to the rule's host and to tls.domains: " + host);
                }
                TlsClient.Exchange routed = TlsClient.get(TlsClient.trustAll(), web, "test.example.com", "test.example.com", "/");
                // The route matched and forwarded over https to a plain backend: the backend call fails.
                assertEquals(502, routed.status(), routed.head());
                assertEquals(404, jetway.get("test.example.com", "/").getStatus(), "plain HTTP does not reach a TLS router");
            }
        }
    }
}
