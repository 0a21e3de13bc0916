package io.jetway.middleware.contenttype;

import io.jetway.exchange.Exchange;
import io.jetway.http.ContentSniffer;
import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code contentType}: as in Traefik v3, a response whose backend named no Content-Type keeps none
 * unless this middleware is on the route; with it, the type is detected from the first bytes of
 * the body ({@link ContentSniffer}, Go's algorithm). {@code autoDetect: false} (deprecated) makes
 * it do nothing.
 */
public final class ContentTypeMiddleware extends HttpMiddleware {

    private static final Logger LOG = LoggerFactory.getLogger(ContentTypeMiddleware.class);

    private final boolean detect;

    public ContentTypeMiddleware(ContentTypeOptions options) {
        this.detect = options.autoDetect();
    }

    public static Filter create(Node node, MiddlewareContext context) {
        ContentTypeOptions options = ContentTypeOptions.from(node);
        if (options.autoDetectWritten() && context.state("autoDetect-logged", AtomicBoolean::new).compareAndSet(false, true)) {
            LOG.warn("event=deprecated-option middleware={} options=[autoDetect] msg=\"the contentType middleware only "
                    + "enables detection; remove autoDetect{}\"", context.name(),
                    options.autoDetect() ? "" : " (false: the middleware does nothing)");
        }
        return new ContentTypeMiddleware(options);
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        if (detect) {
            Exchange.of(request).detectContentType();
        }
        next.doFilter(request, response);
    }
}
