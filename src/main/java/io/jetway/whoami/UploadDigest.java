package io.jetway.whoami;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Reads a request body chunk by chunk as it arrives (never whole), counting and hashing it, then
 * answers {@code bytes=<n> sha256=<hex>}.
 */
final class UploadDigest implements Runnable {

    private final Request request;
    private final Response response;
    private final Callback callback;
    private final MessageDigest sha256;
    private long bytes;

    UploadDigest(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException required) {
            throw new IllegalStateException("every Java runtime has SHA-256", required);
        }
    }

    /** Reads what is available, then asks to be called again when more arrives. */
    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                callback.failed(chunk.getFailure());
                return;
            }
            bytes += chunk.remaining();
            sha256.update(chunk.getByteBuffer());
            chunk.release();
            if (chunk.isLast()) {
                String answer = "bytes=" + bytes + " sha256=" + HexFormat.of().formatHex(sha256.digest());
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                Content.Sink.write(response, true, answer, callback);
                return;
            }
        }
    }
}
