package io.jetway.routing;

import jakarta.enterprise.context.ApplicationScoped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Holds the current routing table. Readers take it with one volatile read; a reload swaps in a
 * new table atomically, and requests already running keep the table they started with.
 * Listeners (the proxy's backend clients) hear of every new table, on the reload's thread.
 */
@ApplicationScoped
public class RoutingTableHolder {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingTableHolder.class);

    private volatile RoutingTable current = RoutingTable.EMPTY;
    private final List<Consumer<RoutingTable>> listeners = new CopyOnWriteArrayList<>();

    public RoutingTable current() {
        return current;
    }

    public synchronized void swap(RoutingTable table) {
        current = table;
        listeners.forEach(listener -> notify(listener, table));
    }

    /** Adds a listener and tells it the current table at once, so it misses no table. */
    public synchronized void addSwapListener(Consumer<RoutingTable> listener) {
        listeners.add(listener);
        notify(listener, current);
    }

    public void removeSwapListener(Consumer<RoutingTable> listener) {
        listeners.remove(listener);
    }

    private static void notify(Consumer<RoutingTable> listener, RoutingTable table) {
        try {
            listener.accept(table);
        } catch (RuntimeException e) {
            LOG.error("event=table-listener-failed msg=\"{}\"", e.toString(), e);
        }
    }
}
