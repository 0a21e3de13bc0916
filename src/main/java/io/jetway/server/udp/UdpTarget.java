package io.jetway.server.udp;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where one session goes: the names for logs and metrics, the chosen server and whether each
 * datagram to it starts with a PROXY protocol v2 DGRAM header naming the client (Traefik #8613,
 * which Traefik itself lacks).
 *
 * @param server a resolved address: a name is not looked up on the selector thread, and a session
 *               to an unresolved one fails (its datagram is dropped and counted)
 */
public record UdpTarget(String router, String service, InetSocketAddress server, boolean proxyProtocolV2) {

    public UdpTarget {
        Objects.requireNonNull(server, "server");
    }
}
