package io.jetway.exchange;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A request body read in full by a middleware before the request is forwarded (buffering, or
 * retry to replay it): in memory, or in a temporary file beyond the memory limit. When a request
 * carries one, the proxy forwards it instead of reading the client's stream, as often as needed.
 */
public final class BufferedBody {

    private final byte[] bytes;
    private final Path file;
    private final long length;

    private BufferedBody(byte[] bytes, Path file, long length) {
        this.bytes = bytes;
        this.file = file;
        this.length = length;
    }

    public static BufferedBody inMemory(byte[] bytes) {
        return new BufferedBody(bytes, null, bytes.length);
    }

    public static BufferedBody inFile(Path file, long length) {
        return new BufferedBody(null, file, length);
    }

    /** The body's bytes, or null when it is kept in {@link #file()}. */
    public byte[] bytes() {
        return bytes;
    }

    /** The temporary file holding the body, or null when it is in memory. */
    public Path file() {
        return file;
    }

    public long length() {
        return length;
    }

    /** Deletes the temporary file, if any, once the exchange is over. */
    public void discard() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
