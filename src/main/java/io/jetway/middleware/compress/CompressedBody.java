package io.jetway.middleware.compress;

import io.jetway.exchange.ResponseBodyTransformer;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One response body on its way through the compress middleware. A body of unknown length is held
 * back until it reaches the minimum size (then compressed), ends (then sent as it is), or has to
 * be flushed (then compressed, as Traefik does: a stream that is flushed early is compressed).
 */
final class CompressedBody implements ResponseBodyTransformer.Transform {

    private enum State { UNDECIDED, COMPRESSING, IDENTITY }

    private final HttpServletResponse response;
    private final ContentEncoder encoder;
    private final int minSize;
    private final Sink sink = new Sink();
    private State state = State.UNDECIDED;
    private ByteArrayOutputStream held;
    private OutputStream compressor;

    private CompressedBody(HttpServletResponse response, ContentEncoder encoder, int minSize) {
        this.response = response;
        this.encoder = encoder;
        this.minSize = minSize;
    }

    /** A body known to be large enough: compressed from its first byte, headers changed at once. */
    static CompressedBody compressing(HttpServletResponse response, ContentEncoder encoder) throws IOException {
        CompressedBody body = new CompressedBody(response, encoder, 0);
        body.startCompressing();
        return body;
    }

    /** A body of unknown length, decided once enough of it is known. */
    static CompressedBody undecided(HttpServletResponse response, ContentEncoder encoder, int minSize) {
        return new CompressedBody(response, encoder, minSize);
    }

    @Override
    public byte[] write(byte[] bytes, int offset, int length) throws IOException {
        switch (state) {
            case COMPRESSING -> {
                compressor.write(bytes, offset, length);
                return sink.take();
            }
            case IDENTITY -> {
                return java.util.Arrays.copyOfRange(bytes, offset, offset + length);
            }
            default -> {
                if (held == null) {
                    held = new ByteArrayOutputStream(Math.max(256, Math.min(minSize, 64 * 1024)));
                }
                held.write(bytes, offset, length);
                if (held.size() < minSize) {
                    return Sink.NOTHING;
                }
                startCompressing();
                return sink.take();
            }
        }
    }

    @Override
    public byte[] flush() throws IOException {
        if (state == State.UNDECIDED) {
            if (held == null || held.size() == 0) {
                return Sink.NOTHING;
            }
            startCompressing();
        }
        if (state == State.COMPRESSING) {
            compressor.flush();
            return sink.take();
        }
        return Sink.NOTHING;
    }

    @Override
    public byte[] end() throws IOException {
        if (state == State.UNDECIDED) {
            // Ended short of the minimum size: sent as it came, with its now known length.
            state = State.IDENTITY;
            byte[] body = held == null ? Sink.NOTHING : held.toByteArray();
            held = null;
            response.setContentLength(body.length);
            return body;
        }
        if (state == State.COMPRESSING) {
            compressor.close();
            return sink.take();
        }
        return Sink.NOTHING;
    }

    /** Nothing has been sent yet, so the headers can still say what the body will be. */
    private void startCompressing() throws IOException {
        response.setHeader("Content-Length", null);
        response.setHeader("Content-Encoding", encoder.token);
        compressor = encoder.open(sink);
        state = State.COMPRESSING;
        if (held != null) {
            held.writeTo(compressor);
            held = null;
        }
    }

    /** Collects the compressor's output between calls. */
    private static final class Sink extends ByteArrayOutputStream {
        static final byte[] NOTHING = new byte[0];

        Sink() {
            super(8192);
        }

        byte[] take() {
            if (count == 0) {
                return NOTHING;
            }
            byte[] out = toByteArray();
            reset();
            return out;
        }
    }
}
