package io.jetway.middleware.stripprefixregex;

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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code stripPrefixRegex}: forwards the path without what the first matching regex matched at
 * its start (a match elsewhere, or an empty one, strips nothing).
 */
public final class StripPrefixRegexMiddleware extends HttpMiddleware {

    private final List<Pattern> patterns;

    public StripPrefixRegexMiddleware(StripPrefixRegexOptions options) {
        this.patterns = options.regex();
    }

    public static Filter create(Node options, MiddlewareContext context) {
        return new StripPrefixRegexMiddleware(StripPrefixRegexOptions.from(options));
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        Exchange exchange = Exchange.of(request);
        String path = exchange.path();
        for (Pattern pattern : patterns) {
            Matcher m = pattern.matcher(path);
            if (m.find() && m.start() == 0 && m.end() > 0) {
                PathRewrites.stripPrefix(exchange.edits(), path, path.substring(0, m.end()));
                break;
            }
        }
        next.doFilter(request, response);
    }
}
