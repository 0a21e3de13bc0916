package io.jetway.middleware;

import jakarta.servlet.http.HttpServletRequest;

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

    private static final String ATTRIBUTE = BufferedBody.class.getName();

    private final byte[] bytes;
    private final Path file;
    private final long length;

    private BufferedBody(byte[] bytes, Path file, long length) {
        this.bytes = bytes;
        this.file = file;
        this.length = length;
    }

    static BufferedBody inMemory(byte[] bytes) {
        return new BufferedBody(bytes, null, bytes.length);
    }

    static BufferedBody inFile(Path file, long length) {
        return new BufferedBody(null, file, length);
    }

    /** The request's buffered body, or null when the proxy is to stream it from the client. */
    public static BufferedBody find(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof BufferedBody body ? body : null;
    }

    void attach(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
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
    void discard() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
