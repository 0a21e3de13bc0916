package io.jetway.e2e;

import io.jetway.util.TestCertificates;
import io.jetway.util.TestCertificates.Issued;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The static {@code serversTransport.insecureSkipVerify} and {@code serversTransport.rootCAs}: how an
 * HTTPS backend without a ServersTransport of its own is trusted (real TLS, a private CA).
 */
class DefaultServersTransportTest {

    static int statusThrough(Path dir, Backend backend, String... flags) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m-" + flags.length + "-" + System.nanoTime()));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", backend.port())
                + Manifests.route("app", "PathPrefix(`/`)", "app", 0, "          scheme: https\n"));
        try (JetwayHarness jw = JetwayHarness.start(manifests, flags)) {
            return jw.awaitResponse(null, "/tls", r -> r.getStatus() != 404, java.time.Duration.ofSeconds(20)).getStatus();
        }
    }

    @Test
    void aPrivateCaIsTrustedThroughTheStaticRootCAsOrSkipped(@TempDir Path dir) throws Exception {
        Issued ca = TestCertificates.ca("default-transport-ca");
        Issued server = TestCertificates.issue(ca, "backend", false, "127.0.0.1");
        Path caFile = Files.writeString(dir.resolve("ca.pem"), ca.certificatePem());
        try (Backend backend = Backend.https(server.keyStore(), TestCertificates.PASSWORD, null)) {
            assertEquals(502, statusThrough(dir, backend), "the JDK's trust store does not know the private CA");
            assertEquals(200, statusThrough(dir, backend, "--serversTransport.rootCAs=" + caFile), "rootCAs from a file");
            assertEquals(200, statusThrough(dir, backend, "--serversTransport.insecureSkipVerify=true"), "insecureSkipVerify");
            Issued other = TestCertificates.ca("another-ca");
            Path otherFile = Files.writeString(dir.resolve("other.pem"), other.certificatePem());
            assertEquals(502, statusThrough(dir, backend, "--serversTransport.rootCAs=" + otherFile),
                    "rootCAs replace the JDK's: a backend of another CA is refused");
        }
    }
}
