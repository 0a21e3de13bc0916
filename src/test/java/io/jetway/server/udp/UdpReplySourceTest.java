package io.jetway.server.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Traefik #7430: on a host with several addresses, a reply must come from the address the client
 * wrote to, or the client drops it. This is the one test that binds the wildcard, as the
 * behaviour only exists there.
 */
class UdpReplySourceTest {

    static boolean canBind(String host) {
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.bind(new InetSocketAddress(host, 0));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Test
    void repliesLeaveFromTheAddressTheClientWroteTo() throws Exception {
        try (UdpTestBackend backend = UdpTestBackend.echo();
             UdpEntryPoint entry = UdpEntryPoint.open("any", "", 0, UdpEntryPointTest.LONG_IDLE,
                     client -> new UdpTarget("r", "s", backend.address(), false))) {
            int port = entry.localAddress().getPort();
            assertEquals(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port), entry.localAddress());
            List<InetAddress> bound = entry.boundAddresses().stream().map(InetSocketAddress::getAddress).toList();
            assertTrue(bound.contains(InetAddress.getByName("127.0.0.1")), bound.toString());
            entry.boundAddresses().forEach(a -> assertEquals(port, a.getPort(), "one port on every address"));

            // The loopback address, and one other IPv4 address of this host when there is one: a
            // client on 127.0.0.1 writing to it would get its answer from 127.0.0.1 through a
            // wildcard socket, since that is the route back.
            List<InetAddress> targets = new ArrayList<>();
            targets.add(InetAddress.getByName("127.0.0.1"));
            bound.stream().filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst()
                    .ifPresent(targets::add);
            for (InetAddress target : targets) {
                try (UdpTestClient client = new UdpTestClient("127.0.0.1")) {
                    InetSocketAddress to = new InetSocketAddress(target, port);
                    UdpTestClient.Reply reply = client.ask("to " + target.getHostAddress(), to);
                    assertEquals("to " + target.getHostAddress(), reply.text());
                    assertEquals(to, reply.from());
                }
            }
            if (bound.contains(InetAddress.getByName("::1"))) {
                try (UdpTestClient client = new UdpTestClient("::1")) {
                    InetSocketAddress to = new InetSocketAddress(InetAddress.getByName("::1"), port);
                    assertEquals(to, client.ask("to ::1", to).from());
                }
            }
        }
    }
}
