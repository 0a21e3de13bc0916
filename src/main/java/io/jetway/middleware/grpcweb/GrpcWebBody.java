package io.jetway.middleware.grpcweb;

import io.jetway.exchange.ResponseBodyTransformer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * A gRPC response on its way back as gRPC-Web: the messages pass as they are (base64 for -text),
 * then the backend's trailers follow as a trailer frame: flag 0x80, 4-byte big-endian length,
 * "name: value\r\n" lines.
 */
final class GrpcWebBody implements ResponseBodyTransformer.Transform {

    private static final byte[] NOTHING = new byte[0];
    private static final byte TRAILER_FLAG = (byte) 0x80;

    private final boolean text;
    /** For -text: the bytes that do not fill a 3-byte group yet, encoded once it does or at a flush. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    private GrpcWebBody(boolean text) {
        this.text = text;
    }

    /** Turns the backend's application/grpc answer into the client's gRPC-Web type. */
    record Transformer(String webType) implements ResponseBodyTransformer {

        @Override
        public Transform begin(HttpServletRequest request, HttpServletResponse response, int status) {
            String type = response.getContentType();
            if (type == null || !type.startsWith(GrpcWebMiddleware.GRPC)) {
                return null; // not a gRPC answer (a proxy error, a plain 404): passed as it is
            }
            response.setHeader("Content-Type", type.replaceFirst(GrpcWebMiddleware.GRPC, webType));
            response.setHeader("Content-Length", null);
            response.setHeader("Trailer", null); // the trailers are in the body now
            Set<String> exposed = new LinkedHashSet<>(response.getHeaderNames());
            exposed.add("grpc-status");
            exposed.add("grpc-message");
            response.setHeader("Access-Control-Expose-Headers", String.join(", ", exposed));
            return new GrpcWebBody(webType.equals(GrpcWebMiddleware.GRPC_WEB_TEXT));
        }
    }

    @Override
    public boolean consumesTrailers() {
        return true;
    }

    @Override
    public byte[] write(byte[] bytes, int offset, int length) {
        if (!text) {
            return Arrays.copyOfRange(bytes, offset, offset + length);
        }
        pending.write(bytes, offset, length);
        int whole = pending.size() - pending.size() % 3;
        if (whole == 0) {
            return NOTHING;
        }
        byte[] all = pending.toByteArray();
        pending.reset();
        pending.write(all, whole, all.length - whole);
        return Base64.getEncoder().encode(Arrays.copyOf(all, whole));
    }

    /** A -text chunk ends padded: clients decode the body as padded base64 chunks one after another. */
    @Override
    public byte[] flush() {
        return encodePending();
    }

    @Override
    public byte[] end() {
        return end(null);
    }

    @Override
    public byte[] end(HttpFields trailers) {
        byte[] frame = trailerFrame(trailers);
        if (!text) {
            return frame;
        }
        pending.write(frame, 0, frame.length);
        return encodePending();
    }

    private byte[] encodePending() {
        if (!text || pending.size() == 0) {
            return NOTHING;
        }
        byte[] encoded = Base64.getEncoder().encode(pending.toByteArray());
        pending.reset();
        return encoded;
    }

    static byte[] trailerFrame(HttpFields trailers) {
        StringBuilder lines = new StringBuilder();
        if (trailers != null) {
            for (HttpField field : trailers) {
                lines.append(field.getName().toLowerCase(Locale.ROOT)).append(": ").append(field.getValue()).append("\r\n");
            }
        }
        byte[] block = lines.toString().getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[5 + block.length];
        frame[0] = TRAILER_FLAG;
        frame[1] = (byte) (block.length >>> 24);
        frame[2] = (byte) (block.length >>> 16);
        frame[3] = (byte) (block.length >>> 8);
        frame[4] = (byte) block.length;
        System.arraycopy(block, 0, frame, 5, block.length);
        return frame;
    }

    /**
     * A -text request body: padded base64 chunks one after another (whitespace ignored), or null
     * when it is not base64.
     */
    static byte[] decodeText(byte[] body) {
        StringBuilder chars = new StringBuilder(body.length);
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                chars.append((char) (b & 0xff));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(chars.length() * 3 / 4);
        Base64.Decoder decoder = Base64.getDecoder();
        int start = 0;
        try {
            for (int i = 0; i < chars.length(); i++) {
                // A chunk ends after its padding: decode up to there, then the next one.
                boolean chunkEnd = chars.charAt(i) == '=' && (i + 1 == chars.length() || chars.charAt(i + 1) != '=');
                if (chunkEnd || i + 1 == chars.length()) {
                    byte[] chunk = decoder.decode(chars.substring(start, i + 1));
                    out.write(chunk, 0, chunk.length);
                    start = i + 1;
                }
            }
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        return out.toByteArray();
    }
}
