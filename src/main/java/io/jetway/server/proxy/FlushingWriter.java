package io.jetway.server.proxy;

import io.jetway.dynamic.ServiceConfig;
import io.jetway.exchange.Exchange;
import io.jetway.exchange.ResponseBodyTransformer;
import io.jetway.service.Backend;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.WritePendingException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Writes backend content to the client and flushes it at most {@code interval} after it was
 * written (at once for an interval of 0), also when the backend pauses: a timer flushes what
 * waits in the response buffer. Every call is serialised on the writer, so the timer never
 * writes while the container completes a write. With a body transform (compress) the content
 * passes through it, and a flush first writes what the transform still holds.
 *
 * <p>The proxy's write listener hands it each chunk ({@link #data}) and each chance to write
 * ({@link #onWritePossible}); Jetty's own writer, which only writes, serves the other responses.
 */
final class FlushingWriter {

    private static final Logger LOG = LoggerFactory.getLogger(FlushingWriter.class);

    private enum State { IDLE, WRITE_PENDING, FLUSH_PENDING }

    private final HttpServletRequest request;
    private final Scheduler scheduler;
    private final long intervalNanos;
    private final ResponseBodyTransformer.Transform transform;
    private State state = State.IDLE;
    private byte[] bytes;
    private int offset;
    private int length;
    private Callback callback;
    private boolean unflushed;
    private long lastFlush = System.nanoTime();
    private Scheduler.Task timer;
    private boolean finished;
    /** The transform's flushed bytes are written: the next flush only flushes the stream. */
    private boolean transformFlushed;

    FlushingWriter(HttpServletRequest request, Scheduler scheduler, Duration interval,
                   ResponseBodyTransformer.Transform transform) {
        this.request = request;
        this.scheduler = scheduler;
        this.intervalNanos = interval.toNanos();
        this.transform = transform;
    }

    /**
     * How often a response is flushed: Server-Sent Events and any response of a service with a
     * negative flushInterval at once, responses of unknown length (streams) or transformed ones
     * every flushInterval; null for the rest (and for a buffered response, never flushed early),
     * which Jetty's writer sends as its buffer fills or the response ends.
     */
    static Duration intervalFor(Exchange exchange, Response serverResponse) {
        if (exchange.responseBodyLimit() != null) {
            return null;
        }
        Backend backend = exchange.backend();
        Duration interval = backend == null ? ServiceConfig.LoadBalancer.DEFAULT_FLUSH_INTERVAL : backend.flushInterval();
        String contentType = serverResponse.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && contentType.startsWith("text/event-stream")) {
            return Duration.ZERO; // Server-Sent Events go out at once, as in Traefik
        }
        if (interval.isNegative()) {
            return Duration.ZERO;
        }
        if (exchange.bodyTransform() == null && serverResponse.getHeaders().contains(HttpHeader.CONTENT_LENGTH)) {
            return null;
        }
        return interval;
    }

    boolean transforms() {
        return transform != null;
    }

    synchronized void data(byte[] bytes, int offset, int length, Callback callback) {
        if (this.callback != null) {
            throw new WritePendingException();
        }
        if (transform != null) {
            try {
                bytes = transform.write(bytes, offset, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            offset = 0;
            length = bytes.length;
            unflushed = true; // the transform may hold what it was given
        }
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        this.callback = callback;
    }

    synchronized void onWritePossible() throws IOException {
        ServletOutputStream out = request.getAsyncContext().getResponse().getOutputStream();
        while (true) {
            if (state != State.IDLE) {
                if (!out.isReady()) {
                    return; // the container calls again once the pending write is done
                }
                Callback written = null;
                if (state == State.WRITE_PENDING) {
                    written = callback;
                    callback = null;
                }
                state = State.IDLE;
                if (written != null) {
                    written.succeeded(); // may hand over the next chunk at once (re-entrant)
                    continue;
                }
            }
            if (bytes != null) {
                if (length == 0) {
                    bytes = null; // all held by the transform: nothing to write this time
                    Callback written = callback;
                    callback = null;
                    written.succeeded();
                    continue;
                }
                out.write(bytes, offset, length);
                bytes = null;
                unflushed = true;
                state = State.WRITE_PENDING;
                continue;
            }
            if (unflushed && callback == null && !finished) {
                long waited = System.nanoTime() - lastFlush;
                if (waited >= intervalNanos) {
                    flush(out);
                    continue;
                }
                armTimer(intervalNanos - waited);
            }
            return;
        }
    }

    private void flush(ServletOutputStream out) throws IOException {
        if (transform != null && !transformFlushed) {
            byte[] held = transform.flush();
            if (held.length > 0) {
                out.write(held);
                transformFlushed = true;
                state = State.FLUSH_PENDING; // the stream is flushed once this write is done
                return;
            }
        }
        transformFlushed = false;
        out.flush();
        unflushed = false;
        lastFlush = System.nanoTime();
        state = State.FLUSH_PENDING;
    }

    private void armTimer(long delayNanos) {
        if (timer == null && !finished) {
            timer = scheduler.schedule(this::onTimer, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private synchronized void onTimer() {
        timer = null;
        if (finished || state != State.IDLE || bytes != null || !unflushed) {
            return; // the write path flushes (or re-arms) once it is idle again
        }
        try {
            ServletOutputStream out = request.getAsyncContext().getResponse().getOutputStream();
            if (out.isReady()) {
                flush(out);
                onWritePossible();
            }
        } catch (IOException | IllegalStateException e) {
            LOG.debug("event=flush-failed msg=\"{}\"", e.toString());
        }
    }

    synchronized void finish() {
        finished = true;
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    /** Writes the transform's last bytes, then runs {@code done} (which completes the response). */
    synchronized void end(HttpFields trailers, Runnable done) {
        finish();
        byte[] tail;
        try {
            tail = transform.end(trailers);
        } catch (IOException | RuntimeException e) {
            LOG.debug("event=body-transform-failed msg=\"{}\"", e.toString());
            done.run();
            return;
        }
        if (tail.length == 0) {
            done.run();
            return;
        }
        bytes = tail;
        offset = 0;
        length = tail.length;
        callback = Callback.from(done, failure -> done.run());
        try {
            onWritePossible();
        } catch (IOException | IllegalStateException e) {
            LOG.debug("event=body-transform-write-failed msg=\"{}\"", e.toString());
        }
    }

    /** A body transform's last bytes (gRPC-Web's trailer frame) after an empty body, written blocking. */
    static void endEmptyBody(ResponseBodyTransformer.Transform transform, HttpServletResponse response, HttpFields trailers) {
        try {
            byte[] tail = transform.end(trailers);
            if (tail.length > 0) {
                response.getOutputStream().write(tail);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("event=body-transform-failed msg=\"{}\"", e.toString());
        }
    }
}
