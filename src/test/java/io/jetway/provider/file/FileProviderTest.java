package io.jetway.provider.file;

import io.jetway.kube.ResourceSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class FileProviderTest {

    static String secret(String name) {
        return "apiVersion: v1\nkind: Secret\nmetadata: {name: " + name + "}\n---\n";
    }

    static List<String> names(ResourceSnapshot s) {
        return s.objects().stream().map(o -> o.name()).sorted().toList();
    }

    @Test
    void readsRecursivelySkipsUnknownKindsAndOtherFiles(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("a/b"));
        Files.writeString(dir.resolve("one.yaml"), secret("one") + "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n");
        Files.writeString(dir.resolve("a/b/two.yml"), secret("two"));
        Files.writeString(dir.resolve("a/three.json"), "{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"three\"}}");
        Files.writeString(dir.resolve("a/notes.txt"), secret("ignored"));
        Files.writeString(dir.resolve(".hidden.yaml"), secret("hidden"));
        FileProvider provider = new FileProvider(dir, null, false);
        assertEquals(List.of("one", "three", "two"), names(provider.load()));
    }

    @Test
    void aBrokenFileKeepsItsLastGoodObjectsAndADeletedFileDropsThem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), secret("a1") + secret("a2"));
        Files.writeString(dir.resolve("b.yaml"), secret("b"));
        FileProvider provider = new FileProvider(dir, null, false);
        assertEquals(List.of("a1", "a2", "b"), names(provider.load()));
        Files.writeString(dir.resolve("a.yaml"), "apiVersion: v1\nkind: [unclosed\n");
        assertEquals(List.of("a1", "a2", "b"), names(provider.load()));
        Files.delete(dir.resolve("a.yaml"));
        assertEquals(List.of("b"), names(provider.load()));
    }

    @Test
    void aBurstOfWritesGivesOneReload(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("start.yaml"), secret("start"));
        BlockingQueue<ResourceSnapshot> snapshots = new LinkedBlockingQueue<>();
        FileProvider provider = new FileProvider(dir, null, true);
        try {
            provider.start(snapshots::add);
            assertEquals(List.of("start"), names(snapshots.take()), "the first snapshot comes before start returns");
            for (int i = 0; i < 20; i++) {
                Files.writeString(dir.resolve("burst-" + i + ".yaml"), secret("burst" + i));
            }
            ResourceSnapshot reloaded = snapshots.poll(2, TimeUnit.SECONDS);
            assertNotNull(reloaded, "the burst is picked up");
            assertEquals(21, reloaded.objects().size());
            assertNull(snapshots.poll(700, TimeUnit.MILLISECONDS), "one reload for the whole burst");
        } finally {
            provider.close();
        }
    }
}
