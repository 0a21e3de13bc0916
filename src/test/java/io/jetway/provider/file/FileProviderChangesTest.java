package io.jetway.provider.file;

import io.jetway.kube.KubeObject;
import io.jetway.kube.ResourceSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static io.jetway.provider.file.FileProviderTest.names;
import static io.jetway.provider.file.FileProviderTest.secret;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * A change to a few manifest files reads only those again: the other files' objects are the same
 * objects as before, and the snapshot is the one a full read gives (order, duplicates, last good
 * objects of a broken file).
 */
class FileProviderChangesTest {

    private static KubeObject named(ResourceSnapshot s, String name) {
        return s.objects().stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
    }

    private static ResourceSnapshot fullRead(Path dir) {
        return new FileProvider(dir, null, false).load();
    }

    /** A file edited in place (same objects, new contents) updates the last snapshot: it reads as a full read's. */
    @Test
    void aFileEditedInPlaceGivesAFullReadsSnapshot(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), secret("a") + secret("a2"));
        Files.writeString(dir.resolve("b.yaml"), secret("b"));
        FileProvider provider = new FileProvider(dir, null, false);
        ResourceSnapshot first = provider.load();

        Files.writeString(dir.resolve("a.yaml"), secret("a") + "apiVersion: v1\nkind: Secret\nmetadata: {name: a2, labels: {x: y}}\n");
        ResourceSnapshot edited = provider.loadChanged(Set.of(dir.resolve("a.yaml")));
        assertEquals(fullRead(dir), edited);
        assertEquals(fullRead(dir).objects(), edited.objects());
        assertEquals("y", named(edited, "a2").root().get("metadata").get("labels").get("x").string(""));
        assertSame(named(first, "b"), named(edited, "b"));
        assertEquals(1, provider.snapshotsUpdatedInPlace(), "the objects were replaced in the last snapshot");

        Files.writeString(dir.resolve("a.yaml"), secret("a")); // an object removed: read as a full read
        ResourceSnapshot fewer = provider.loadChanged(Set.of(dir.resolve("a.yaml")));
        assertEquals(fullRead(dir), fewer);
        assertEquals(List.of("a", "b"), names(fewer));
        assertEquals(1, provider.snapshotsUpdatedInPlace(), "an object fewer: a new snapshot");
    }

    @Test
    void onlyTheNamedFilesAreReadAgainAndTheSnapshotIsAFullReadsOne(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), secret("a"));
        Files.writeString(dir.resolve("b.yaml"), secret("b"));
        Files.writeString(dir.resolve("d.yaml"), secret("d") + secret("dup"));
        FileProvider provider = new FileProvider(dir, null, false);
        ResourceSnapshot first = provider.load();

        Files.writeString(dir.resolve("b.yaml"), secret("b2"));
        Files.writeString(dir.resolve("c.yaml"), secret("c") + secret("dup")); // a new file, sorted before d.yaml
        Files.delete(dir.resolve("a.yaml"));
        ResourceSnapshot changed = provider.loadChanged(Set.of(dir.resolve("a.yaml"), dir.resolve("b.yaml"), dir.resolve("c.yaml")));

        assertSame(named(first, "d"), named(changed, "d"), "an untouched file is not read again");
        assertEquals(fullRead(dir), changed);
        assertEquals(fullRead(dir).problems(), changed.problems(), "c.yaml's dup now comes first, as a full read says");
        assertEquals(List.of("b2", "c", "d", "dup"), names(changed));

        Files.writeString(dir.resolve("c.yaml"), "apiVersion: v1\nkind: [unclosed\n");
        ResourceSnapshot broken = provider.loadChanged(Set.of(dir.resolve("c.yaml")));
        assertEquals(List.of("b2", "c", "d", "dup"), names(broken), "a broken file keeps its last good objects");
        assertSame(named(changed, "c"), named(broken, "c"));
    }

    @Test
    void aLinkAmongTheFilesMakesEveryChangeAFullRead(@TempDir Path dir) throws Exception {
        Path target = Files.writeString(dir.resolve("target.txt"), secret("linked"));
        Files.createSymbolicLink(dir.resolve("link.yaml"), target);
        Files.writeString(dir.resolve("plain.yaml"), secret("plain"));
        FileProvider provider = new FileProvider(dir, null, false);
        ResourceSnapshot first = provider.load();

        Files.writeString(target, secret("relinked"));
        ResourceSnapshot changed = provider.loadChanged(Set.of(dir.resolve("plain.yaml")));
        assertEquals(List.of("plain", "relinked"), names(changed), "the link's target is read again too");
        assertNotSame(named(first, "plain"), named(changed, "plain"));
    }

    @Test
    void theWatchReadsTheChangedFileOnlyAndANewDirectoryFully(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), secret("a"));
        Files.writeString(dir.resolve("b.yaml"), secret("b"));
        BlockingQueue<ResourceSnapshot> snapshots = new LinkedBlockingQueue<>();
        FileProvider provider = new FileProvider(dir, null, true);
        try {
            provider.start(snapshots::add);
            ResourceSnapshot first = snapshots.take();

            Files.writeString(dir.resolve("b.yaml"), secret("b2"));
            ResourceSnapshot changed = snapshots.poll(5, TimeUnit.SECONDS);
            assertNotNull(changed);
            assertEquals(List.of("a", "b2"), names(changed));
            assertSame(named(first, "a"), named(changed, "a"), "a.yaml is not read again");

            Files.writeString(dir.resolve("notes.txt"), "not a manifest");
            Files.createDirectories(dir.resolve("sub"));
            Files.writeString(dir.resolve("sub/c.yaml"), secret("c"));
            ResourceSnapshot withDirectory = snapshots.poll(5, TimeUnit.SECONDS);
            assertNotNull(withDirectory);
            assertEquals(List.of("a", "b2", "c"), names(withDirectory), "a new directory: everything is read");
            assertNotSame(named(first, "a"), named(withDirectory, "a"));

            Files.writeString(dir.resolve("sub/c.yaml"), secret("c2"));
            ResourceSnapshot inSubdirectory = snapshots.poll(5, TimeUnit.SECONDS);
            assertNotNull(inSubdirectory, "the new directory is watched");
            assertEquals(List.of("a", "b2", "c2"), names(inSubdirectory));
            assertSame(named(withDirectory, "a"), named(inSubdirectory, "a"));
        } finally {
            provider.close();
        }
    }
}
