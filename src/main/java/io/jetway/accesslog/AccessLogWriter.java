package io.jetway.accesslog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Writes access log lines on one thread of its own, so that the request path never waits for the
 * disk: records go into a bounded queue; when it is full, or a write fails, the line is dropped and
 * counted (with a warning at most once a minute), never the request. Lines go through a buffer
 * that is flushed after {@code bufferingSize} lines, and whenever the queue runs empty.
 */
final class AccessLogWriter {

    private static final Logger LOG = LoggerFactory.getLogger(AccessLogWriter.class);
    private static final int QUEUE_CAPACITY = 4096;
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final long REOPEN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Path file;
    private final int bufferingSize;
    private final Function<AccessLogRecord, String> format;
    private final BlockingQueue<AccessLogRecord> queue;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARNING_INTERVAL_NANOS);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean reopenRequested;

    // Owned by the writer thread.
    private Writer out;
    private int unflushed;
    private long nextOpenAttempt = System.nanoTime();

    /**
     * @param file          the log file, null for standard output
     * @param bufferingSize lines that may wait in the buffer before a flush
     */
    AccessLogWriter(Path file, int bufferingSize, Function<AccessLogRecord, String> format) {
        this(file, bufferingSize, format, QUEUE_CAPACITY + bufferingSize);
    }

    AccessLogWriter(Path file, int bufferingSize, Function<AccessLogRecord, String> format, int queueCapacity) {
        this.file = file;
        this.bufferingSize = bufferingSize;
        this.format = format;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "jetway-accesslog");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Hands a record to the writer thread; drops it (counted) when the queue is full. Never blocks. */
    void submit(AccessLogRecord record) {
        if (!running || !queue.offer(record)) {
            drop(1, "the access log queue is full");
        }
    }

    /** Closes and opens the file again before the next line (log rotation). */
    void reopen() {
        reopenRequested = true;
    }

    long dropped() {
        return dropped.get();
    }

    long written() {
        return written.get();
    }

    /** Writes what is queued, flushes, closes the file and ends the thread. */
    void stop() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            AccessLogRecord record;
            try {
                record = queue.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException stopping) {
                continue; // running is false now: drain what is left
            }
            if (record != null) {
                write(record);
            }
            if (unflushed > 0 && (queue.isEmpty() || unflushed >= bufferingSize)) {
                flush();
            }
        }
        flush();
        close();
    }

    private void write(AccessLogRecord record) {
        String line;
        try {
            line = format.apply(record);
        } catch (RuntimeException e) {
            drop(1, "an access log line could not be formatted: " + e);
            return;
        }
        if (reopenRequested) {
            reopenRequested = false;
            flush();
            close();
            nextOpenAttempt = System.nanoTime();
        }
        if (out == null && !open()) {
            drop(1, "the access log file cannot be opened");
            return;
        }
        try {
            out.write(line);
            out.write('\n');
            unflushed++;
        } catch (IOException e) {
            failed(e);
        }
    }

    private void flush() {
        if (out == null || unflushed == 0) {
            return;
        }
        try {
            out.flush();
            written.addAndGet(unflushed);
            unflushed = 0;
        } catch (IOException e) {
            failed(e);
        }
    }

    /** The lines in the buffer are lost; the file is opened again for the next line. */
    private void failed(IOException e) {
        int lost = Math.max(unflushed, 1);
        unflushed = 0;
        close();
        drop(lost, "writing the access log failed: " + e.getMessage());
    }

    private boolean open() {
        long now = System.nanoTime();
        if (now - nextOpenAttempt < 0) {
            return false;
        }
        nextOpenAttempt = now + REOPEN_INTERVAL_NANOS;
        try {
            if (file == null) {
                out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            } else {
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.debug("event=accesslog-open-failed file={} msg=\"{}\"", file, e.toString());
            return false;
        }
    }

    private void close() {
        Writer current = out;
        out = null;
        if (current == null) {
            return;
        }
        try {
            if (file == null) {
                current.flush(); // standard output stays open
            } else {
                current.close();
            }
        } catch (IOException e) {
            LOG.debug("event=accesslog-close-failed msg=\"{}\"", e.toString());
        }
    }

    private void drop(int lines, String reason) {
        long total = dropped.addAndGet(lines);
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last >= WARNING_INTERVAL_NANOS && lastWarning.compareAndSet(last, now)) {
            LOG.warn("event=accesslog-lines-dropped dropped={} file={} msg=\"{}\"", total,
                    file == null ? "stdout" : file, reason);
        }
    }
}
