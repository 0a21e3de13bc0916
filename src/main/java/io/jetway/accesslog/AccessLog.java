package io.jetway.accesslog;

import io.jetway.config.AccessLogConfig;

import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Traefik's access log: decides which finished exchanges are logged (filters, internal endpoints),
 * numbers the requests, and hands records to the {@link AccessLogWriter}, which formats and writes
 * them off the request path.
 */
public final class AccessLog implements AutoCloseable {

    private final AccessLogConfig config;
    private final AccessLogFilter filter;
    private final HeaderModes headers;
    private final AccessLogWriter writer;
    private final AtomicLong requestCount = new AtomicLong();

    private AccessLog(AccessLogConfig config, Clock clock) {
        this.config = config;
        this.filter = new AccessLogFilter(config.filters());
        this.headers = new HeaderModes(config.fields());
        ZoneId zone = clock.getZone();
        if (config.format() == AccessLogConfig.Format.JSON) {
            JsonFormat json = new JsonFormat(zone);
            this.writer = new AccessLogWriter(config.filePath(), config.bufferingSize(),
                    r -> json.format(AccessLogFields.visible(r, config.fields()), clock.instant()));
        } else {
            CommonFormat common = new CommonFormat(zone);
            this.writer = new AccessLogWriter(config.filePath(), config.bufferingSize(),
                    r -> common.format(AccessLogFields.visible(r, config.fields())));
        }
    }

    /** Starts the writer thread; lines are written in the system's time zone. */
    public static AccessLog start(AccessLogConfig config) {
        return start(config, Clock.systemDefaultZone());
    }

    static AccessLog start(AccessLogConfig config, Clock clock) {
        AccessLog log = new AccessLog(config, clock);
        log.writer.start();
        return log;
    }

    /** The next value of Traefik's RequestCount, taken as a request arrives (every request counts, logged or not). */
    public long nextRequestCount() {
        return requestCount.incrementAndGet();
    }

    /** Whether an exchange with these outcomes gets a line; checked before a record is built. */
    public boolean wants(boolean internal, int downstreamStatus, int retryAttempts, long durationNanos) {
        if (internal && !config.addInternals()) {
            return false;
        }
        return filter.keeps(downstreamStatus, retryAttempts, durationNanos);
    }

    /** The header modes, for the records' headers. */
    public HeaderModes headers() {
        return headers;
    }

    /** Queues a line; never blocks (a full queue drops the line and counts it). */
    public void log(AccessLogRecord record) {
        writer.submit(record);
    }

    /** Closes the file and opens it again before the next line (after a log rotation: SIGUSR1). */
    public void reopen() {
        writer.reopen();
    }

    /** Lines lost so far because the queue was full or the file could not be written. */
    public long droppedLines() {
        return writer.dropped();
    }

    /** Lines written and flushed so far. */
    public long writtenLines() {
        return writer.written();
    }

    /** Writes the lines still queued, then closes the file. */
    @Override
    public void close() throws InterruptedException {
        writer.stop();
    }
}
