package io.jetway.routing;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Holds the current routing table. Readers take it with one volatile read; a reload swaps in a
 * new table atomically, and requests already running keep the table they started with.
 */
@ApplicationScoped
public class RoutingTableHolder {

    private volatile RoutingTable current = RoutingTable.EMPTY;

    public RoutingTable current() {
        return current;
    }

    public void swap(RoutingTable table) {
        current = table;
    }
}
