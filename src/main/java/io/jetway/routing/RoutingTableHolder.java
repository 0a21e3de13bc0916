package io.jetway.routing;

import java.util.function.Consumer;

/**
 * The current routing table as its readers see it: the request path takes it with one volatile
 * read, and requests already running keep the table they started with. Listeners (the proxy's
 * backend clients, status writing, the ACME resolvers) hear of every new table, on the reload's
 * thread. The table is one part of the runtime snapshot that {@code build.RuntimeSnapshotHolder}
 * swaps: readers of routes need nothing else of it, and this package stays below build.
 */
public interface RoutingTableHolder {

    /** The routing table of the snapshot serving now. */
    RoutingTable current();

    /** Adds a listener and tells it the current table at once, so it misses no table. */
    void addSwapListener(Consumer<RoutingTable> listener);

    void removeSwapListener(Consumer<RoutingTable> listener);
}
