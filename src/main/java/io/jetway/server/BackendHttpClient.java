package io.jetway.server;

import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.Origin;

import org.eclipse.jetty.http2.hpack.HpackException;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backend client, with a lock-free look-up of known destinations. Jetty resolves every request's
 * destination with {@code ConcurrentHashMap.compute}, which locks the map bin: all requests to one
 * backend then queue on the same monitor (measured under proxy-bench: the most contended lock of
 * the process). Jetty removes a destination only through {@link #removeDestination} (its idle sweeper
 * is off: no destination idle timeout is set), which drops it from the cache too.
 */
final class BackendHttpClient extends HttpClient {

    private final ConcurrentHashMap<Origin, Destination> known = new ConcurrentHashMap<>();

    BackendHttpClient(HttpClientTransport transport) {
        super(transport);
    }

    /** What a request buffer holds at first: request heads of this size, common with cookies, take one pooled buffer. */
    static final int FIRST_HEAD_BUFFER_BYTES = 8 * 1024;

    /**
     * Lets a client send request heads as large as the entry points accept (Jetty's default stops at
     * 8 KB: larger cookies and tokens failed with a 502). A head beyond the first buffer is written
     * again into one buffer of the maximum size.
     */
    static void sizeHeads(HttpClient client, int maxHeadBytes) {
        client.setRequestBufferSize(FIRST_HEAD_BUFFER_BYTES);
        client.setMaxRequestHeadersSize(maxHeadBytes);
    }

    /** Whether a request failed because its head exceeds the client's maximum (HTTP/1.1 or HTTP/2). */
    static boolean isHeadTooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            // Jetty's words: "Request headers too large" (HTTP/1.1), "Header size N > M" (HPACK).
            if ((t instanceof IllegalArgumentException && message.contains("headers too large"))
                    || (t instanceof HpackException && message.contains("header size"))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Destination resolveDestination(Origin origin) {
        Destination destination = known.get(origin);
        if (destination != null) {
            return destination;
        }
        destination = super.resolveDestination(origin);
        known.put(origin, destination);
        return destination;
    }

    @Override
    public boolean removeDestination(Destination destination) {
        known.remove(destination.getOrigin(), destination);
        return super.removeDestination(destination);
    }

    @Override
    protected void doStop() throws Exception {
        known.clear();
        super.doStop();
    }
}
