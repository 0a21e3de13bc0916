package io.jetway.e2e;

import io.jetway.server.udp.DnsTestResponder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** UDP routers on real sockets (issue 19): IngressRouteUDP, seed 001's example as written, and dig. */
class UdpRoutingEndToEndTest {

    @TempDir
    Path dir;

    /** A UDP server on 127.0.0.1 answering each datagram with {@code answer}. */
    static final class UdpBackend implements AutoCloseable {
        final DatagramSocket socket;
        private final Thread thread;

        UdpBackend(UnaryOperator<byte[]> answer) throws IOException {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                byte[] buffer = new byte[65_535];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                        socket.receive(p);
                        byte[] reply = answer.apply(Arrays.copyOf(p.getData(), p.getLength()));
                        socket.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "udp-backend");
            thread.setDaemon(true);
            thread.start();
        }

        static UdpBackend named(String name) throws IOException {
            return new UdpBackend(data -> (name + ":" + new String(data, StandardCharsets.ISO_8859_1))
                    .getBytes(StandardCharsets.ISO_8859_1));
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** A Service (port 8080) whose one endpoint is 127.0.0.1:{@code port}; the protocol does not matter to routing. */
    static String udpService(String name, int port) {
        return Manifests.serviceWithEndpointSlice(name, 8080, port);
    }

    /** Sends from this socket and waits for one reply; null when none came within the timeout. */
    static String ask(DatagramSocket client, int port, String text) throws IOException {
        byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
        client.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), port));
        byte[] buffer = new byte[65_535];
        DatagramPacket reply = new DatagramPacket(buffer, buffer.length);
        try {
            client.receive(reply);
        } catch (SocketTimeoutException none) {
            return null;
        }
        return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.ISO_8859_1);
    }

    private JetwayHarness jetway(String... flags) throws Exception {
        return JetwayHarness.start(Files.createDirectories(dir.resolve("m")), flags);
    }

    @Test
    void seed001sWeightedIngressRouteUdpAsWrittenServesItsEntryPointAndSessionsStayWithTheirServer() throws Exception {
        try (UdpBackend foo = UdpBackend.named("foo"); UdpBackend bar = UdpBackend.named("bar");
             JetwayHarness jetway = jetway("--entrypoints.fooudp.address=127.0.0.1:0/udp", "--entrypoints.fooudp.udp.timeout=1s",
                     "--metrics.prometheus", "--entrypoints.traefik.address=127.0.0.1:0");
             DatagramSocket client = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            // Seed 001_1327 as written: Services foo (8080) and bar (8081), weight 10 each.
            jetway.write("udp.yaml", udpService("foo", foo.port()) + Manifests.serviceWithEndpointSlice("bar", 8081, bar.port())
                    + Manifests.seedExample("001_1327", 0));
            int port = jetway.server.port("fooudp");
            client.setSoTimeout(500);
            String first = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (first == null && System.nanoTime() < deadline) {
                first = ask(client, port, "hello");
            }
            assertTrue(first != null && first.endsWith(":hello"), String.valueOf(first));
            String backend = first.substring(0, first.indexOf(':'));

            for (int i = 0; i < 5; i++) {
                assertEquals(backend + ":again" + i, ask(client, port, "again" + i), "one client address, one session, one server");
            }
            Map<String, Integer> spread = new HashMap<>();
            for (int i = 0; i < 20; i++) {
                try (DatagramSocket other = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                    other.setSoTimeout(2_000);
                    String answer = ask(other, port, "x");
                    spread.merge(answer == null ? "none" : answer.substring(0, answer.indexOf(':')), 1, Integer::sum);
                }
            }
            assertEquals(Map.of("foo", 10, "bar", 10), spread, "weights 10 and 10, one pick per new session");

            String metrics = jetway.client.GET("http://127.0.0.1:" + jetway.server.port("traefik") + "/metrics")
                    .getContentAsString();
            String sessions = metrics.lines().filter(l -> l.startsWith("traefik_udp_entrypoint_sessions_total{entrypoint=\"fooudp\"}"))
                    .findFirst().orElse("none");
            assertTrue(!sessions.equals("none") && Double.parseDouble(sessions.substring(sessions.lastIndexOf(' ') + 1)) >= 21,
                    "the 21 client addresses opened 21 sessions or more: " + sessions);
        }
    }

    @Test
    void digGetsItsAnswerThroughAnIngressRouteUdp() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/dig")), "dig (Debian bind9-dnsutils) is not installed");
        try (UdpBackend dns = new UdpBackend(DnsTestResponder::answer);
             UdpBackend echo = UdpBackend.named("echo");
             JetwayHarness jetway = jetway("--entrypoints.dns.address=127.0.0.1:0/udp")) {
            jetway.write("dns.yaml", udpService("coredns", dns.port()) + """
                    apiVersion: traefik.io/v1alpha1
                    kind: IngressRouteUDP
                    metadata: {name: dns, namespace: default}
                    spec:
                      entryPoints: [dns]
                      routes:
                        - services: [{name: coredns, port: 8080}]
                    """);
            int port = jetway.server.port("dns");
            String output = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!output.trim().equals("127.0.0.1") && System.nanoTime() < deadline) {
                Process dig = new ProcessBuilder("/usr/bin/dig", "@127.0.0.1", "-p", String.valueOf(port),
                        "+time=1", "+tries=1", "+short", "jetway.example", "A").redirectErrorStream(true).start();
                assertTrue(dig.waitFor(30, TimeUnit.SECONDS), "dig finished");
                output = new String(dig.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            }
            assertEquals("127.0.0.1", output.trim(), "the responder's answer came back through Jetway");
        }
    }
}
