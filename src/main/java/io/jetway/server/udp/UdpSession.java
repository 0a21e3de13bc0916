package io.jetway.server.udp;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * One client ip:port on one entry point socket, with its own connected socket to the chosen
 * server (as Traefik's UDP proxy dials one per session). Only the selector thread touches it.
 */
final class UdpSession {

    private final ListeningSocket arrival;
    private final InetSocketAddress client;
    private final UdpTarget target;
    private final DatagramChannel backend;
    /** The PROXY v2 header put before each datagram to the server, or null; fixed for the session. */
    private final byte[] proxyHeader;
    private long lastActivity;

    UdpSession(ListeningSocket arrival, InetSocketAddress client, UdpTarget target, DatagramChannel backend,
               byte[] proxyHeader, long now) {
        this.arrival = arrival;
        this.client = client;
        this.target = target;
        this.backend = backend;
        this.proxyHeader = proxyHeader;
        this.lastActivity = now;
    }

    ListeningSocket arrival() {
        return arrival;
    }

    InetSocketAddress client() {
        return client;
    }

    UdpTarget target() {
        return target;
    }

    DatagramChannel backend() {
        return backend;
    }

    /** Activity, as Traefik counts it: a client datagram consumed or a reply sent. */
    void touch(long now) {
        lastActivity = now;
    }

    boolean idle(long now, long timeoutNanos) {
        return now - lastActivity > timeoutNanos;
    }

    /**
     * The datagram to send to the server: the payload between position and limit, with the PROXY
     * header written just before it when there is one (the caller leaves that much room in front).
     */
    ByteBuffer frame(ByteBuffer payload) {
        if (proxyHeader != null) {
            int start = payload.position() - proxyHeader.length;
            payload.put(start, proxyHeader).position(start);
        }
        return payload;
    }

    @Override
    public String toString() {
        return client + " -> " + arrival.local() + " -> " + target.server() + " (router " + target.router() + ")";
    }
}
