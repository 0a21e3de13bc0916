package io.jetway.server.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jetway.service.l4.WeightedRoundRobin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class UdpEntryPointTest {

    static final Duration LONG_IDLE = Duration.ofSeconds(60);

    static UdpTarget to(UdpTestBackend backend) {
        return new UdpTarget("router", "service", backend.address(), false);
    }

    /** Waits for a condition that the entry point's thread makes true; only a hang fails. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("never happened: " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void forwardsBothWaysAndRepliesFromTheEntryPoint() throws Exception {
        try (UdpTestBackend backend = UdpTestBackend.echo();
             UdpEntryPoint entry = UdpEntryPoint.open("dns", "127.0.0.1", 0, LONG_IDLE, client -> to(backend));
             UdpTestClient client = new UdpTestClient()) {
            InetSocketAddress address = entry.localAddress();
            assertNotEquals(0, address.getPort());
            for (String text : List.of("one", "two", "three")) {
                UdpTestClient.Reply reply = client.ask(text, address);
                assertEquals(text, reply.text());
                assertEquals(address, reply.from(), "the reply comes from the entry point, not the server");
            }
            assertEquals(1, entry.sessions());
            assertEquals(new UdpCounters(1, 0, 0, 0), entry.counters());
            Set<InetSocketAddress> sources = new HashSet<>();
            backend.received().forEach(r -> sources.add(r.from()));
            assertEquals(1, sources.size(), "one session, one socket to the server");
        }
    }

    @Test
    void emptyRepliesAndTheLargestDatagramsPass() throws Exception {
        UnaryOperator<byte[]> answer = d -> new String(d).equals("nothing, please") ? new byte[0] : d;
        try (UdpTestBackend backend = UdpTestBackend.answering(answer);
             UdpEntryPoint entry = UdpEntryPoint.open("big", "127.0.0.1", 0, LONG_IDLE, client -> to(backend));
             UdpTestClient client = new UdpTestClient()) {
            client.send("nothing, please", entry.localAddress());
            assertEquals(0, client.receive().data().length);
            byte[] largest = new byte[65_507]; // the most an IPv4 datagram carries
            Arrays.fill(largest, (byte) 'x');
            largest[largest.length - 1] = 'y';
            client.send(largest, entry.localAddress());
            assertArrayEquals(largest, client.receive().data());
        }
    }

    @Test
    void anEmptyClientDatagramIsCountedNotForwarded() throws Exception {
        try (UdpTestBackend backend = UdpTestBackend.echo();
             UdpEntryPoint entry = UdpEntryPoint.open("empty", "127.0.0.1", 0, LONG_IDLE, client -> to(backend));
             UdpTestClient client = new UdpTestClient()) {
            client.send(new byte[0], entry.localAddress());
            await(() -> entry.counters().droppedOther() == 1, "the empty datagram counted");
            assertEquals("next", client.ask("next", entry.localAddress()).text());
            assertEquals(List.of("next"), texts(backend));
            assertEquals(1, entry.sessions());
        }
    }

    @Test
    void aClientPortStaysWithItsServer() throws Exception {
        try (UdpTestBackend first = UdpTestBackend.echo();
             UdpTestBackend second = UdpTestBackend.echo()) {
            WeightedRoundRobin<UdpTarget> wrr = WeightedRoundRobin.of(List.of(to(first), to(second)), List.of(1, 1));
            try (UdpEntryPoint entry = UdpEntryPoint.open("sticky", "127.0.0.1", 0, LONG_IDLE, client -> wrr.next());
                 UdpTestClient a = new UdpTestClient();
                 UdpTestClient b = new UdpTestClient()) {
                for (int i = 0; i < 5; i++) {
                    assertEquals("a" + i, a.ask("a" + i, entry.localAddress()).text());
                    assertEquals("b" + i, b.ask("b" + i, entry.localAddress()).text());
                }
                assertEquals(List.of("a0", "a1", "a2", "a3", "a4"), texts(first));
                assertEquals(List.of("b0", "b1", "b2", "b3", "b4"), texts(second));
                assertEquals(2, entry.sessions());
            }
        }
    }

    private static List<String> texts(UdpTestBackend backend) {
        return backend.received().stream().map(r -> new String(r.data())).toList();
    }

    @Test
    void idleSessionsEndAndTheClientGetsANewOne() throws Exception {
        AtomicInteger routed = new AtomicInteger();
        try (UdpTestBackend backend = UdpTestBackend.echo();
             UdpEntryPoint entry = UdpEntryPoint.open("idle", "127.0.0.1", 0, Duration.ofMillis(200), client -> {
                 routed.incrementAndGet();
                 return to(backend);
             });
             UdpTestClient client = new UdpTestClient()) {
            assertEquals("hello", client.ask("hello", entry.localAddress()).text());
            await(() -> entry.sessions() == 0, "the idle session closed");
            assertEquals(new UdpCounters(1, 1, 0, 0), entry.counters());
            assertEquals("again", client.ask("again", entry.localAddress()).text());
            assertEquals(2, routed.get(), "a new session asks the routes again");
            assertEquals(2, entry.counters().sessionsOpened());
        }
    }

    @Test
    void thousandSessionsFollowTheWeightsExactly() throws Exception {
        try (UdpTestBackend heavy = UdpTestBackend.echo();
             UdpTestBackend light = UdpTestBackend.echo()) {
            WeightedRoundRobin<UdpTarget> wrr = WeightedRoundRobin.of(List.of(to(heavy), to(light)), List.of(3, 1));
            List<UdpTestClient> clients = new ArrayList<>();
            try (UdpEntryPoint entry = UdpEntryPoint.open("spread", "127.0.0.1", 0, LONG_IDLE, client -> wrr.next())) {
                // All clients stay open so that no port is used twice (that would be one session).
                for (int i = 0; i < 1000; i++) {
                    UdpTestClient client = new UdpTestClient();
                    clients.add(client);
                    assertEquals("s" + i, client.ask("s" + i, entry.localAddress()).text());
                }
                assertEquals(750, heavy.received().size());
                assertEquals(250, light.received().size());
                assertEquals(1000, entry.sessions());
                assertEquals(1000, entry.counters().sessionsOpened());
            } finally {
                for (UdpTestClient client : clients) {
                    client.close();
                }
            }
        }
    }

    @Test
    void proxyProtocolV2NamesTheRealClient() throws Exception {
        // The server strips the header it expects and answers with the payload.
        try (UdpTestBackend backend = UdpTestBackend.answering(d -> Arrays.copyOfRange(d, 28, d.length));
             UdpEntryPoint entry = UdpEntryPoint.open("pp", "127.0.0.1", 0, LONG_IDLE,
                     client -> new UdpTarget("r", "s", backend.address(), true));
             UdpTestClient client = new UdpTestClient()) {
            assertEquals("ping", client.ask("ping", entry.localAddress()).text());
            assertEquals("pong", client.ask("pong", entry.localAddress()).text());
            for (UdpTestBackend.Received received : backend.received()) {
                ParsedHeader header = ParsedHeader.parse(received.data());
                assertEquals(0x12, header.familyAndTransport(), "UDP over IPv4");
                assertEquals(client.address(), header.source());
                assertEquals(entry.localAddress(), header.destination());
            }
            List<String> payloads = new ArrayList<>();
            for (UdpTestBackend.Received received : backend.received()) {
                payloads.add(new String(ParsedHeader.parse(received.data()).payload()));
            }
            assertEquals(List.of("ping", "pong"), payloads);
        }
    }

    @Test
    void proxyProtocolV2OverIpv6() throws Exception {
        assumeTrue(UdpReplySourceTest.canBind("::1"), "no IPv6 loopback here");
        try (UdpTestBackend backend = UdpTestBackend.answering(d -> Arrays.copyOfRange(d, 52, d.length));
             UdpEntryPoint entry = UdpEntryPoint.open("pp6", "::1", 0, LONG_IDLE,
                     client -> new UdpTarget("r", "s", backend.address(), true));
             UdpTestClient client = new UdpTestClient("::1")) {
            assertEquals("ping6", client.ask("ping6", entry.localAddress()).text());
            ParsedHeader header = ParsedHeader.parse(backend.received().get(0).data());
            assertEquals(0x22, header.familyAndTransport(), "UDP over IPv6");
            assertEquals(client.address(), header.source());
            assertEquals(entry.localAddress(), header.destination());
            assertEquals("ping6", new String(header.payload()));
        }
    }

    @Test
    void noRouteDropsAndCountsAndServingGoesOn() throws Exception {
        try (UdpTestBackend backend = UdpTestBackend.echo();
             UdpTestClient unrouted = new UdpTestClient();
             UdpTestClient failing = new UdpTestClient();
             UdpTestClient routed = new UdpTestClient()) {
            InetSocketAddress unroutedAddress = unrouted.address();
            InetSocketAddress failingAddress = failing.address();
            UdpRoutes routes = client -> {
                if (client.equals(unroutedAddress)) {
                    return null;
                }
                if (client.equals(failingAddress)) {
                    throw new IllegalStateException("a routing bug");
                }
                return to(backend);
            };
            try (UdpEntryPoint entry = UdpEntryPoint.open("noroute", "127.0.0.1", 0, LONG_IDLE, routes)) {
                for (int i = 0; i < 3; i++) {
                    unrouted.send("lost", entry.localAddress());
                }
                failing.send("lost too", entry.localAddress());
                await(() -> entry.counters().droppedNoRoute() == 4, "4 datagrams dropped for want of a route");
                assertEquals(0, entry.sessions());
                assertEquals("served", routed.ask("served", entry.localAddress()).text());
                assertEquals(1, entry.sessions());
                assertEquals(List.of("served"), texts(backend));
            }
        }
    }

    @Test
    void anUnreachableServerEndsOnlyItsSession() throws Exception {
        InetSocketAddress nobody;
        try (DatagramChannel closed = DatagramChannel.open()) {
            closed.bind(new InetSocketAddress("127.0.0.1", 0));
            nobody = (InetSocketAddress) closed.getLocalAddress();
        }
        try (UdpTestBackend backend = UdpTestBackend.echo();
             UdpTestClient lost = new UdpTestClient();
             UdpTestClient fine = new UdpTestClient()) {
            InetSocketAddress lostAddress = lost.address();
            UdpTarget good = to(backend);
            UdpRoutes routes = client -> client.equals(lostAddress) ? new UdpTarget("r", "down", nobody, false) : good;
            try (UdpEntryPoint entry = UdpEntryPoint.open("down", "127.0.0.1", 0, LONG_IDLE, routes)) {
                assertEquals("before", fine.ask("before", entry.localAddress()).text());
                lost.send("anyone?", entry.localAddress());
                await(() -> entry.counters().sessionsClosed() == 1, "the session to nobody closed");
                assertEquals(1, entry.sessions());
                assertEquals("after", fine.ask("after", entry.localAddress()).text());
                lost.send("still nobody?", entry.localAddress());
                await(() -> entry.counters().sessionsClosed() == 2, "its next session closed too");
                assertEquals(3, entry.counters().sessionsOpened());
                assertEquals("last", fine.ask("last", entry.localAddress()).text());
            }
        }
    }

    @Test
    void closeReleasesEverySocket() throws Exception {
        InetSocketAddress address;
        UdpEntryPoint entry;
        try (UdpTestBackend backend = UdpTestBackend.echo();
             UdpTestClient client = new UdpTestClient()) {
            entry = UdpEntryPoint.open("closing", "127.0.0.1", 0, LONG_IDLE, c -> to(backend));
            address = entry.localAddress();
            assertEquals("x", client.ask("x", address).text());
            entry.close();
            entry.close(); // twice is harmless
        }
        assertEquals(0, entry.sessions());
        assertEquals(new UdpCounters(1, 1, 0, 0), entry.counters());
        try (DatagramChannel again = DatagramChannel.open()) {
            again.bind(address); // fails if the entry point still held its port
            assertEquals(address, again.getLocalAddress());
        }
    }

    @Test
    void refusesATimeoutThatIsNotAboveZero() {
        assertThrows(IllegalArgumentException.class,
                () -> UdpEntryPoint.open("bad", "127.0.0.1", 0, Duration.ZERO, c -> null));
    }

    /** A PROXY protocol v2 header read the way a server would, checking each fixed byte. */
    record ParsedHeader(int familyAndTransport, InetSocketAddress source, InetSocketAddress destination, byte[] payload) {

        static ParsedHeader parse(byte[] datagram) throws UnknownHostException {
            ByteBuffer in = ByteBuffer.wrap(datagram);
            byte[] signature = new byte[12];
            in.get(signature);
            assertArrayEquals(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 'Q', 'U', 'I', 'T', 0x0A}, signature);
            assertEquals(0x21, in.get() & 0xFF, "version 2, PROXY");
            int familyAndTransport = in.get() & 0xFF;
            int length = in.getShort() & 0xFFFF;
            int addressLength = (familyAndTransport >> 4) == 1 ? 4 : 16;
            assertEquals(2 * addressLength + 4, length);
            byte[] src = new byte[addressLength];
            byte[] dst = new byte[addressLength];
            in.get(src).get(dst);
            int srcPort = in.getShort() & 0xFFFF;
            int dstPort = in.getShort() & 0xFFFF;
            byte[] payload = new byte[in.remaining()];
            in.get(payload);
            return new ParsedHeader(familyAndTransport,
                    new InetSocketAddress(InetAddress.getByAddress(src), srcPort),
                    new InetSocketAddress(InetAddress.getByAddress(dst), dstPort), payload);
        }
    }
}
