package io.jetway.middleware.buffering;

import io.jetway.kube.Node;
import io.jetway.middleware.TrafficOptions;

/**
 * The {@code buffering} middleware's options, in bytes, with Traefik's defaults; 0 means no limit.
 *
 * @param maxRequestBodyBytes  a larger request body is answered 413 (0)
 * @param memRequestBodyBytes  a larger request body goes to a temporary file (1 MiB; at most what an array holds)
 * @param maxResponseBodyBytes a larger response body becomes a 500 (0)
 * @param memResponseBodyBytes how much of the response is held to be able to do so (1 MiB)
 * @param retryExpression      accepted but not supported: the retry middleware does retries ("")
 */
public record BufferingOptions(long maxRequestBodyBytes, long memRequestBodyBytes, long maxResponseBodyBytes,
                               int memResponseBodyBytes, String retryExpression) {

    private static final int ONE_MIB = 1024 * 1024;
    /** The largest array a JVM reliably allocates. */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    public static BufferingOptions from(Node options) {
        long maxRequest = TrafficOptions.bytes(options.get("maxRequestBodyBytes"), 0);
        long memRequest = TrafficOptions.bytes(options.get("memRequestBodyBytes"), ONE_MIB);
        long maxResponse = TrafficOptions.bytes(options.get("maxResponseBodyBytes"), 0);
        long memResponse = TrafficOptions.bytes(options.get("memResponseBodyBytes"), ONE_MIB);
        if (memResponse > MAX_ARRAY) {
            throw new Node.InvalidFieldException(options.get("memResponseBodyBytes").path(), "is too large for memory");
        }
        return new BufferingOptions(maxRequest, Math.min(memRequest, MAX_ARRAY), maxResponse, (int) memResponse,
                options.get("retryExpression").string(""));
    }
}
