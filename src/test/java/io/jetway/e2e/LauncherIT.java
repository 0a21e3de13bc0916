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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's way to run Jetway, as a newcomer meets it: {@code bin/jetway} with the README's
 * flags starts the built jar with the options of {@code bin/jvm-options}, and after
 * {@code bin/aot-cache} with the cache it recorded; either way requests are routed.
 */
class LauncherIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void binJetwayRoutesWithTheMeasuredOptionsAndThenWithTheCache(@TempDir Path work) throws Exception {
        Path jar = work.resolve("jetway.jar");
        Files.copy(Path.of("target/jetway.jar"), jar, StandardCopyOption.REPLACE_EXISTING);
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "launched")) {
            Path manifests = WarFixture.manifests(work.resolve("manifests"), WarFixture.ROUTE_PREFIX, backend.port());

            String options = run(work, jar, manifests, "without-cache.log");
            assertTrue(options.contains("-XX:+UseParallelGC"), options);
            assertTrue(!options.contains("AOTCache") && !options.contains("SharedArchiveFile"), options);

            Process training = new ProcessBuilder("bin/aot-cache", jar.toString())
                    .redirectErrorStream(true).redirectOutput(work.resolve("aot-cache.log").toFile()).start();
            assertTrue(training.waitFor(3, TimeUnit.MINUTES), "bin/aot-cache did not finish");
            assertEquals(0, training.exitValue(), Files.readString(work.resolve("aot-cache.log")));

            String withCache = run(work, jar, manifests, "with-cache.log");
            assertTrue(withCache.contains("-XX:AOTCache=") || withCache.contains("-XX:SharedArchiveFile="), withCache);
        }
    }

    /** Starts bin/jetway as the README shows, waits for a routed request, stops it; returns the JVM's command line. */
    private static String run(Path work, Path jar, Path manifests, String logName) throws Exception {
        int port = WarFixture.freePort();
        ProcessBuilder command = new ProcessBuilder("bin/jetway", "--entrypoints.web.address=127.0.0.1:" + port,
                "--providers.file.directory=" + manifests)
                .redirectErrorStream(true).redirectOutput(work.resolve(logName).toFile());
        command.environment().put("JETWAY_JAR", jar.toString());
        Process jetway = command.start();
        try {
            String base = "http://127.0.0.1:" + port;
            assertTrue(WarFixture.awaitOk(base + WarFixture.ROUTE_PREFIX + "/ready", START_TIMEOUT, jetway::isAlive),
                    "bin/jetway did not route; log:\n" + Files.readString(work.resolve(logName)));
            HttpResponse<String> routed = WarFixture.get(base + WarFixture.ROUTE_PREFIX + "/a");
            assertEquals("launched", routed.headers().firstValue("X-Whoami-Name").orElse(null));
            // bin/jetway execs java: the process is the JVM itself.
            return String.join(" ", List.of(Files.readString(Path.of("/proc/" + jetway.pid() + "/cmdline")).split("\0")));
        } finally {
            jetway.destroy();
            if (!jetway.waitFor(30, TimeUnit.SECONDS)) {
                jetway.destroyForcibly();
            }
        }
    }
}
