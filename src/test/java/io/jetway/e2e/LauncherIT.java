package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's way to run Jetway, as a newcomer meets it: {@code bin/jetway} with the README's
 * flags starts the built jar with the options of {@code bin/jvm-options}; its first run records a
 * class-data cache of the jar, which the next runs start with, and after {@code bin/aot-cache} it
 * starts with the cache that training run recorded; every way, requests are routed.
 */
class LauncherIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void binJetwayRecordsACacheOnItsFirstRunAndStartsWithItFromTheNext(@TempDir Path work) throws Exception {
        Path jar = work.resolve("jetway.jar");
        Files.copy(Path.of("target/jetway.jar"), jar, StandardCopyOption.REPLACE_EXISTING);
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "launched")) {
            Path manifests = WarFixture.manifests(work.resolve("manifests"), WarFixture.ROUTE_PREFIX, backend.port());

            String recording = run(work, jar, manifests, "recording.log", Map.of());
            assertTrue(recording.contains("-XX:+UseParallelGC"), recording);
            assertTrue(recording.contains("-XX:AOTCacheOutput=") || recording.contains("-XX:ArchiveClassesAtExit="), recording);
            Path own = ownCache(work);
            assertTrue(Files.size(own) > 0, own + " is empty");

            String withOwn = run(work, jar, manifests, "own-cache.log", Map.of());
            assertTrue(withOwn.contains("-XX:AOTCache=" + own) || withOwn.contains("-XX:SharedArchiveFile=" + own), withOwn);

            String without = run(work, jar, manifests, "cache-off.log", Map.of("JETWAY_CACHE", "off"));
            assertFalse(without.contains("AOTCache") || without.contains("SharedArchiveFile")
                    || without.contains("ArchiveClassesAtExit"), without);

            Process training = new ProcessBuilder("bin/aot-cache", jar.toString())
                    .redirectErrorStream(true).redirectOutput(work.resolve("aot-cache.log").toFile()).start();
            assertTrue(training.waitFor(3, TimeUnit.MINUTES), "bin/aot-cache did not finish");
            assertEquals(0, training.exitValue(), Files.readString(work.resolve("aot-cache.log")));

            String withTrained = run(work, jar, manifests, "trained-cache.log", Map.of());
            assertTrue(withTrained.contains("-XX:AOTCache=" + work.resolve("jetway.aot"))
                    || withTrained.contains("-XX:SharedArchiveFile=" + work.resolve("jetway.jsa")), withTrained);
        }
    }

    /** The cache bin/jetway recorded beside the jar, for this JDK. */
    private static Path ownCache(Path work) throws Exception {
        try (Stream<Path> files = Files.list(work)) {
            List<Path> caches = files.filter(f -> f.getFileName().toString().startsWith("jetway-jdk")).toList();
            assertEquals(1, caches.size(), "caches recorded: " + caches);
            return caches.get(0);
        }
    }

    /**
     * Starts bin/jetway as the README shows, waits for a routed request, stops it as a user does
     * (SIGTERM) and waits for it to exit; returns the JVM's command line.
     */
    private static String run(Path work, Path jar, Path manifests, String logName, Map<String, String> env) throws Exception {
        int port = WarFixture.freePort();
        ProcessBuilder command = new ProcessBuilder("bin/jetway", "--entrypoints.web.address=127.0.0.1:" + port,
                "--providers.file.directory=" + manifests)
                .redirectErrorStream(true).redirectOutput(work.resolve(logName).toFile());
        command.environment().put("JETWAY_JAR", jar.toString());
        command.environment().putAll(env);
        Process jetway = command.start();
        try {
            String base = "http://127.0.0.1:" + port;
            assertTrue(WarFixture.awaitOk(base + WarFixture.ROUTE_PREFIX + "/ready", START_TIMEOUT, jetway::isAlive),
                    "bin/jetway did not route; log:\n" + Files.readString(work.resolve(logName)));
            HttpResponse<String> routed = WarFixture.get(base + WarFixture.ROUTE_PREFIX + "/a");
            assertEquals("launched", routed.headers().firstValue("X-Whoami-Name").orElse(null));
            return javaCommandLine(jetway.pid());
        } finally {
            jetway.destroy();
            // A recording run exits once the JVM has written its cache (JDK 25 assembles it then).
            assertTrue(jetway.waitFor(3, TimeUnit.MINUTES), "bin/jetway did not stop");
            assertEquals(0, jetway.exitValue(), Files.readString(work.resolve(logName)));
        }
    }

    /** The JVM's command line: the process itself (bin/jetway execs java), or its child while it records. */
    private static String javaCommandLine(long pid) throws Exception {
        String children = Files.readString(Path.of("/proc/" + pid + "/task/" + pid + "/children")).trim();
        long jvm = children.isEmpty() ? pid : Long.parseLong(children.split(" ")[0]);
        return String.join(" ", Files.readString(Path.of("/proc/" + jvm + "/cmdline")).split("\0"));
    }
}
