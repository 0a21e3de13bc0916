package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real main class in a child JVM: SIGUSR1 reopens the access log after the file was moved away, as logrotate does. */
class AccessLogRotationTest {

    @Test
    void sigusr1ReopensTheFile(@TempDir Path dir) throws Exception {
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "app")) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", backend.port())
                    + Manifests.route("app", "PathPrefix(`/`)", "app"));
            Path log = dir.resolve("access.log");
            Path rotated = dir.resolve("access.log.1");
            int web = GracefulShutdownTest.freePort();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "io.jetway.Jetway",
                    "--entrypoints.web.address=127.0.0.1:" + web, "--providers.file.directory=" + manifests,
                    "--accesslog.filepath=" + log, "--log.level=WARN"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("jetway.log").toFile()).start();
            try {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                GracefulShutdownTest.awaitStatus(http, URI.create("http://127.0.0.1:" + web + "/before"), 200);
                awaitLine(log, "/before");
                Files.move(log, rotated);
                assertEquals(0, new ProcessBuilder("kill", "-USR1", String.valueOf(process.pid())).start().waitFor());
                // The signal arrives at its own pace: lines may still go to the moved file until it has.
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!Files.exists(log) && System.nanoTime() < deadline) {
                    assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web + "/after")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode());
                    Thread.sleep(50);
                }
                awaitLine(log, "/after");
                assertTrue(process.isAlive(), "SIGUSR1 does not stop Jetway");
                process.destroy(); // SIGTERM: a graceful stop
                assertTrue(process.waitFor(30, TimeUnit.SECONDS));
                assertTrue(Files.readString(rotated).contains("\"GET /before HTTP/1.1\" 200"), Files.readString(rotated));
                assertFalse(Files.readString(log).contains("/before"), Files.readString(log));
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static void awaitLine(Path log, String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(" " + path + " ")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError(path + " not in " + log + ": " + (Files.exists(log) ? Files.readString(log) : "no file"));
    }
}
