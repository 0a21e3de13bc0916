package io.jetway.exchange;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;

import java.io.IOException;

/**
 * Rewrites a proxied response's body on its way to the client (compress). A middleware registers
 * one per request with {@link Exchange#transformResponseBody}; the proxy asks it once the
 * backend's status and headers are known, and only then pays for it.
 */
public interface ResponseBodyTransformer {

    /**
     * The transform of this response's body, or null to pass it as it is. Runs before anything is
     * committed, with the headers as they will be returned (middlewares' edits applied), and may
     * change them.
     */
    Transform begin(HttpServletRequest request, HttpServletResponse response, int status);

    /**
     * One body's transform, called by one writer at a time. Until it has sent bytes it may still
     * change the response's headers (they are not committed before its first bytes go out).
     */
    interface Transform {

        /** The bytes to send for this piece of the body; maybe none yet. */
        byte[] write(byte[] bytes, int offset, int length) throws IOException;

        /** The bytes to send so that all the body written so far can reach the client now. */
        byte[] flush() throws IOException;

        /** The body's last bytes. */
        byte[] end() throws IOException;

        /**
         * The body's last bytes, given the backend's trailers (null when none came). Only a
         * transform that {@link #consumesTrailers() consumes them} needs more than {@link #end()}.
         */
        default byte[] end(HttpFields trailers) throws IOException {
            return end();
        }

        /** Whether the trailers go into the body (gRPC-Web) instead of out as HTTP trailers. */
        default boolean consumesTrailers() {
            return false;
        }
    }
}
