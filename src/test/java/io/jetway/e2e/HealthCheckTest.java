package io.jetway.e2e;

import io.jetway.util.TestCertificates.Issued;
import io.jetway.util.TestCertificates;
import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Active and passive health checks with real backends whose health the test switches. */
class HealthCheckTest {

    static final String ACTIVE_CHECK = """
                      healthCheck:
                        path: /health
                        interval: 100ms
                        timeout: 5s
            """;

    WhoamiServer a;
    WhoamiServer b;

    @BeforeEach
    void backends() throws Exception {
        a = WhoamiServer.start("127.0.0.1", 0, "a");
        b = WhoamiServer.start("127.0.0.1", 0, "b");
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    static void setHealth(JetwayHarness jw, WhoamiServer server, int status) throws Exception {
        ContentResponse r = jw.client.POST("http://127.0.0.1:" + server.port() + "/health")
                .body(new StringRequestContent(String.valueOf(status))).send();
        assertEquals(200, r.getStatus(), r.getContentAsString());
    }

    static List<String> servedBy(JetwayHarness jw, String host, int requests) throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            ContentResponse r = jw.get(host, "/");
            names.add(r.getStatus() == 200 ? r.getHeaders().get("X-Whoami-Name") : String.valueOf(r.getStatus()));
        }
        return names;
    }

    /** Polls until {@code requests} requests in a row are all answered by {@code expected}. */
    static boolean awaitOnly(JetwayHarness jw, String host, String expected, int requests) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (servedBy(jw, host, requests).stream().allMatch(expected::equals)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Test
    void aFailingCheckTakesTheServerOutAndAPassingOnePutsItBack(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", a.port(), b.port())
                + Manifests.route("app", "Host(`app.localhost`)", "app", 0, ACTIVE_CHECK));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            assertTrue(servedBy(jw, "app.localhost", 4).containsAll(List.of("a", "b")), "both servers start in the rotation");

            setHealth(jw, b, 503);
            assertTrue(awaitOnly(jw, "app.localhost", "a", 20), "b left the rotation once its check failed");

            setHealth(jw, b, 200);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean back = false;
            while (!back && System.nanoTime() < deadline) {
                back = servedBy(jw, "app.localhost", 4).contains("b");
            }
            assertTrue(back, "b came back once its check passed");
        }
    }

    @Test
    void whenEveryServerIsDownTheAnswerIs503(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", a.port())
                + Manifests.route("app", "Host(`app.localhost`)", "app", 0, ACTIVE_CHECK));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            assertEquals(200, jw.get("app.localhost", "/").getStatus());
            setHealth(jw, a, 500);
            ContentResponse down = jw.awaitResponse("app.localhost", "/", r -> r.getStatus() == 503, Duration.ofSeconds(10));
            assertEquals(503, down.getStatus());
            assertEquals("no available server", down.getContentAsString().trim());
        }
    }

    @Test
    void failoverUsesTheFallbackWhileTheMainCheckFailsAndReturnsAfter(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("main", a.port())
                + Manifests.service("spare", b.port()) + """
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata:
                  name: main-checked
                spec:
                  weighted:
                    services:
                      - name: main
                        port: 80
                        healthCheck:
                          path: /health
                          interval: 100ms
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata:
                  name: app
                spec:
                  failover:
                    service: main-checked
                    fallback: spare-svc
                    healthCheck: {}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata:
                  name: spare-svc
                spec:
                  weighted:
                    services:
                      - name: spare
                        port: 80
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata:
                  name: app
                spec:
                  routes:
                    - match: Host(`app.localhost`)
                      services:
                        - name: app
                          kind: TraefikService
                """);
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            assertTrue(awaitOnly(jw, "app.localhost", "a", 5), "the main service serves while it is healthy");
            setHealth(jw, a, 503);
            assertTrue(awaitOnly(jw, "app.localhost", "b", 10), "the fallback serves while the main check fails");
            setHealth(jw, a, 200);
            assertTrue(awaitOnly(jw, "app.localhost", "a", 10), "the main service is back once its check passes");
        }
    }

    @Test
    void checksOfHttpsServersUseTheServersTransport(@TempDir Path dir) throws Exception {
        Issued ca = TestCertificates.ca("health-ca");
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setKeyStore(TestCertificates.issue(ca, "secure", false, "127.0.0.1").keyStore());
        tls.setKeyStorePassword(new String(TestCertificates.PASSWORD));
        try (WhoamiServer secure = WhoamiServer.start("127.0.0.1", 0, "secure", tls)) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            String check = "          scheme: https\n" + ACTIVE_CHECK;
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("secure", secure.port()) + """
                    apiVersion: v1
                    kind: Secret
                    metadata: {name: ca}
                    data: {ca.crt: %s}
                    ---
                    apiVersion: traefik.io/v1alpha1
                    kind: ServersTransport
                    metadata: {name: private-ca}
                    spec: {rootCAs: [{secret: ca}]}
                    ---
                    """.formatted(TestCertificates.base64(ca.certificatePem()))
                    + Manifests.route("trusted", "Host(`trusted.localhost`)", "secure", 0, check + "          serversTransport: private-ca\n")
                    + Manifests.route("untrusted", "Host(`untrusted.localhost`)", "secure", 0, check));
            try (JetwayHarness jw = JetwayHarness.start(manifests)) {
                ContentResponse control = jw.awaitResponse("untrusted.localhost", "/", r -> r.getStatus() == 503, Duration.ofSeconds(10));
                assertEquals(503, control.getStatus(), "without the CA the check fails, so checks have run");
                ContentResponse trusted = jw.get("trusted.localhost", "/");
                assertEquals(200, trusted.getStatus(), "the check through the transport trusts the server: " + trusted.getContentAsString());
                assertEquals("secure", trusted.getHeaders().get("X-Whoami-Name"));
            }
        }
    }

    @Test
    void passiveCheckTakesOutAServerThatFailsRequests(@TempDir Path dir) throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort(); // closed again: connections are refused
        }
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", a.port(), deadPort)
                + Manifests.route("app", "Host(`app.localhost`)", "app", 0, """
                          passiveHealthCheck:
                            maxFailedAttempts: 1
                            failureWindow: 1m
                """));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            List<String> answers = servedBy(jw, "app.localhost", 10);
            assertEquals(1, answers.stream().filter("502"::equals).count(), "only the first request to the dead server fails: " + answers);
            assertEquals(9, answers.stream().filter("a"::equals).count(), answers.toString());
        }
    }

    @Test
    void withoutAPassiveCheckEveryTurnOfTheDeadServerFails(@TempDir Path dir) throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", a.port(), deadPort)
                + Manifests.route("app", "Host(`app.localhost`)", "app"));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            List<String> answers = servedBy(jw, "app.localhost", 10);
            assertEquals(5, answers.stream().filter("502"::equals).count(), answers.toString());
        }
    }
}
