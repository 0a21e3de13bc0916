package io.jetway.provider.file;

import io.jetway.model.KubeObject;
import io.jetway.model.ResourceSnapshot;
import io.jetway.provider.KnownKinds;
import io.jetway.provider.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads Kubernetes manifests from a directory (recursively) or a single file. With watch on, a
 * change is picked up after a short quiet period, so a burst of writes gives one reload. A file
 * that stops parsing keeps contributing its last good objects until it is fixed or deleted.
 */
public final class FileProvider implements Provider {

    private static final Logger LOG = LoggerFactory.getLogger(FileProvider.class);
    /** Quiet time after the last event before reloading; keeps edits live well within a second. */
    static final long DEBOUNCE_MILLIS = 150;
    /** A steady stream of writes still reloads at least this often. */
    static final long MAX_DELAY_MILLIS = 600;

    private final Path directory;
    private final Path filename;
    private final boolean watch;
    private final Map<Path, List<KubeObject>> lastGood = new HashMap<>();
    private final Set<String> reportedKinds = new HashSet<>();
    private volatile WatchService watcher;
    private volatile Thread thread;

    public FileProvider(Path directory, Path filename, boolean watch) {
        if (directory == null && filename == null) {
            throw new IllegalArgumentException("the file provider needs a directory or a filename");
        }
        this.directory = directory == null ? null : directory.toAbsolutePath().normalize();
        this.filename = filename == null ? null : filename.toAbsolutePath().normalize();
        this.watch = watch;
    }

    @Override
    public String name() {
        return "file";
    }

    @Override
    public void start(Consumer<ResourceSnapshot> sink) throws IOException {
        if (watch) {
            watcher = FileSystems.getDefault().newWatchService();
            registerAll();
        }
        sink.accept(load());
        if (watch) {
            thread = new Thread(() -> watchLoop(sink), "jetway-file-provider");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public void close() {
        Thread t = thread;
        WatchService w = watcher;
        if (w != null) {
            try {
                w.close();
            } catch (IOException e) {
                LOG.debug("closing the watch service failed", e);
            }
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Reads every manifest now. Synchronized with the watch thread because both touch lastGood. */
    public synchronized ResourceSnapshot load() {
        List<Path> files = manifestFiles();
        lastGood.keySet().retainAll(new HashSet<>(files));
        List<KubeObject> objects = new ArrayList<>();
        for (Path file : files) {
            objects.addAll(readFile(file));
        }
        return new ResourceSnapshot(objects);
    }

    private List<KubeObject> readFile(Path file) {
        String label = displayName(file);
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            ManifestReader.Result result = ManifestReader.read(label, text);
            List<KubeObject> kept = new ArrayList<>();
            for (KubeObject o : result.objects()) {
                if (KnownKinds.isKnown(o.apiVersion(), o.kind())) {
                    kept.add(o);
                } else if (reportedKinds.add(o.apiVersion() + " " + o.kind())) {
                    LOG.warn("event=unknown-kind kind={} apiVersion={} file={} msg=\"skipped: Jetway does not read this kind\"",
                            o.kind(), o.apiVersion(), label);
                }
            }
            for (String s : result.skipped()) {
                LOG.warn("event=manifest-skipped file={} msg=\"{}\"", label, s);
            }
            lastGood.put(file, List.copyOf(kept));
            return kept;
        } catch (ManifestReader.ManifestException e) {
            LOG.error("event=manifest-invalid file={} line={} msg=\"{}\" action=\"keeping the last good objects of this file\"",
                    label, e.line(), e.getMessage());
        } catch (IOException e) {
            LOG.error("event=manifest-unreadable file={} msg=\"{}\"", label, e.toString());
        }
        return lastGood.getOrDefault(file, List.of());
    }

    private String displayName(Path file) {
        if (directory != null && file.startsWith(directory)) {
            return directory.getFileName() + "/" + directory.relativize(file);
        }
        return file.toString();
    }

    private List<Path> manifestFiles() {
        if (filename != null && directory == null) {
            return Files.isRegularFile(filename) ? List.of(filename) : List.of();
        }
        List<Path> files = new ArrayList<>();
        if (filename != null && Files.isRegularFile(filename)) {
            files.add(filename);
        }
        if (Files.isDirectory(directory)) {
            try (Stream<Path> walk = Files.walk(directory)) {
                walk.filter(Files::isRegularFile).filter(FileProvider::isManifest).sorted().forEach(files::add);
            } catch (IOException e) {
                LOG.error("event=directory-unreadable dir={} msg=\"{}\"", directory, e.toString());
            }
        } else {
            LOG.error("event=directory-missing dir={}", directory);
        }
        return files;
    }

    /** A manifest file: .yaml, .yml or .json, not hidden. */
    public static boolean isManifest(Path p) {
        String n = p.getFileName().toString().toLowerCase();
        return !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
    }

    private void registerAll() throws IOException {
        if (directory != null && Files.isDirectory(directory)) {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path dir : (Iterable<Path>) walk.filter(Files::isDirectory)::iterator) {
                    register(dir);
                }
            }
        }
        if (filename != null && filename.getParent() != null) {
            register(filename.getParent());
        }
    }

    private void register(Path dir) throws IOException {
        dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
    }

    private void watchLoop(Consumer<ResourceSnapshot> sink) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                WatchKey key = watcher.take();
                long first = System.nanoTime();
                drain(key);
                // Debounce: wait until the directory has been quiet for a moment, but not forever.
                while (true) {
                    long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - first);
                    long budget = Math.min(DEBOUNCE_MILLIS, MAX_DELAY_MILLIS - waited);
                    if (budget <= 0) {
                        break;
                    }
                    WatchKey more = watcher.poll(budget, TimeUnit.MILLISECONDS);
                    if (more == null) {
                        break;
                    }
                    drain(more);
                }
                registerAll(); // new subdirectories
                sink.accept(load());
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closing
        } catch (IOException | RuntimeException e) {
            LOG.error("event=file-watch-failed msg=\"{}\" action=\"file changes are no longer watched\"", e.toString());
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }
}
