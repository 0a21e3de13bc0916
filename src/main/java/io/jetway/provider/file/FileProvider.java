package io.jetway.provider.file;

import io.jetway.kube.KnownKinds;
import io.jetway.kube.KubeObject;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.provider.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitResult;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Reads Kubernetes manifests from a directory (recursively) or a single file. With watch on, a
 * change is picked up after a short quiet period, so a burst of writes gives one reload. A file
 * that stops parsing keeps contributing its last good objects until it is fixed or deleted. When
 * the watch names only manifest files that are plain files (no links in the directory, no new
 * directories), only those are read again; every other file contributes its last parse.
 * Whatever a file holds (see {@link ManifestReader}'s limits), it fails alone: the watch thread
 * outlives any one reload. An object defined twice keeps its first definition ({@link DuplicateObjects}).
 */
public final class FileProvider implements Provider {

    private static final Logger LOG = LoggerFactory.getLogger(FileProvider.class);
    /**
     * Quiet time after the last event before reloading. An editor's save (write and rename) or a copy
     * of a directory raises its events a few milliseconds apart, so 50 ms still makes one reload of
     * them, and a change is live about 50 ms after the write plus the reload's own time.
     */
    static final long DEBOUNCE_MILLIS = 50;
    /** A steady stream of writes still reloads at least this often. */
    static final long MAX_DELAY_MILLIS = 600;

    private final Path directory;
    private final Path filename;
    private final boolean watch;
    private final Map<Path, List<KubeObject>> lastGood = new HashMap<>();
    /** The files of the last read, in listing order, and their parses: what a change to a few files starts from. */
    private List<Path> listing;
    private final Map<Path, Parsed> parses = new HashMap<>();
    /** Whether the last full listing had a symbolic link among its files: a change then reads everything. */
    private boolean listingHasLinks;
    /** The snapshot last handed over, which a file edited in place updates (see loadChanged). */
    private ResourceSnapshot lastSnapshot;
    /** How many snapshots were made by replacing objects in the last one (tests). */
    private int updatedInPlace;
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

    /**
     * Reads every manifest now. Synchronized with the watch thread because both touch lastGood.
     * The files are parsed in parallel (parsing is most of a first load of thousands of files), then
     * taken in listing order, so objects, duplicates and log lines come out as a sequential read gives them.
     */
    public synchronized ResourceSnapshot load() {
        List<Path> files = manifestFiles();
        lastGood.keySet().retainAll(new HashSet<>(files));
        List<Parsed> parsed = files.parallelStream().map(this::parse).toList();
        parses.clear();
        parsed.forEach(p -> parses.put(p.file(), p));
        listing = files;
        listingHasLinks = directory != null && files.stream().anyMatch(Files::isSymbolicLink);
        return snapshotOf(files);
    }

    /**
     * Reads again only the given manifest files (changed, created or deleted plain files of the
     * directory); the others contribute their last parse, in listing order as a full read takes
     * them. Falls back to a full read when a path is anything else.
     */
    synchronized ResourceSnapshot loadChanged(Set<Path> changed) {
        if (listing == null || filename != null || listingHasLinks) {
            return load();
        }
        List<Path> files = new ArrayList<>(listing);
        List<Path> reread = new ArrayList<>();
        for (Path file : changed) {
            int at = java.util.Collections.binarySearch(files, file);
            if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                if (at < 0) {
                    files.add(-at - 1, file);
                }
                reread.add(file);
            } else if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                if (at >= 0) {
                    files.remove(at);
                }
                parses.remove(file);
                lastGood.remove(file);
            } else {
                return load(); // a link or a directory with a manifest's name
            }
        }
        List<Parsed> parsed = reread.parallelStream().map(this::parse).toList();
        // A file edited in place (same objects, new contents; no file added or removed, no object
        // defined twice) only replaces its objects in the last snapshot: no 30,000-object index again.
        boolean inPlace = files.equals(listing) && lastSnapshot != null && lastSnapshot.problems().isEmpty();
        List<KubeObject> before = new ArrayList<>();
        List<KubeObject> after = new ArrayList<>();
        if (inPlace) {
            for (Parsed p : parsed) {
                List<KubeObject> old = lastGood.getOrDefault(p.file(), List.of());
                before.addAll(old);
                after.addAll(p.failure() == null ? p.kept() : old); // a failed read keeps the last good objects
            }
        }
        parsed.forEach(p -> parses.put(p.file(), p));
        listing = List.copyOf(files);
        ResourceSnapshot replaced = inPlace ? lastSnapshot.withReplaced(before, after) : null;
        if (replaced == null) {
            return snapshotOf(listing);
        }
        parsed.forEach(this::take); // what a full snapshot's read logs and keeps of each changed file
        updatedInPlace++;
        lastSnapshot = replaced;
        return replaced;
    }

    synchronized int snapshotsUpdatedInPlace() {
        return updatedInPlace;
    }

    /** Every file's objects in listing order (logging what each file's parse found, as each read does), first definitions winning. */
    private ResourceSnapshot snapshotOf(List<Path> files) {
        List<KubeObject> objects = new ArrayList<>();
        for (Path file : files) {
            objects.addAll(take(parses.get(file)));
        }
        lastSnapshot = DuplicateObjects.snapshotOf(objects, List.of());
        return lastSnapshot;
    }

    /** One file's parse: its result, or the failure to report; no shared state, so files parse in parallel. */
    /**
     * One file's parse: its result (with the objects of known kinds, kept, and the others, to
     * report), or the failure to report; no shared state, so files parse in parallel.
     */
    private record Parsed(Path file, String label, ManifestReader.Result result, List<KubeObject> kept,
                          List<KubeObject> unknown, Throwable failure) {
    }

    private Parsed parse(Path file) {
        String label = displayName(file);
        try {
            ManifestReader.Result result = ManifestReader.readFile(label, file);
            List<KubeObject> kept = new ArrayList<>();
            List<KubeObject> unknown = new ArrayList<>();
            for (KubeObject o : result.objects()) {
                (KnownKinds.isKnown(o.apiVersion(), o.kind()) ? kept : unknown).add(o);
            }
            return new Parsed(file, label, result, List.copyOf(kept), List.copyOf(unknown), null);
        } catch (ManifestReader.ManifestException | RuntimeException | StackOverflowError e) {
            return new Parsed(file, label, null, List.of(), List.of(), e);
        }
    }

    private List<KubeObject> take(Parsed parsed) {
        Path file = parsed.file();
        String label = parsed.label();
        if (parsed.failure() instanceof ManifestReader.ManifestException e) {
            LOG.error("event=manifest-invalid file={} line={} msg=\"{}\" action=\"keeping the last good objects of this file\"",
                    label, e.line(), e.getMessage());
        } else if (parsed.failure() != null) {
            // The reader turns every input into a result or a ManifestException; this is the last guard.
            LOG.error("event=manifest-invalid file={} msg=\"cannot be read ({})\" action=\"keeping the last good objects of this file\"",
                    label, parsed.failure().getClass().getSimpleName());
        } else {
            for (KubeObject o : parsed.unknown()) {
                if (reportedKinds.add(o.apiVersion() + " " + o.kind())) {
                    LOG.warn("event=unknown-kind kind={} apiVersion={} file={} msg=\"{}\"",
                            o.kind(), o.apiVersion(), o.source(), KnownKinds.skippedBecause(o.apiVersion(), o.kind()));
                }
            }
            for (String s : parsed.result().skipped()) {
                LOG.warn("event=manifest-skipped file={} msg=\"{}\"", label, s);
            }
            lastGood.put(file, parsed.kept());
            return parsed.kept();
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
            ManifestFiles.Listing listing = ManifestFiles.under(directory, this::displayName);
            files.addAll(listing.files());
            listing.problems().forEach(p -> LOG.warn("event=manifest-skipped msg=\"{}\"", p));
        } else {
            LOG.error("event=directory-missing dir={}", directory);
        }
        return files;
    }

    /** Watches the directory and its subdirectories (not hidden ones); one it cannot watch is logged and skipped. */
    private void registerAll() throws IOException {
        if (directory != null && Files.isDirectory(directory)) {
            // Links followed as the listing of manifests follows them, so what is read is also watched.
            Files.walkFileTree(directory, java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(directory) && dir.getFileName().toString().startsWith(".")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    register(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // reported by the listing of manifests
                }
            });
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
        while (!Thread.currentThread().isInterrupted()) {
            try {
                WatchKey key = watcher.take();
                long first = System.nanoTime();
                Changes changes = new Changes();
                changes.drain(key);
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
                    changes.drain(more);
                }
                reload(sink, changes);
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return; // closing
            }
        }
    }

    /** One reload; whatever goes wrong in it, the thread lives on to pick up the next change. */
    private void reload(Consumer<ResourceSnapshot> sink, Changes changes) {
        if (!changes.onlyFiles) {
            try {
                registerAll(); // new subdirectories
            } catch (ClosedWatchServiceException e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                LOG.warn("event=file-watch-incomplete msg=\"{}\" action=\"new subdirectories may not be watched\"", e.toString());
            }
        }
        try {
            sink.accept(changes.onlyFiles ? loadChanged(changes.files) : load());
        } catch (ClosedWatchServiceException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            LOG.error("event=file-reload-failed msg=\"{}\" action=\"keeping the last good configuration; still watching\"",
                    e.getClass().getSimpleName());
        }
    }

    /**
     * What the watch reported in one burst: the manifest files it named, and whether that is all it
     * named (no lost events, no directory, link or hidden entry, which a full read handles).
     * Other plain files (a README beside the manifests) change nothing.
     */
    private static final class Changes {
        final Set<Path> files = new HashSet<>();
        boolean onlyFiles = true;

        void drain(WatchKey key) {
            for (java.nio.file.WatchEvent<?> event : key.pollEvents()) {
                if (event.kind() == StandardWatchEventKinds.OVERFLOW || !(key.watchable() instanceof Path dir)) {
                    onlyFiles = false;
                    continue;
                }
                Path path = dir.resolve((Path) event.context());
                if (ManifestFiles.isManifest(path) && !Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    files.add(path);
                } else if (ManifestFiles.isManifest(path)) {
                    onlyFiles = false; // a directory with a manifest's name: to be watched
                } else if (path.getFileName().toString().startsWith(".")
                        || !Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    onlyFiles = false;
                }
            }
            key.reset();
        }
    }
}
