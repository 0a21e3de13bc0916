package io.jetway.build;

import io.jetway.routing.RoutingTable;
import io.jetway.tls.TlsState;

/**
 * Everything one reload compiled, swapped as one: the routing table (routers, services,
 * middlewares, and what status writing reads: the routers' statuses, the services' and
 * middlewares' errors, the configuration's problems) and the TLS state compiled from the same
 * configuration with the certificates the ACME resolvers hold. A request, a handshake or a
 * listener that takes one snapshot sees routes and TLS of the same generation. Only
 * {@link RuntimeSnapshotHolder} makes the next one.
 *
 * @param generation counts the swaps, from 0 for the empty snapshot the holder starts with
 * @param tls        {@link TlsState#NONE} when Jetway does not terminate TLS
 */
public record RuntimeSnapshot(long generation, RoutingTable routes, TlsState tls) {

    public static final RuntimeSnapshot EMPTY = new RuntimeSnapshot(0, RoutingTable.EMPTY, TlsState.NONE);

    /** A reload's snapshot: new routes and the TLS state compiled from the same configuration. */
    RuntimeSnapshot reloaded(RoutingTable newRoutes, TlsState newTls) {
        return new RuntimeSnapshot(generation + 1, newRoutes, newTls);
    }

    /** The same routes with a new TLS state (certificates issued or renewed by ACME between reloads). */
    RuntimeSnapshot withTls(TlsState newTls) {
        return new RuntimeSnapshot(generation + 1, routes, newTls);
    }
}
