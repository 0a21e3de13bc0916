package io.jetway.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Raw TCP load for {@code bench/tcp} (issue 19; not run by the test suite, see docs/performance.md,
 * "TCP proxy"). JDK only, NIO, no allocation on the hot path:
 *
 * <ul>
 *   <li>{@code echo --port P [--threads 1]}: the origin, an echo server (what it reads it writes
 *   back; it closes when the client's input ends).</li>
 *   <li>{@code probe --port P}: one 16-byte exchange; exit 0 when the echo came back (readiness).</li>
 *   <li>{@code conn --port P [-c 64] [-t 2] [-m 16] [-w 2] [-d 10]}: connections per second:
 *   {@code -c} loops, each opens a connection, sends one {@code -m}-byte message, reads the echo
 *   and closes (FIN), again and again.</li>
 *   <li>{@code msg --port P [-c 64] [-t 2] [-m 1024] [-w 2] [-d 10]}: throughput: {@code -c}
 *   persistent connections, each sending one {@code -m}-byte message and reading its whole echo
 *   before the next (ping-pong).</li>
 *   <li>{@code suite --port P [-c 64] [-t 2] [-w 15] [-d 10] [--sizes 1024,65536]}: the warm-up
 *   ({@code -w} seconds shared evenly by conn and each msg size), then conn and msg for each size,
 *   {@code -d} seconds each, one line each.</li>
 * </ul>
 * Each measured run prints one line of {@code key=value}: ops (exchanges, i.e. connections in
 * conn mode, messages in msg mode), rate per second, MB/s of payload each way (MB = 10^6 bytes),
 * latency p50/p99 in microseconds (connect to echo received in conn mode, message written to echo
 * received in msg mode; 1 % buckets), errors, and with {@code --cpu-pids "PID..."} the CPU time
 * (user + system, all threads) those processes used per exchange in microseconds, from /proc.
 * {@code -t} selector threads share the connections.
 */
public final class TcpBench {

    private TcpBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: TcpBench echo|probe|conn|msg|suite --port P [-c N] [-t N] [-m BYTES] [-w S] [-d S]"
                    + " [--sizes 1024,65536] [--threads N] [--cpu-pids \"PID ...\"] [--host H]");
            System.exit(2);
        }
        String mode = args[0];
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        InetSocketAddress address = new InetSocketAddress(opts.getOrDefault("--host", "127.0.0.1"),
                Integer.parseInt(required(opts, "--port")));
        int connections = Integer.parseInt(opts.getOrDefault("-c", "64"));
        int threads = Integer.parseInt(opts.getOrDefault("-t", "2"));
        double warmup = Double.parseDouble(opts.getOrDefault("-w", mode.equals("suite") ? "15" : "2"));
        double duration = Double.parseDouble(opts.getOrDefault("-d", "10"));
        String cpuPids = opts.getOrDefault("--cpu-pids", "");
        switch (mode) {
            case "echo" -> echo(address, Integer.parseInt(opts.getOrDefault("--threads", "1")));
            case "probe" -> System.exit(probe(address) ? 0 : 1);
            case "conn" -> System.out.println(run(address, false, connections, threads,
                    Integer.parseInt(opts.getOrDefault("-m", "16")), warmup, duration, cpuPids));
            case "msg" -> System.out.println(run(address, true, connections, threads,
                    Integer.parseInt(opts.getOrDefault("-m", "1024")), warmup, duration, cpuPids));
            case "suite" -> {
                List<Integer> sizes = new ArrayList<>();
                for (String s : opts.getOrDefault("--sizes", "1024,65536").split(",")) {
                    sizes.add(Integer.parseInt(s.trim()));
                }
                double share = warmup / (1 + sizes.size());
                if (share > 0) {
                    run(address, false, connections, threads, 16, 0, share, "");
                    for (int size : sizes) {
                        run(address, true, connections, threads, size, 0, share, "");
                    }
                }
                System.out.println(run(address, false, connections, threads, 16, 1, duration, cpuPids));
                for (int size : sizes) {
                    System.out.println(run(address, true, connections, threads, size, 1, duration, cpuPids));
                }
            }
            default -> {
                System.err.println("unknown mode " + mode);
                System.exit(2);
            }
        }
    }

    private static String required(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) {
            throw new IllegalArgumentException(key + " is required");
        }
        return v;
    }

    // ------------------------------------------------------------------ echo origin

    private static void echo(InetSocketAddress address, int threads) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.bind(address, 4096);
        server.configureBlocking(false);
        EchoLoop[] loops = new EchoLoop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new EchoLoop(loops);
        }
        // The first loop accepts (in its selector, no hand-off with one thread) and deals the
        // accepted channels to the loops in turn.
        server.register(loops[0].selector, SelectionKey.OP_ACCEPT);
        for (int i = 0; i < threads; i++) {
            new Thread(loops[i], "echo-" + i).start();
        }
    }

    private static final class EchoLoop implements Runnable {
        private final Selector selector;
        private final EchoLoop[] all;
        private final ConcurrentLinkedQueue<SocketChannel> incoming = new ConcurrentLinkedQueue<>();
        private final ByteBuffer scratch = ByteBuffer.allocateDirect(256 * 1024);
        private int next;

        EchoLoop(EchoLoop[] all) throws IOException {
            this.selector = Selector.open();
            this.all = all;
        }

        private void accept(ServerSocketChannel server) throws IOException {
            SocketChannel ch;
            while ((ch = server.accept()) != null) {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                EchoLoop loop = all[next];
                next = (next + 1) % all.length;
                if (loop == this) {
                    ch.register(selector, SelectionKey.OP_READ);
                } else {
                    loop.add(ch);
                }
            }
        }

        void add(SocketChannel ch) {
            incoming.add(ch);
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (true) {
                    selector.select();
                    SocketChannel ch;
                    while ((ch = incoming.poll()) != null) {
                        try {
                            ch.register(selector, SelectionKey.OP_READ);
                        } catch (ClosedChannelException e) {
                            // gone already
                        }
                    }
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        try {
                            if (key.isValid() && key.isAcceptable()) {
                                accept((ServerSocketChannel) key.channel());
                            } else if (key.isValid() && key.isWritable()) {
                                flush(key);
                            } else if (key.isValid() && key.isReadable()) {
                                read(key);
                            }
                        } catch (IOException e) {
                            if (!(key.channel() instanceof ServerSocketChannel)) {
                                close(key); // an accept that failed leaves the listener open
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void read(SelectionKey key) throws IOException {
            SocketChannel ch = (SocketChannel) key.channel();
            scratch.clear();
            int n = ch.read(scratch);
            if (n < 0) {
                close(key);
                return;
            }
            if (n == 0) {
                return;
            }
            scratch.flip();
            ch.write(scratch);
            if (scratch.hasRemaining()) {
                // The client is not reading fast enough: keep the rest, stop reading until it is sent.
                ByteBuffer rest = ByteBuffer.allocate(scratch.remaining());
                rest.put(scratch).flip();
                key.attach(rest);
                key.interestOps(SelectionKey.OP_WRITE);
            }
        }

        private void flush(SelectionKey key) throws IOException {
            ByteBuffer rest = (ByteBuffer) key.attachment();
            ((SocketChannel) key.channel()).write(rest);
            if (!rest.hasRemaining()) {
                key.attach(null);
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        private static void close(SelectionKey key) {
            key.cancel();
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    // ------------------------------------------------------------------ probe

    private static boolean probe(InetSocketAddress address) {
        try (SocketChannel ch = SocketChannel.open()) {
            ch.socket().connect(address, 2000);
            ch.socket().setSoTimeout(2000);
            byte[] message = "jetway-tcp-probe".getBytes();
            ch.socket().getOutputStream().write(message);
            byte[] back = ch.socket().getInputStream().readNBytes(message.length);
            return java.util.Arrays.equals(message, back);
        } catch (IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ load

    /** Latency in 1 % buckets from 1 us. */
    private static final class Histogram {
        private static final double LOG_STEP = Math.log(1.01);
        final long[] counts = new long[2400]; // up to ~23 s

        void record(long nanos) {
            double us = nanos / 1000.0;
            int i = us <= 1 ? 0 : (int) (Math.log(us) / LOG_STEP) + 1;
            counts[Math.min(i, counts.length - 1)]++;
        }

        void add(Histogram other) {
            for (int i = 0; i < counts.length; i++) {
                counts[i] += other.counts[i];
            }
        }

        double percentile(double p) {
            long total = 0;
            for (long c : counts) {
                total += c;
            }
            if (total == 0) {
                return Double.NaN;
            }
            long rank = (long) Math.ceil(total * p);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return i == 0 ? 1 : Math.exp((i - 0.5) * LOG_STEP); // the bucket's middle
                }
            }
            return Double.NaN;
        }
    }

    /** One client connection's state (conn mode: one loop; msg mode: one persistent connection). */
    private static final class Slot {
        SocketChannel channel;
        SelectionKey key;
        ByteBuffer out; // this slot's view of the shared payload
        long received;
        long started;
    }

    private static final class LoadLoop implements Runnable {
        final InetSocketAddress address;
        final boolean persistent;
        final int size;
        final int count;
        final Selector selector;
        final ByteBuffer payload;
        final ByteBuffer scratch = ByteBuffer.allocateDirect(256 * 1024);
        final Histogram histogram = new Histogram();
        volatile boolean recording;
        volatile long stopAt;
        long ops;
        long errors;
        Throwable failure;

        LoadLoop(InetSocketAddress address, boolean persistent, int size, int count) throws IOException {
            this.address = address;
            this.persistent = persistent;
            this.size = size;
            this.count = count;
            this.selector = Selector.open();
            this.payload = ByteBuffer.allocateDirect(size);
            for (int i = 0; i < size; i++) {
                payload.put((byte) ('a' + i % 26));
            }
            payload.flip();
        }

        @Override
        public void run() {
            try {
                for (int i = 0; i < count; i++) {
                    Slot slot = new Slot();
                    slot.out = payload.duplicate();
                    open(slot);
                }
                while (System.nanoTime() < stopAt) {
                    selector.select(100);
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        Slot slot = (Slot) key.attachment();
                        try {
                            if (!key.isValid()) {
                                continue;
                            }
                            if (key.isConnectable()) {
                                slot.channel.finishConnect();
                                send(slot);
                                continue;
                            }
                            if (key.isWritable()) {
                                slot.channel.write(slot.out);
                                if (!slot.out.hasRemaining()) {
                                    key.interestOps(SelectionKey.OP_READ);
                                }
                            }
                            if (key.isReadable()) {
                                read(slot);
                            }
                        } catch (IOException e) {
                            errors++;
                            close(slot);
                            if (System.nanoTime() < stopAt) {
                                pause();
                                open(slot);
                            }
                        }
                    }
                }
            } catch (Throwable e) {
                failure = e;
            } finally {
                for (SelectionKey key : selector.keys()) {
                    try {
                        key.channel().close();
                    } catch (IOException ignored) {
                        // ending
                    }
                }
                try {
                    selector.close();
                } catch (IOException ignored) {
                    // ending
                }
            }
        }

        private void pause() {
            try {
                Thread.sleep(10); // a refused or reset connection: no tight loop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void open(Slot slot) throws IOException {
            while (true) {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                slot.channel = ch;
                slot.started = System.nanoTime();
                try {
                    if (ch.connect(address)) {
                        slot.key = ch.register(selector, 0, slot);
                        send(slot);
                    } else {
                        slot.key = ch.register(selector, SelectionKey.OP_CONNECT, slot);
                    }
                    return;
                } catch (IOException e) {
                    errors++;
                    close(slot);
                    pause();
                    if (System.nanoTime() >= stopAt) {
                        return;
                    }
                }
            }
        }

        /** Starts an exchange: the message goes out, the echo is awaited. */
        private void send(Slot slot) throws IOException {
            if (persistent) {
                slot.started = System.nanoTime();
            }
            slot.received = 0;
            slot.out.clear();
            slot.channel.write(slot.out);
            slot.key.interestOps(slot.out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        private void read(Slot slot) throws IOException {
            scratch.clear();
            int n = slot.channel.read(scratch);
            if (n < 0) {
                throw new IOException("closed before the echo was complete");
            }
            slot.received += n;
            if (slot.received < size) {
                return;
            }
            if (slot.received > size) {
                throw new IOException("more bytes came back than were sent");
            }
            if (recording) {
                ops++;
                histogram.record(System.nanoTime() - slot.started);
            }
            if (persistent) {
                send(slot);
            } else {
                close(slot);
                if (System.nanoTime() < stopAt) {
                    open(slot);
                }
            }
        }

        private static void close(Slot slot) {
            if (slot.key != null) {
                slot.key.cancel();
                slot.key = null;
            }
            try {
                slot.channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static String run(InetSocketAddress address, boolean persistent, int connections, int threads, int size,
                              double warmup, double duration, String cpuPids) throws Exception {
        threads = Math.max(1, Math.min(threads, connections));
        LoadLoop[] loops = new LoadLoop[threads];
        Thread[] running = new Thread[threads];
        long start = System.nanoTime();
        long measureFrom = start + (long) (warmup * 1e9);
        long stopAt = measureFrom + (long) (duration * 1e9);
        for (int i = 0; i < threads; i++) {
            int count = connections / threads + (i < connections % threads ? 1 : 0);
            loops[i] = new LoadLoop(address, persistent, size, count);
            loops[i].stopAt = stopAt;
            running[i] = new Thread(loops[i], "load-" + i);
            running[i].start();
        }
        Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
        double cpuBefore = cpu(cpuPids);
        long t0 = System.nanoTime();
        for (LoadLoop loop : loops) {
            loop.recording = true;
        }
        Thread.sleep(Math.max(0, (stopAt - System.nanoTime()) / 1_000_000));
        for (LoadLoop loop : loops) {
            loop.recording = false;
        }
        long t1 = System.nanoTime();
        double cpuAfter = cpu(cpuPids);
        long ops = 0;
        long errors = 0;
        Histogram all = new Histogram();
        for (int i = 0; i < threads; i++) {
            running[i].join(5000);
            if (loops[i].failure != null) {
                throw new IllegalStateException("load thread failed", loops[i].failure);
            }
            ops += loops[i].ops;
            errors += loops[i].errors;
            all.add(loops[i].histogram);
        }
        Thread.sleep(300); // let the closes of this run settle before the next
        double seconds = (t1 - t0) / 1e9;
        double rate = ops / seconds;
        StringBuilder line = new StringBuilder();
        line.append(String.format("mode=%s size=%d conns=%d threads=%d seconds=%.1f ops=%d rate=%.0f mbps=%.2f p50us=%.0f p99us=%.0f errors=%d",
                persistent ? "msg" : "conn", size, connections, threads, seconds, ops, rate, rate * size / 1e6,
                all.percentile(0.50), all.percentile(0.99), errors));
        if (!cpuPids.isBlank()) {
            line.append(String.format(" cpuus=%.1f", ops == 0 ? Double.NaN : (cpuAfter - cpuBefore) * 1e6 / ops));
        }
        line.append(" load=").append(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        return line.toString();
    }

    /** CPU seconds (user + system, all threads) the processes used so far; 0 without pids. */
    private static double cpu(String pids) {
        double ticks = 100; // USER_HZ on Linux
        double total = 0;
        for (String pid : pids.trim().split("\\s+")) {
            if (pid.isEmpty()) {
                continue;
            }
            try {
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / ticks;
            } catch (IOException | RuntimeException e) {
                // the process is gone: it used nothing more
            }
        }
        return total;
    }
}
