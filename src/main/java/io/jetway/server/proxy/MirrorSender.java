package io.jetway.server.proxy;

import io.jetway.exchange.BufferedBody;
import io.jetway.exchange.Exchange;
import io.jetway.service.Backend;
import io.jetway.service.MirrorTarget;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Sends the copies of one request that its mirroring services picked ({@link MirrorTarget}):
 * same method, path, query and forwarded headers as the main request, Host per the mirror's
 * passHostHeader, and the body teed chunk by chunk as the proxy reads it for the main server.
 * Mirror responses are read and discarded. A copy that fails, falls behind or outgrows its
 * maxBodySize is aborted on its own; the main exchange never waits for a mirror.
 */
final class MirrorSender {

    private static final Logger LOG = LoggerFactory.getLogger(MirrorSender.class);

    /**
     * How far a mirror may fall behind the main request's body before it is dropped: the memory a
     * lagging copy may hold. Large enough to absorb a healthy mirror's jitter (a mirror connecting
     * while a fast client's body is already flowing to the main server); Traefik buffers every
     * mirrored body whole.
     */
    static final long MAX_PENDING_BYTES = 4 * 1024 * 1024;

    private final List<Copy> copies;

    private MirrorSender(List<Copy> copies) {
        this.copies = copies;
    }

    /**
     * Builds the copies the request's mirroring services asked for, ready to be fed and sent.
     *
     * @param forwarded  the headers prepared for the main server (X-Forwarded-* included)
     * @param hasContent whether the main request carries a body
     * @return the copies, or null for a request without mirrors
     */
    static MirrorSender prepare(Function<Backend, HttpClient> clients, HttpServletRequest clientRequest, HttpFields forwarded,
                        boolean hasContent) {
        List<MirrorTarget> targets = MirrorTarget.of(clientRequest);
        if (targets.isEmpty()) {
            return null;
        }
        long contentLength = clientRequest.getContentLengthLong();
        String host = clientRequest.getHeader("Host");
        Exchange exchange = Exchange.of(clientRequest);
        List<Copy> copies = new ArrayList<>(targets.size());
        for (MirrorTarget target : targets) {
            boolean withBody = hasContent && target.mirrorBody();
            Backend backend = target.backend();
            if (withBody && target.maxBodySize() >= 0 && contentLength > target.maxBodySize()) {
                LOG.debug("event=mirror-skipped url={} reason=\"body of {} bytes over maxBodySize {}\"",
                        backend.baseUrl(), contentLength, target.maxBodySize());
                continue;
            }
            HttpFields.Mutable headers = HttpFields.build(forwarded);
            headers.put(HttpHeader.HOST, backend.passHostHeader() && host != null ? host : backend.authority());
            // The proxy answers the client's Expect itself; a copy must not wait for a 100 of its own.
            headers.remove(HttpHeader.EXPECT);
            if (!withBody) {
                headers.remove(HttpHeader.CONTENT_LENGTH);
            }
            Request request = clients.apply(backend).newRequest(BackendProtocol.target(backend, exchange)) // as the middlewares left it
                    .method(clientRequest.getMethod())
                    .headers(h -> h.clear().add(headers));
            BackendProtocol.apply(request, backend);
            AsyncRequestContent content = null;
            if (withBody) {
                content = new AsyncRequestContent();
                request.body(content);
            }
            copies.add(new Copy(backend.baseUrl(), request, content, target.maxBodySize()));
        }
        return copies.isEmpty() ? null : new MirrorSender(copies);
    }

    /** Ends the copies still waiting for body when the main exchange ends, however it ends. */
    void endWith(AsyncContext mainExchange) {
        mainExchange.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                mainComplete();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                mainComplete();
            }

            @Override
            public void onError(AsyncEvent event) {
                mainComplete();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not restarted
            }
        });
    }

    /** Sends every copy still alive; their bodies follow as the main request's body is read. */
    void send() {
        for (Copy copy : copies) {
            copy.send();
        }
    }

    /** One chunk of the main request's body; the caller reuses the buffer once this returns. */
    void offer(byte[] buffer, int offset, int length) {
        ByteBuffer chunk = null;
        for (Copy copy : copies) {
            if (copy.takesBody()) {
                if (chunk == null) {
                    chunk = ByteBuffer.wrap(Arrays.copyOfRange(buffer, offset, offset + length));
                }
                copy.offer(chunk.slice(), length);
            }
        }
    }

    /** Feeds a body a middleware already read in full, from memory or its file, and ends it. */
    void feed(BufferedBody body) throws IOException {
        if (body.bytes() != null) {
            offer(body.bytes(), 0, body.bytes().length);
        } else {
            try (InputStream in = Files.newInputStream(body.file())) {
                byte[] chunk = new byte[64 * 1024];
                for (int n; (n = in.read(chunk)) > 0; ) {
                    offer(chunk, 0, n);
                }
            }
        }
        bodyComplete();
    }

    /** The main request's body was read to its end. */
    void bodyComplete() {
        for (Copy copy : copies) {
            if (copy.content != null) {
                copy.content.close();
            }
        }
    }

    /** Reading the main request's body failed: a copy of part of a body is worthless. */
    void bodyFailed(Throwable failure) {
        for (Copy copy : copies) {
            if (copy.content != null) {
                copy.abort(failure);
            }
        }
    }

    /** The main exchange ended: a copy still waiting for body would never get the rest. */
    private void mainComplete() {
        for (Copy copy : copies) {
            if (copy.content != null && !copy.content.isClosed()) {
                copy.abort(new IllegalStateException("main exchange ended before the body was complete"));
            }
        }
    }

    private static final class Copy {
        private final String url;
        private final Request request;
        private final AsyncRequestContent content;
        private final long maxBodySize;
        private final AtomicLong pending = new AtomicLong();
        private final AtomicBoolean aborted = new AtomicBoolean();
        private long received; // written only by the body reader, one chunk at a time

        Copy(String url, Request request, AsyncRequestContent content, long maxBodySize) {
            this.url = url;
            this.request = request;
            this.content = content;
            this.maxBodySize = maxBodySize;
        }

        boolean takesBody() {
            return content != null && !aborted.get();
        }

        void send() {
            if (aborted.get()) {
                return;
            }
            request.send(result -> {
                if (result.isFailed()) {
                    LOG.debug("event=mirror-failed url={} msg=\"{}\"", url, result.getFailure().toString());
                }
            });
        }

        void offer(ByteBuffer chunk, int length) {
            received += length;
            if (maxBodySize >= 0 && received > maxBodySize) {
                abort(new IllegalStateException("body over maxBodySize " + maxBodySize));
                return;
            }
            if (pending.addAndGet(length) > MAX_PENDING_BYTES) {
                abort(new IllegalStateException("mirror fell more than " + MAX_PENDING_BYTES + " bytes behind"));
                return;
            }
            content.write(chunk, Callback.from(() -> pending.addAndGet(-length), this::abort));
        }

        void abort(Throwable cause) {
            if (aborted.compareAndSet(false, true)) {
                LOG.debug("event=mirror-aborted url={} msg=\"{}\"", url, cause.getMessage());
                if (content != null) {
                    content.fail(cause);
                }
                request.abort(cause);
            }
        }
    }
}
