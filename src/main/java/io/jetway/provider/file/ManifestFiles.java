package io.jetway.provider.file;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Function;

/**
 * The manifest files under a directory, as both the file provider and {@code jetway check} read
 * them: recursively, in sorted path order (which decides which of two definitions of one object
 * wins), following symbolic links. Hidden files and directories are skipped: a ConfigMap mounted as
 * a directory keeps its real files in a hidden {@code ..<timestamp>} directory beside the links.
 */
public final class ManifestFiles {

    /**
     * @param files    the manifests, sorted
     * @param problems what could not be walked: a symbolic link loop, a broken link, an unreadable
     *                 directory; each names the path
     */
    public record Listing(List<Path> files, List<String> problems) {
    }

    private ManifestFiles() {
    }

    /** A manifest file: .yaml, .yml or .json, not hidden. */
    public static boolean isManifest(Path p) {
        String n = p.getFileName().toString().toLowerCase();
        return !isHidden(p) && (n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json"));
    }

    private static boolean isHidden(Path p) {
        return p.getFileName() != null && p.getFileName().toString().startsWith(".");
    }

    /** @param label how a path is named in problems */
    public static Listing under(Path directory, Function<Path, String> label) {
        List<Path> files = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try {
            Files.walkFileTree(directory, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(directory) && isHidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile() && isManifest(file)) {
                        files.add(file);
                    } else if (attrs.isSymbolicLink() && isManifest(file)) {
                        problems.add(label.apply(file) + ": skipped: broken symbolic link");
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (isHidden(file)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (e instanceof FileSystemLoopException) {
                        problems.add(label.apply(file) + ": skipped: symbolic link loop (it leads back to "
                                + loopTarget(directory, file, label) + ")");
                    } else {
                        problems.add(label.apply(file) + ": skipped: cannot be read (" + e.getClass().getSimpleName() + ")");
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            problems.add(label.apply(directory) + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        files.sort(null);
        return new Listing(List.copyOf(files), List.copyOf(problems));
    }

    /** Where a looping link leads, named as the other manifests are when it is inside the directory. */
    private static String loopTarget(Path directory, Path link, Function<Path, String> label) {
        try {
            Path target = link.toRealPath();
            Path top = directory.toRealPath();
            if (target.equals(top)) {
                return "the manifests directory " + directory;
            }
            return target.startsWith(top) ? label.apply(directory.resolve(top.relativize(target))) : target.toString();
        } catch (IOException | RuntimeException e) {
            return "a directory it is in";
        }
    }
}
