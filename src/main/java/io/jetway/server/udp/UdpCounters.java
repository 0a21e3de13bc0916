package io.jetway.server.udp;

/**
 * A snapshot of one entry point's counters, for metrics.
 *
 * @param sessionsOpened  sessions that got a backend socket
 * @param sessionsClosed  sessions ended: idle, backend unreachable or failing, or the entry point closed
 * @param droppedNoRoute  client datagrams dropped because no router serves the entry point (or the
 *                        routes failed)
 * @param droppedOther    datagrams dropped on the way: a backend socket that could not be opened, a
 *                        full socket buffer, a send the system refused (too large, unreachable network)
 */
public record UdpCounters(long sessionsOpened, long sessionsClosed, long droppedNoRoute, long droppedOther) {
}
