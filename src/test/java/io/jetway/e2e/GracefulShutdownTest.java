package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM to the real main class: /ping turns 503 at once, requests are still accepted during
 * requestAcceptGraceTimeout, a request in flight finishes, and the process exits 0.
 */
class GracefulShutdownTest {

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void sigtermDrainsThenExitsZero(@TempDir Path dir) throws Exception {
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "slow")) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", backend.port())
                    + Manifests.route("app", "PathPrefix(`/`)", "app"));
            int web = freePort();
            int traefik = freePort();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "io.jetway.Jetway",
                    "--entrypoints.web.address=127.0.0.1:" + web,
                    "--entrypoints.web.transport.lifecycle.requestacceptgracetimeout=1s",
                    "--entrypoints.web.transport.lifecycle.gracetimeout=10s",
                    "--entrypoints.traefik.address=127.0.0.1:" + traefik,
                    "--ping", "--providers.file.directory=" + manifests, "--log.level=WARN"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("jetway.log").toFile()).start();
            try {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
                URI ping = URI.create("http://127.0.0.1:" + traefik + "/ping");
                URI slow = URI.create("http://127.0.0.1:" + web + "/?wait=2s");
                awaitStatus(http, ping, 200);
                awaitStatus(http, URI.create("http://127.0.0.1:" + web + "/"), 200);

                CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(HttpRequest.newBuilder(slow).build(),
                        HttpResponse.BodyHandlers.ofString());
                Thread.sleep(300); // the slow request has reached the backend
                process.destroy(); // SIGTERM
                awaitStatus(http, ping, 503);
                assertEquals(200, http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web + "/")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode(), "still accepted during requestAcceptGraceTimeout");
                assertEquals(200, inFlight.get(20, TimeUnit.SECONDS).statusCode(), "the request in flight finishes");
                assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the process exits");
                assertEquals(0, process.exitValue(), Files.readString(dir.resolve("jetway.log")));
            } finally {
                process.destroyForcibly();
            }
        }
    }

    /**
     * A request to a backend that never answers outlives graceTimeout: SIGTERM cuts it, one WARN
     * line names it (method, host, path, entry point, router, how long it ran; no query, no
     * credentials) and the process still exits 0, as Traefik does.
     */
    @Test
    void sigtermNamesTheRequestsItCutsAndExitsZero(@TempDir Path dir) throws Exception {
        try (Backend backend = Backend.silent()) {
            Path manifests = Files.createDirectories(dir.resolve("m"));
            Files.writeString(manifests.resolve("stuck.yaml"), Manifests.service("stuck", backend.port())
                    + Manifests.route("stuck", "Host(`stuck.test`)", "stuck"));
            int web = freePort();
            Path log = dir.resolve("jetway.log");
            Process process = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "io.jetway.Jetway",
                    "--entrypoints.web.address=127.0.0.1:" + web,
                    "--entrypoints.web.transport.lifecycle.gracetimeout=1s",
                    "--providers.file.directory=" + manifests, "--log.level=WARN")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try (Socket client = connect(web)) {
                client.getOutputStream().write(("GET /hang/here?token=query-secret HTTP/1.1\r\nHost: stuck.test\r\n"
                        + "Authorization: Basic dXNlcjpoZWFkZXItc2VjcmV0\r\nCookie: session=cookie-secret\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                assertTrue(backend.awaitConnection(30, TimeUnit.SECONDS), "the request reached the backend");

                process.destroy(); // SIGTERM
                assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process exits");
                String output = Files.readString(log);
                assertEquals(0, process.exitValue(), output);
                List<String> cut = output.lines().filter(l -> l.contains("event=request-cut")).toList();
                assertEquals(1, cut.size(), output);
                String line = cut.get(0);
                for (String field : List.of("method=GET", "host=stuck.test", "path=/hang/here", "entrypoint=web",
                        "router=default-stuck-", "@kubernetescrd", "duration=")) {
                    assertTrue(line.contains(field), field + " in " + line);
                }
                for (String secret : List.of("query-secret", "dXNlcjpoZWFkZXItc2VjcmV0", "header-secret", "cookie-secret")) {
                    assertFalse(output.contains(secret), secret + " in the log:\n" + output);
                }
            } finally {
                process.destroyForcibly();
            }
        }
    }

    private static Socket connect(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return new Socket("127.0.0.1", port);
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    static void awaitStatus(HttpClient http, URI uri, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (last == status) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        assertEquals(status, last, uri.toString());
    }
}
