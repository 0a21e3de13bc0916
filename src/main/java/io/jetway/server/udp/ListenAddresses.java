package io.jetway.server.udp;

import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds an entry point's sockets. A socket bound to the wildcard address cannot choose the source
 * of a reply, so the kernel picks one by route and a client that wrote to a second address of the
 * host gets its answer from another one and drops it (Traefik #7430). For a wildcard host Jetway
 * binds one socket per local address instead, like named and unbound do; a specific host gets one.
 * Addresses added to the host after the start are not served.
 */
final class ListenAddresses {

    private static final Logger LOG = LoggerFactory.getLogger(ListenAddresses.class);
    /** Tries at finding one free ephemeral port on every address when port 0 was asked. */
    private static final int EPHEMERAL_TRIES = 8;

    private ListenAddresses() {
    }

    /** Empty, 0.0.0.0 and :: all mean every address: Go listens dual-stack for all three. */
    static boolean isWildcard(String host) {
        if (host == null || host.isBlank()) {
            return true;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.equals("0.0.0.0") || bare.equals("::") || bare.equals("0:0:0:0:0:0:0:0");
    }

    /** Bound, non-blocking sockets, all on one port; throws when none could be bound. */
    static List<ListeningSocket> bind(String name, String host, int port) throws IOException {
        if (!isWildcard(host)) {
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            return List.of(open(InetAddress.getByName(bare), port));
        }
        List<InetAddress> addresses = interfaceAddresses();
        int tries = port == 0 ? EPHEMERAL_TRIES : 1;
        for (int attempt = 1; ; attempt++) {
            List<ListeningSocket> bound = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            int chosen = port;
            for (InetAddress address : addresses) {
                try {
                    ListeningSocket socket = open(address, chosen);
                    bound.add(socket);
                    chosen = socket.local().getPort();
                } catch (IOException | UnsupportedOperationException e) { // the latter: no IPv6 in this JVM
                    failures.add(address.getHostAddress() + ": " + e);
                }
            }
            if (failures.isEmpty() || (attempt >= tries && !bound.isEmpty())) {
                // An address that cannot be bound (say an IPv6 address still being checked) is
                // left out rather than failing the whole entry point.
                failures.forEach(f -> LOG.warn("UDP entry point {}: not listening on {}", name, f));
                return bound;
            }
            closeAll(bound);
            if (attempt >= tries) {
                throw new BindException("UDP entry point " + name + ": no address could be bound on port " + port
                        + ": " + failures);
            }
        }
    }

    private static ListeningSocket open(InetAddress address, int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open(
                address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
        try {
            channel.bind(new InetSocketAddress(address, port));
            channel.configureBlocking(false);
            return new ListeningSocket(channel, (InetSocketAddress) channel.getLocalAddress());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** The addresses of every interface that is up, loopback included. */
    private static List<InetAddress> interfaceAddresses() throws IOException {
        List<InetAddress> addresses = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp()) {
                addresses.addAll(Collections.list(nic.getInetAddresses()));
            }
        }
        if (addresses.isEmpty()) {
            throw new BindException("no network interface is up");
        }
        return addresses;
    }

    static void closeAll(List<ListeningSocket> sockets) {
        for (ListeningSocket socket : sockets) {
            try {
                socket.channel().close();
            } catch (IOException e) {
                LOG.debug("closing {}", socket.local(), e);
            }
        }
    }
}
