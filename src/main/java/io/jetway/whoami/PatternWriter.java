package io.jetway.whoami;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * Writes {@code size} bytes of a repeating printable pattern, one chunk per write, so that
 * gigabytes can be served without holding them.
 */
final class PatternWriter extends IteratingCallback {

    private static final String CYCLE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    static final int CHUNK_SIZE = 16 * 1024;

    private final Response response;
    private final Callback callback;
    private final ByteBuffer chunk;
    private long remaining;

    PatternWriter(Response response, long size, Callback callback) {
        this.response = response;
        this.callback = callback;
        this.remaining = size;
        // CHUNK_SIZE is a multiple of the cycle length, so consecutive chunks continue the pattern.
        this.chunk = ByteBuffer.wrap(CYCLE.repeat(CHUNK_SIZE / CYCLE.length()).getBytes(StandardCharsets.US_ASCII))
                .asReadOnlyBuffer();
    }

    /** The byte at a given offset of the stream, for tests that check the content. */
    static byte byteAt(long offset) {
        return (byte) CYCLE.charAt((int) (offset % CYCLE.length()));
    }

    @Override
    protected Action process() {
        if (remaining == 0) {
            return Action.SUCCEEDED;
        }
        int length = (int) Math.min(CHUNK_SIZE, remaining);
        remaining -= length;
        response.write(remaining == 0, chunk.slice(0, length), this);
        return Action.SCHEDULED;
    }

    @Override
    protected void onCompleteSuccess() {
        callback.succeeded();
    }

    @Override
    protected void onCompleteFailure(Throwable cause) {
        callback.failed(cause);
    }
}
