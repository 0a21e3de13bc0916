package io.jetway.server.udp;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.HashMap;
import java.util.Map;

/**
 * One bound entry point socket and the sessions whose datagrams arrived on it. Replies to those
 * clients leave from this socket, so their source is the address the client sent to. Only the
 * selector thread touches the map.
 */
record ListeningSocket(DatagramChannel channel, InetSocketAddress local, Map<InetSocketAddress, UdpSession> sessions) {

    ListeningSocket(DatagramChannel channel, InetSocketAddress local) {
        this(channel, local, new HashMap<>());
    }
}
