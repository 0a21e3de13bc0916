package io.jetway.accesslog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccessLogWriterTest {

    static AccessLogRecord record(String path) {
        return new AccessLogRecord(Instant.parse("2026-01-02T03:04:05.123456789Z"), 1_500_000, 1_000_000,
                "default-app@kubernetescrd", "default-app-80@kubernetescrd", "http://10.0.0.1:80", "10.0.0.1:80",
                "192.0.2.1:50000", "192.0.2.1", "50000", "-", "app.example", "app.example", "-",
                "GET", path, "HTTP/1.1", "http", 0, 1, 200, 12, 200, 12, 0, null, null, "web", List.of());
    }

    @Test
    void linesAreWrittenInOrderAndFlushedWhenTheQueueRunsEmpty(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        AccessLogWriter writer = new AccessLogWriter(file, 100, AccessLogRecord::requestPath);
        writer.start();
        for (int i = 0; i < 5; i++) {
            writer.submit(record("/" + i));
        }
        awaitWritten(writer, 5);
        // Flushed with fewer lines than the buffering size, because nothing else was queued.
        assertEquals(List.of("/0", "/1", "/2", "/3", "/4"), Files.readAllLines(file));
        writer.stop();
        assertEquals(0, writer.dropped());
    }

    @Test
    void aFullQueueDropsLinesWithoutBlocking(@TempDir Path dir) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch formatting = new CountDownLatch(1);
        AccessLogWriter writer = new AccessLogWriter(dir.resolve("access.log"), 0, r -> {
            formatting.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return r.requestPath();
        }, 2);
        writer.start();
        writer.submit(record("/held"));
        assertTrue(formatting.await(10, TimeUnit.SECONDS), "the writer is busy with the first line");
        for (int i = 0; i < 10; i++) {
            writer.submit(record("/" + i)); // two fit in the queue, the rest are dropped
        }
        assertEquals(8, writer.dropped());
        release.countDown();
        writer.stop();
        assertEquals(List.of("/held", "/0", "/1"), Files.readAllLines(dir.resolve("access.log")));
    }

    @Test
    void failedWritesAreCountedAsDropped() throws Exception {
        Path full = Path.of("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isWritable(full), "needs /dev/full");
        AccessLogWriter writer = new AccessLogWriter(full, 0, AccessLogRecord::requestPath);
        writer.start();
        for (int i = 0; i < 3; i++) {
            writer.submit(record("/" + i));
        }
        writer.stop();
        assertEquals(3, writer.dropped());
        assertEquals(0, writer.written());
    }

    @Test
    void aFileThatCannotBeOpenedDropsLines(@TempDir Path dir) throws Exception {
        AccessLogWriter writer = new AccessLogWriter(dir, 0, AccessLogRecord::requestPath); // a directory
        writer.start();
        writer.submit(record("/a"));
        writer.submit(record("/b"));
        writer.stop();
        assertEquals(2, writer.dropped());
    }

    @Test
    void reopenStartsANewFileAfterRotation(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        Path rotated = dir.resolve("access.log.1");
        AccessLogWriter writer = new AccessLogWriter(file, 0, AccessLogRecord::requestPath);
        writer.start();
        writer.submit(record("/before"));
        awaitWritten(writer, 1);
        Files.move(file, rotated);
        writer.reopen();
        writer.submit(record("/after"));
        writer.stop();
        assertEquals(List.of("/before"), Files.readAllLines(rotated));
        assertEquals(List.of("/after"), Files.readAllLines(file));
    }

    @Test
    void withoutAFileLinesGoToStandardOutput() throws Exception {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            AccessLogWriter writer = new AccessLogWriter(null, 0, AccessLogRecord::requestPath);
            writer.start();
            writer.submit(record("/out"));
            writer.stop();
        } finally {
            System.setOut(original);
        }
        assertEquals("/out\n", captured.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void awaitWritten(AccessLogWriter writer, long lines) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writer.written() < lines && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(lines, writer.written());
    }
}
