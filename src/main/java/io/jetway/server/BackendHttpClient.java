package io.jetway.server;

import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpClientTransport;
import org.eclipse.jetty.client.Origin;

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
