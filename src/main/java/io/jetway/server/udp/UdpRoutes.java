package io.jetway.server.udp;

import java.net.InetSocketAddress;

/**
 * Chooses where a new UDP session goes: called once per session, on the entry point's selector
 * thread, so it must answer at once (read the current routing table, let the router's service
 * pick with its WeightedRoundRobin) and never block or resolve names.
 */
@FunctionalInterface
public interface UdpRoutes {

    /**
     * @param client the client's address and port, which key the session
     * @return the target, or null when no router serves the entry point: the datagram is dropped
     *         and counted, and the client's next datagram asks again
     */
    UdpTarget route(InetSocketAddress client);
}
