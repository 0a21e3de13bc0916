package io.jetway.exchange;


/**
 * The proxy's hook for buffering's {@code maxResponseBodyBytes}: set on the request's
 * {@link Exchange} by the middleware, consulted by the proxy as the backend's response comes. A
 * response announced or found larger is answered 500 instead, as Traefik does; to be able to,
 * the proxy holds up to {@code memoryBytes} of the response before sending any of it. A larger
 * limit than that can only cut a response short once it has started.
 */
public final class ResponseBodyLimit {

    private final long maxBytes;
    private final int memoryBytes;
    private long seen;

    public ResponseBodyLimit(long maxBytes, int memoryBytes) {
        this.maxBytes = maxBytes;
        this.memoryBytes = memoryBytes;
    }

    /** How much of the response to hold before sending any: the limit, within the memory allowed. */
    public int holdBytes() {
        return (int) Math.min(maxBytes + 1, memoryBytes);
    }

    /** Whether an announced length is over the limit. */
    public boolean exceeds(long contentLength) {
        return contentLength > maxBytes;
    }

    /** Counts another chunk of the response; true once the total is over the limit. */
    public synchronized boolean exceededAfter(int length) {
        seen += length;
        return seen > maxBytes;
    }

    /** The failure the proxy aborts the backend's response with. */
    public static final class TooLarge extends RuntimeException {
        public TooLarge(long maxBytes) {
            super("response body over maxResponseBodyBytes " + maxBytes, null, false, false);
        }
    }

    public long maxBytes() {
        return maxBytes;
    }
}
