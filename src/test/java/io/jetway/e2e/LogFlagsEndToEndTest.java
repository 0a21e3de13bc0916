package io.jetway.e2e;

import io.jetway.util.BuildVersion;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real main class in a child process with Traefik's log flags: its standard error (or log
 * file) read as a user's log collector would, at the default level, at INFO in JSON, and in a file
 * reopened on SIGUSR1; the API enabled, so that Weld and Jersey start and log too. Logging does
 * not depend on the forwarding: the class runs in the default surefire run only.
 */
class LogFlagsEndToEndTest {

    @org.junit.jupiter.api.BeforeEach
    void onceOnly() {
        org.junit.jupiter.api.Assumptions.assumeFalse(ForwardingUnderTest.direct(), "logging is the same under the direct forwarding");
    }

    record Started(Process process, int web, int api, Path outputFile) {
        String output() throws Exception {
            return Files.readString(outputFile, StandardCharsets.UTF_8);
        }
    }

    static Started start(Path dir, String... flags) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        int web = GracefulShutdownTest.freePort();
        int api = GracefulShutdownTest.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.jetway.Jetway",
                "--entrypoints.web.address=127.0.0.1:" + web, "--entrypoints.traefik.address=127.0.0.1:" + api,
                "--api.insecure", "--ping", "--providers.file.directory=" + manifests));
        command.addAll(List.of(flags));
        Path output = dir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        GracefulShutdownTest.awaitStatus(HttpClient.newHttpClient(), URI.create("http://127.0.0.1:" + api + "/ping"), 200);
        return new Started(process, web, api, output);
    }

    static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Killed: the graceful stop (GracefulShutdownTest's subject) would wait out the grace period. */
    static void stop(Process process) throws Exception {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }

    @Test
    void byDefaultOnlyErrorsAreLoggedEvenWithTheApiOn(@TempDir Path dir) throws Exception {
        Started jetway = start(dir);
        try {
            get(jetway.api(), "/api/overview");
            get(jetway.web(), "/nothing-routes-this");
            Thread.sleep(300);
            assertEquals("", jetway.output(), "nothing at the default level (ERROR): no start line, no Weld, no Jetty");
        } finally {
            stop(jetway.process());
        }
    }

    @Test
    void jsonAtInfoIsOneObjectPerLineWithTheStartLine(@TempDir Path dir) throws Exception {
        Started jetway = start(dir, "--log.level=INFO", "--log.format=json", "--global.checkNewVersion=false",
                "--global.sendAnonymousUsage=false");
        try {
            assertTrue(get(jetway.api(), "/api/version").contains("\"Version\":\"" + BuildVersion.get() + "\""),
                    get(jetway.api(), "/api/version"));
            List<JsonObject> records = new ArrayList<>();
            for (String line : jetway.output().lines().toList()) {
                records.add(Json.createReader(new StringReader(line)).readObject()); // fails on any other line
            }
            assertFalse(records.isEmpty());
            for (JsonObject record : records) {
                assertTrue(List.of("info", "warn", "error").contains(record.getString("level")), record.toString());
                assertTrue(record.getString("time").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), record.toString());
                assertTrue(record.containsKey("message"), record.toString());
                assertFalse(record.getString("logger", "").startsWith("org.jboss.weld") && record.getString("level").equals("info"),
                        "Weld's INFO records stay out: " + record);
            }
            JsonObject start = records.stream().filter(r -> "start".equals(r.getString("event", ""))).findFirst()
                    .orElseThrow(() -> new AssertionError("no start line in " + records));
            assertEquals(BuildVersion.get(), start.getString("version"));
            assertTrue(start.getString("entrypoints").contains("web=127.0.0.1:" + jetway.web() + "/tcp"), start.toString());
            assertTrue(start.getString("providers").contains("file"), start.toString());
            assertTrue(start.getString("api").contains("/api/"), start.toString());
            assertFalse(BuildVersion.get().equals("dev"), "the build wrote its version");
            assertEquals(List.of("global.checkNewVersion", "global.sendAnonymousUsage"), records.stream()
                    .filter(r -> "option-without-effect".equals(r.getString("event", ""))).map(r -> r.getString("option")).toList(),
                    "Traefik's options accepted without effect are said once each");
        } finally {
            stop(jetway.process());
        }
    }

    @Test
    void theLogFileIsReopenedOnSigusr1(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("logs").resolve("jetway.log");
        Started jetway = start(dir, "--log.level=INFO", "--log.filepath=" + log);
        try {
            assertTrue(Files.readString(log).contains("event=start"), Files.readString(log));
            Path moved = dir.resolve("jetway.log.1");
            Files.move(log, moved);
            new ProcessBuilder("kill", "-USR1", Long.toString(jetway.process().pid())).start().waitFor();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(log) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(log), "a new file after SIGUSR1");
            // A reload logs at INFO: into the new file.
            Files.writeString(dir.resolve("m").resolve("app.yaml"), Manifests.service("app", 9)
                    + Manifests.route("app", "Host(`app.test`)", "app"));
            while (!Files.readString(log).contains("routers=1") && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(10)) {
                Thread.sleep(50);
            }
            assertTrue(Files.readString(log).contains("event=reload"), Files.readString(log));
            assertTrue(Files.readString(log).contains("routers=1"), Files.readString(log));
            assertFalse(Files.readString(moved).contains("routers=1"), "the moved file got nothing more");
            assertEquals("", jetway.output(), "nothing on the standard error while a log file is set");
        } finally {
            stop(jetway.process());
        }
    }

    @Test
    void versionPrintsTheBuildsVersion() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.jetway.Jetway", "version").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor());
        assertTrue(out.startsWith("Version:      " + BuildVersion.get() + "\n"), out);
    }
}
