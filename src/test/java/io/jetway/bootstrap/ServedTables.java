package io.jetway.bootstrap;

import io.jetway.routing.RoutingTable;

/**
 * For end-to-end tests of configuration no provider makes yet (the Gateway API's internal
 * middleware kinds): swaps a routing table the test built into a running server, as a reload
 * does, without TLS. The server's own providers must have nothing to reload (an empty, unchanging
 * manifests directory), or their next table replaces it.
 */
public final class ServedTables {

    private ServedTables() {
    }

    public static void serve(EmbeddedServer server, RoutingTable table) {
        server.dataPlaneBeans().routingTables().reload(table, null);
    }
}
