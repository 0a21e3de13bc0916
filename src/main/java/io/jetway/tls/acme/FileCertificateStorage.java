package io.jetway.tls.acme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Traefik's {@code acme.json} (the layout is {@link AcmeJson}'s). Written to a temporary file with
 * mode 0600 and moved into place, so a crash never leaves half a file. Resolvers sharing a file
 * share one instance (its methods are synchronized), and each keeps the others' entries.
 *
 * <p>An account key that cannot be read is replaced by a new account, the certificates are still used.
 */
public final class FileCertificateStorage implements CertificateStorage {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path file;

    public FileCertificateStorage(Path file) {
        this.file = file.toAbsolutePath();
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized StoredResolver load(String resolver) throws IOException {
        return AcmeJson.resolver(readAll(), resolver, file.toString());
    }

    @Override
    public synchronized void save(String resolver, StoredResolver data) throws IOException {
        write(AcmeJson.withResolver(readAll(), resolver, data, file.toString()));
    }

    @Override
    public String describe() {
        return file.toString();
    }

    private String readAll() throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException missing) {
            return "";
        }
    }

    private void write(String text) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".acme", ".tmp");
        try {
            restrict(tmp);
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            restrict(file);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void restrict(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, OWNER_ONLY);
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: keep its default permissions.
        }
    }
}
