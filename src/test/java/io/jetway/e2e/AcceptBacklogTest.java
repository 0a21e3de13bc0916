package io.jetway.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 16, item 9: an entry point's listen queue is the system's maximum (Java's default of 50
 * made bursts of connections wait for SYN retries), or the backlog asked for. The queue's length
 * is read from the kernel ({@code ss}'s Send-Q of the listening socket).
 */
class AcceptBacklogTest {

    private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");

    static Backend backend;

    @BeforeAll
    static void start() throws Exception {
        backend = Backend.start();
    }

    @AfterAll
    static void stop() throws Exception {
        backend.close();
    }

    /** The listen queue's length the kernel granted the socket listening on the port. */
    private static int listenQueue(int port) throws Exception {
        Process ss;
        try {
            ss = new ProcessBuilder("ss", "-ltnH", "sport = :" + port).redirectErrorStream(true).start();
        } catch (IOException noSs) {
            assumeTrue(false, "ss (iproute2) is not installed");
            throw noSs;
        }
        assumeTrue(ss.waitFor(20, TimeUnit.SECONDS));
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String[] columns = out.split("\\s+"); // State Recv-Q Send-Q Local Peer: Send-Q is the backlog
        assumeTrue(columns.length >= 4 && columns[0].equals("LISTEN"), out);
        return Integer.parseInt(columns[2]);
    }

    @Test
    void theDefaultListenQueueIsTheSystemsMaximum(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isReadable(SOMAXCONN), "not Linux");
        int systemMaximum = Integer.parseInt(Files.readAllLines(SOMAXCONN).get(0).trim()); // readString stops after a byte on /proc
        try (JetwayHarness jw = JetwayHarness.start(Files.createDirectories(dir.resolve("m")))) {
            assertEquals(systemMaximum, listenQueue(jw.port()));
        }
    }

    @Test
    void theBacklogFlagSetsTheListenQueue(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = JetwayHarness.start(Files.createDirectories(dir.resolve("m")),
                "--entrypoints.web.transport.acceptbacklog=300")) {
            assertEquals(300, listenQueue(jw.port()));
        }
    }

    @Test
    void aBurstOfThreeHundredConnectionsIsAllAnswered(@TempDir Path dir) throws Exception {
        int burst = 300;
        try (JetwayHarness jw = JetwayHarness.routedTo(Files.createDirectories(dir.resolve("m")), backend.port());
             Selector selector = Selector.open()) {
            List<SocketChannel> channels = new ArrayList<>();
            try {
                InetSocketAddress address = new InetSocketAddress("127.0.0.1", jw.port());
                for (int i = 0; i < burst; i++) { // every connect is under way before the first is answered
                    SocketChannel channel = SocketChannel.open();
                    channels.add(channel);
                    channel.configureBlocking(false);
                    channel.connect(address);
                    channel.register(selector, SelectionKey.OP_CONNECT, i);
                }
                assertEquals(burst, answered(selector, Duration.ofSeconds(60)), "every connection of the burst is answered");
            } finally {
                for (SocketChannel channel : channels) {
                    channel.close();
                }
            }
        }
    }

    /** Drives the connections: connect, send one request, read until its status line; counts the 200s. */
    private static int answered(Selector selector, Duration limit) throws IOException {
        long giveUp = System.nanoTime() + limit.toNanos();
        int ok = 0;
        int open = selector.keys().size();
        while (open > 0 && System.nanoTime() < giveUp) {
            selector.select(200);
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel channel = (SocketChannel) key.channel();
                if (key.isConnectable()) {
                    channel.finishConnect();
                    channel.write(ByteBuffer.wrap(("GET /burst/" + key.attachment() + " HTTP/1.1\r\nHost: burst.localhost\r\n"
                            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
                    key.interestOps(SelectionKey.OP_READ);
                    key.attach(ByteBuffer.allocate(64));
                } else if (key.isReadable()) {
                    ByteBuffer head = (ByteBuffer) key.attachment();
                    int n = channel.read(head);
                    if (n < 0 || !head.hasRemaining() || new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII).contains("\r\n")) {
                        if (new String(head.array(), 0, head.position(), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")) {
                            ok++;
                        }
                        key.cancel();
                        channel.close();
                        open--;
                    }
                }
            }
            selector.selectedKeys().clear();
        }
        return ok;
    }
}
