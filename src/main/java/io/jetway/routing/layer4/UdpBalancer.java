package io.jetway.routing.layer4;

/** A UDP service compiled: picks the server of each new session. */
public interface UdpBalancer {

    String name();

    /** The next session's server, or null when there is none (the datagram is dropped). */
    UdpTargetServer next();

    /** @param proxyProtocolV2 each datagram to this server starts with a PROXY v2 header naming the client */
    record UdpTargetServer(String service, String host, int port, boolean proxyProtocolV2) {
    }
}
