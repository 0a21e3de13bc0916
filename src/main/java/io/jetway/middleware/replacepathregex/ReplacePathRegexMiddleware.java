package io.jetway.middleware.replacepathregex;

import io.jetway.exchange.Exchange;
import io.jetway.kube.Node;
import io.jetway.middleware.HttpMiddleware;
import io.jetway.middleware.MiddlewareContext;
import io.jetway.middleware.PathRewrites;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code replacePathRegex}: when the regex matches the path, forwards every match replaced (an
 * empty result becomes /), the original path in X-Replaced-Path; otherwise leaves the path.
 */
public final class ReplacePathRegexMiddleware extends HttpMiddleware {

    private final Pattern regex;
    private final String replacement;

    public ReplacePathRegexMiddleware(ReplacePathRegexOptions options) {
        this.regex = options.regex();
        this.replacement = options.replacement();
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new ReplacePathRegexMiddleware(ReplacePathRegexOptions.from(options));
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        Exchange exchange = Exchange.of(request);
        String path = exchange.path();
        Matcher m = regex.matcher(path);
        if (m.find()) {
            String replaced = m.replaceAll(replacement);
            PathRewrites.replacePath(exchange.edits(), path, replaced.isEmpty() ? "/" : replaced);
        }
        next.doFilter(request, response);
    }
}
