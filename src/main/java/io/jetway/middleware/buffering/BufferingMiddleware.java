package io.jetway.middleware.buffering;

import io.jetway.exchange.BufferedBody;
import io.jetway.exchange.Exchange;
import io.jetway.exchange.ResponseBodyLimit;
import io.jetway.kube.Node;
import io.jetway.middleware.ExchangeEnd;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.middleware.RequestBodies;
import io.jetway.middleware.TrafficOptions;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code buffering}: the request body is read in full before anything is forwarded, so a slow
 * client holds no backend connection: in memory up to {@code memRequestBodyBytes}, in a
 * temporary file beyond (deleted when the exchange ends). A body over
 * {@code maxRequestBodyBytes} is answered 413 and never forwarded; a response body over
 * {@code maxResponseBodyBytes} becomes a 500 (see {@link ResponseBodyLimit}). Limits of 0 mean
 * none. The body is read on the request's thread (blocking), which a slow client holds meanwhile.
 * {@code retryExpression} is accepted but not supported (the retry middleware does retries).
 */
public final class BufferingMiddleware extends HttpMiddleware {

    private static final Logger LOG = LoggerFactory.getLogger(BufferingMiddleware.class);

    private final long maxRequestBytes;
    private final long memRequestBytes;
    private final long maxResponseBytes;
    private final int memResponseBytes;

    public BufferingMiddleware(BufferingOptions options) {
        this.maxRequestBytes = options.maxRequestBodyBytes();
        this.memRequestBytes = options.memRequestBodyBytes();
        this.maxResponseBytes = options.maxResponseBodyBytes();
        this.memResponseBytes = options.memResponseBodyBytes();
    }

    public static Filter create(Node options, MiddlewareContext context) {
        BufferingOptions parsed = BufferingOptions.from(options);
        if (!parsed.retryExpression().isEmpty()) {
            LOG.warn("event=middleware-option-unsupported middleware={} field=spec.buffering.retryExpression "
                    + "msg=\"ignored: use the retry middleware\"", context.name());
        }
        return new BufferingMiddleware(parsed);
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        long announced = request.getContentLengthLong();
        if (maxRequestBytes > 0 && announced > maxRequestBytes) {
            tooLarge(response);
            return;
        }
        BufferedBody body = null;
        if (RequestBodies.present(request) && Exchange.of(request).bufferedBody() == null) {
            body = read(request, announced);
            if (body == null) {
                tooLarge(response);
                return;
            }
            Exchange.of(request).bufferedBody(body);
        }
        if (maxResponseBytes > 0) {
            Exchange.of(request).limitResponseBody(new ResponseBodyLimit(maxResponseBytes, memResponseBytes));
        }
        if (body == null || body.file() == null) {
            next.doFilter(request, response);
            return;
        }
        BufferedBody spilled = body;
        ExchangeEnd.proceed(request, response, next, status -> spilled.discard());
    }

    /** The rest of the body is not read: the connection cannot carry another request. */
    private static void tooLarge(HttpServletResponse response) throws IOException {
        response.setHeader("Connection", "close");
        TrafficOptions.plain(response, 413, "Request Entity Too Large");
    }

    /** Reads the whole body, or returns null once it is over the limit. */
    private BufferedBody read(HttpServletRequest request, long announced) throws IOException {
        InputStream in = request.getInputStream();
        int initial = (int) Math.min(announced >= 0 ? announced : 8192, memRequestBytes);
        ByteArrayOutputStream memory = new ByteArrayOutputStream(Math.max(initial, 32));
        Path file = null;
        OutputStream out = memory;
        long total = 0;
        byte[] chunk = new byte[16 * 1024];
        try {
            for (int n; (n = in.read(chunk)) >= 0; ) {
                total += n;
                if (maxRequestBytes > 0 && total > maxRequestBytes) {
                    out.close();
                    deleteQuietly(file);
                    return null;
                }
                if (file == null && total > memRequestBytes) {
                    file = Files.createTempFile("jetway-body-", ".tmp");
                    out = Files.newOutputStream(file);
                    memory.writeTo(out);
                }
                out.write(chunk, 0, n);
            }
            out.close();
        } catch (IOException | RuntimeException e) {
            out.close();
            deleteQuietly(file);
            throw e;
        }
        return file == null ? BufferedBody.inMemory(memory.toByteArray()) : BufferedBody.inFile(file, total);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("event=temp-file-delete-failed file={}", file, e);
            }
        }
    }
}
