package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Issue 16, items 12-15 on a running Jetway: bad files never stop the reloads or take a good route down. */
class ConfigInputEndToEndTest {

    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final String NAME = "X-Whoami-Name";

    static WhoamiServer a;
    static WhoamiServer b;

    @BeforeAll
    static void start() throws Exception {
        a = WhoamiServer.start("127.0.0.1", 0, "a");
        b = WhoamiServer.start("127.0.0.1", 0, "b");
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
    }

    private static String servedBy(ContentResponse r) {
        return r.getStatus() + " " + r.getHeaders().get(NAME);
    }

    @Test
    void afterADeeplyNestedAndABinaryFileLaterChangesStillReload(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("services.yaml"), Manifests.service("a", a.port()) + Manifests.service("b", b.port()));
        Files.writeString(manifests.resolve("route.yaml"), Manifests.route("r", "Host(`one.test`)", "a"));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            assertEquals("200 a", servedBy(jw.get("one.test", "/")));
            jw.write("deep.yaml", "[".repeat(3000) + "]".repeat(3000) + "\n");
            Files.write(manifests.resolve("logo.yaml"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff});
            jw.write("huge.yaml", "x: " + "y".repeat(4 << 20) + "\n");
            assertEquals("200 a", servedBy(jw.get("one.test", "/")), "the old configuration serves meanwhile");
            jw.write("route2.yaml", Manifests.route("r2", "Host(`two.test`)", "b"));
            assertEquals("200 b", servedBy(jw.awaitResponse("two.test", "/", r -> r.getStatus() == 200, LIMIT)),
                    "the file provider still picks up changes");
            assertEquals("200 a", servedBy(jw.get("one.test", "/")));
        }
    }

    @Test
    void aDeeplyNestedFileAtStartDoesNotStopTheStart(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("a", a.port()) + Manifests.route("r", "Host(`one.test`)", "a"));
        Files.writeString(manifests.resolve("deep.json"), "{\"a\":".repeat(5000) + "1" + "}".repeat(5000));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            assertEquals("200 a", servedBy(jw.get("one.test", "/")));
        }
    }

    @Test
    void aStrayCopyOfARouteInALaterFileDoesNotTakeItOver(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("services.yaml"), Manifests.service("a", a.port()) + Manifests.service("b", b.port()));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.route("app", "Host(`app.test`)", "a"));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            assertEquals("200 a", servedBy(jw.get("app.test", "/")));
            // The copy sorts after app.yaml, and carries a marker route that shows when it has been read.
            jw.write("zz-copy.yaml", Manifests.route("app", "Host(`app.test`)", "b") + Manifests.route("marker", "Host(`marker.test`)", "b"));
            assertEquals(200, jw.awaitResponse("marker.test", "/", r -> r.getStatus() == 200, LIMIT).getStatus());
            assertEquals("200 a", servedBy(jw.get("app.test", "/")), "the first definition in path order keeps serving");
        }
    }

    @Test
    void aNegativeWeightDisablesTheRouteInsteadOfServingIt(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("a", a.port())
                + Manifests.route("neg", "Host(`neg.test`)", "a", 0, "          weight: -1\n")
                + Manifests.route("ok", "Host(`ok.test`)", "a"));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            assertEquals("200 a", servedBy(jw.get("ok.test", "/")));
            assertEquals("404 null", servedBy(jw.get("neg.test", "/")));
        }
    }
}
