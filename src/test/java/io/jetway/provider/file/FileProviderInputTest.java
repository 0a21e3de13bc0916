package io.jetway.provider.file;

import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.jetway.provider.file.FileProviderTest.names;
import static io.jetway.provider.file.FileProviderTest.secret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 16, items 12-15, on a real directory: one bad file never stops the others or the watcher. */
class FileProviderInputTest {

    private static final String DEEP = "[".repeat(3000) + "]".repeat(3000) + "\n";

    static String route(String name, String host) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: %s}
                spec:
                  routes:
                  - match: Host(`%s`)
                    services: [{name: svc, port: 80}]
                ---
                """.formatted(name, host);
    }

    @Test
    void deepNestingHugeAndBinaryFilesAtStartLeaveTheOtherFilesRead(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a-deep.yaml"), DEEP);
        Files.write(dir.resolve("b-binary.yaml"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, (byte) 0xff});
        Files.writeString(dir.resolve("c-huge.json"), "\"" + "x".repeat(ManifestReader.MAX_FILE_BYTES) + "\"");
        Files.writeString(dir.resolve("d-good.yaml"), secret("good"));
        assertEquals(List.of("good"), names(new FileProvider(dir, null, false).load()));
    }

    @Test
    void theWatcherSurvivesADeeplyNestedFileAndPicksUpLaterChanges(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("start.yaml"), secret("start"));
        BlockingQueue<ResourceSnapshot> snapshots = new LinkedBlockingQueue<>();
        FileProvider provider = new FileProvider(dir, null, true);
        try {
            provider.start(snapshots::add);
            assertEquals(List.of("start"), names(snapshots.take()));
            Files.writeString(dir.resolve("deep.yaml"), DEEP);
            Files.write(dir.resolve("binary.yaml"), new byte[]{(byte) 0xfe, (byte) 0xff, 0});
            Thread.sleep(FileProvider.MAX_DELAY_MILLIS * 2); // that reload changes nothing: no snapshot expected
            Files.writeString(dir.resolve("later.yaml"), secret("later"));
            ResourceSnapshot s;
            do {
                s = snapshots.poll(5, TimeUnit.SECONDS);
                assertNotNull(s, "a change after the bad files is still picked up");
            } while (!names(s).contains("later"));
            assertEquals(List.of("later", "start"), names(s));
        } finally {
            provider.close();
        }
    }

    @Test
    void anObjectDefinedInTwoFilesKeepsTheFirstInPathOrderAndTheOtherIsAProblemNamingBoth(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("backup"));
        Files.writeString(dir.resolve("routes.yaml"), route("app", "app.example"));
        Files.writeString(dir.resolve("backup/routes.yaml"), route("app", "stale.example"));
        ResourceSnapshot s = new FileProvider(dir, null, false).load();
        assertEquals(1, s.ofKind("IngressRoute").size());
        assertEquals(dir.getFileName() + "/backup/routes.yaml:1", s.ofKind("IngressRoute").get(0).source(),
                "backup/ sorts before routes.yaml: the first in path order wins, whatever the modification times");
        Problem p = s.problems().get(0);
        assertEquals("IngressRoute default/app", p.object().toString());
        assertEquals("defined twice: the definition at " + dir.getFileName() + "/routes.yaml:1 is ignored, the one at "
                + dir.getFileName() + "/backup/routes.yaml:1 is used (the first in path order wins)", p.message());
    }

    @Test
    void aSymlinkLoopIsReportedAndLinkedDirectoriesAreRead(@TempDir Path dir) throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("linked.yaml"), secret("linked"));
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("own.yaml"), secret("own"));
        Files.createSymbolicLink(manifests.resolve("shared"), elsewhere);
        Files.createSymbolicLink(manifests.resolve("loop"), manifests);
        Files.createSymbolicLink(manifests.resolve("gone.yaml"), dir.resolve("missing.yaml"));
        assertEquals(List.of("linked", "own"), names(new FileProvider(manifests, null, false).load()));
        ManifestFiles.Listing listing = ManifestFiles.under(manifests, p -> manifests.relativize(p).toString());
        assertEquals(List.of("gone.yaml: skipped: broken symbolic link",
                "loop: skipped: symbolic link loop (it leads back to the manifests directory " + manifests + ")"), listing.problems().stream().sorted().toList());
    }

    @Test
    void aChangeInALinkedDirectoryIsPickedUp(@TempDir Path dir) throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Files.writeString(elsewhere.resolve("linked.yaml"), secret("linked"));
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.createSymbolicLink(manifests.resolve("shared"), elsewhere);
        BlockingQueue<ResourceSnapshot> snapshots = new LinkedBlockingQueue<>();
        FileProvider provider = new FileProvider(manifests, null, true);
        try {
            provider.start(snapshots::add);
            assertEquals(List.of("linked"), names(snapshots.take()));
            Files.writeString(elsewhere.resolve("added.yaml"), secret("added"));
            ResourceSnapshot s;
            do {
                s = snapshots.poll(5, TimeUnit.SECONDS);
                assertNotNull(s, "a file added in the linked directory, which is read, is watched too");
            } while (!names(s).contains("added"));
            assertEquals(List.of("added", "linked"), names(s));
        } finally {
            provider.close();
        }
    }

    @Test
    void aConfigMapMountIsReadOnceThroughItsLinks(@TempDir Path dir) throws Exception {
        // kubelet's layout: the files are links into ..data, itself a link to a hidden timestamped directory.
        Path real = Files.createDirectories(dir.resolve("..2026_12_07_00_00_00.123"));
        Files.writeString(real.resolve("app.yaml"), secret("app"));
        Files.createSymbolicLink(dir.resolve("..data"), dir.resolve("..2026_12_07_00_00_00.123"));
        Files.createSymbolicLink(dir.resolve("app.yaml"), Path.of("..data/app.yaml"));
        ResourceSnapshot s = new FileProvider(dir, null, false).load();
        assertEquals(List.of("app"), names(s));
        assertTrue(s.problems().isEmpty(), s.problems().toString());
    }
}
