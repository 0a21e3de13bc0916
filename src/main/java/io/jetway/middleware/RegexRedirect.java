package io.jetway.middleware;

import io.jetway.exchange.Exchange;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What redirectScheme and redirectRegex share: both rewrite the request's full URL with a regex
 * and redirect when the result differs (302, or 307 for methods other than GET; 301/308 when
 * permanent), with the status text as body.
 */
public final class RegexRedirect {

    private final Pattern regex;
    private final GoReplacement replacement;
    private final boolean permanent;

    /** @param replacement a template as Go reads it ({@code $1}, {@code ${name}}) */
    public RegexRedirect(Pattern regex, String replacement, boolean permanent) {
        this.regex = regex;
        this.replacement = GoReplacement.parse(replacement);
        this.permanent = permanent;
    }

    /** The path and query as forwarded so far (after earlier middlewares' edits): the end of the URL. */
    public static String requestUri(HttpServletRequest request) {
        String query = Exchange.of(request).query();
        return Exchange.of(request).path() + (query == null ? "" : "?" + query);
    }

    /** Redirects to the rewritten {@code url}, or passes the request on when the regex leaves it as it is. */
    public void redirectOrPass(String url, HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        if (!regex.matcher(url).find()) {
            next.doFilter(request, response);
            return;
        }
        String newUrl = replacement.replaceAll(regex, url);
        if (newUrl.equals(url)) {
            next.doFilter(request, response);
            return;
        }
        String location;
        try {
            location = new URI(newUrl).toASCIIString();
        } catch (URISyntaxException e) {
            LocalResponses.send(request, response, 500, LocalResponses.statusText(500));
            return;
        }
        boolean get = request.getMethod().toUpperCase(Locale.ROOT).equals("GET");
        int status = permanent ? (get ? 301 : 308) : (get ? 302 : 307);
        LocalResponses.redirect(request, response, status, location);
    }
}
