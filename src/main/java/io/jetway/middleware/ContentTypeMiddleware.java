package io.jetway.middleware;

import io.jetway.exchange.Exchange;
import io.jetway.model.Node;
import io.jetway.http.ContentSniffer;
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

    private ContentTypeMiddleware() {
    }

    public static Filter create(Node options, MiddlewareContext context) {
        Node autoDetect = options.get("autoDetect");
        boolean detect = autoDetect.bool(true);
        if (!autoDetect.isMissing() && context.state("autoDetect-logged", AtomicBoolean::new).compareAndSet(false, true)) {
            LOG.warn("event=deprecated-option middleware={} options=[autoDetect] msg=\"the contentType middleware only "
                    + "enables detection; remove autoDetect{}\"", context.name(), detect ? "" : " (false: the middleware does nothing)");
        }
        return detect ? new ContentTypeMiddleware() : new PassThrough();
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        Exchange.of(request).detectContentType();
        next.doFilter(request, response);
    }

    private static final class PassThrough extends HttpMiddleware {
        @Override
        protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
                throws IOException, ServletException {
            next.doFilter(request, response);
        }
    }
}
