package io.jetway.middleware;

import io.jetway.exchange.ErrorPages;
import io.jetway.exchange.Exchange;
import io.jetway.model.Node;
import io.jetway.service.ServiceHandler;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code errors}: when the response's status is one of {@code status}, the client gets the page
 * that {@code service} serves at {@code query} instead of the backend's body, with the original
 * status (or the one {@code statusRewrites} maps it to). {@code {status}}, {@code {originalStatus}}
 * and {@code {url}} (the request's URL, query-escaped) are filled into the query. The proxy
 * catches the status before anything is committed and fetches the page.
 */
public final class ErrorsMiddleware extends HttpMiddleware implements ErrorPages {

    private final List<int[]> caught;
    private final List<Rewrite> rewrites;
    private final ServiceHandler service;
    private final String query;

    private record Rewrite(int from, int to, int status) {
    }

    private ErrorsMiddleware(List<int[]> caught, List<Rewrite> rewrites, ServiceHandler service, String query) {
        this.caught = caught;
        this.rewrites = rewrites;
        this.service = service;
        this.query = query;
    }

    public static Filter create(Node options, MiddlewareContext context) {
        List<int[]> caught = new ArrayList<>();
        for (Node item : options.get("status").list()) {
            caught.add(range(item, item.requiredString()));
        }
        List<Rewrite> rewrites = new ArrayList<>();
        Node rewritesNode = options.get("statusRewrites");
        for (Map.Entry<String, Object> entry : rewritesNode.map().entrySet()) {
            Node target = rewritesNode.get(entry.getKey());
            int[] from = range(target, entry.getKey());
            int to = target.integer(0);
            if (to < 100 || to > 999) {
                throw new Node.InvalidFieldException(target.path(), "must be an HTTP status code, got " + target.raw());
            }
            rewrites.add(new Rewrite(from[0], from[1], to));
        }
        Node serviceNode = options.get("service");
        ServiceHandler service = context.service(serviceNode.requiredString(), serviceNode.path());
        String query = options.get("query").string("");
        query = "/" + (query.startsWith("/") ? query.substring(1) : query);
        return new ErrorsMiddleware(List.copyOf(caught), List.copyOf(rewrites), service, query);
    }

    /** "404" or "500-599", as Traefik's status option and statusRewrites keys take them. */
    private static int[] range(Node node, String text) {
        String[] bounds = text.trim().split("-", -1);
        if (bounds.length > 2) {
            throw new Node.InvalidFieldException(node.path(), "not a status or status range: \"" + text + "\"");
        }
        try {
            int low = Integer.parseInt(bounds[0].trim());
            int high = bounds.length == 2 ? Integer.parseInt(bounds[1].trim()) : low;
            if (low < 100 || high > 999 || low > high) {
                throw new Node.InvalidFieldException(node.path(), "not a status or status range: \"" + text + "\"");
            }
            return new int[]{low, high};
        } catch (NumberFormatException e) {
            throw new Node.InvalidFieldException(node.path(), "not a status or status range: \"" + text + "\"");
        }
    }

    @Override
    protected void filter(HttpServletRequest request, HttpServletResponse response, FilterChain next)
            throws IOException, ServletException {
        Exchange.of(request).replaceErrorPages(this);
        next.doFilter(request, response);
    }

    @Override
    public boolean catches(int status) {
        for (int[] range : caught) {
            if (status >= range[0] && status <= range[1]) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int answerStatus(int status) {
        for (Rewrite rewrite : rewrites) {
            if (status >= rewrite.from() && status <= rewrite.to()) {
                return rewrite.status();
            }
        }
        return status;
    }

    @Override
    public ServiceHandler service() {
        return service;
    }

    @Override
    public String pageTarget(HttpServletRequest request, int status) {
        String url = request.getQueryString() == null ? request.getRequestURI()
                : request.getRequestURI() + "?" + request.getQueryString();
        return query.replace("{status}", Integer.toString(answerStatus(status)))
                .replace("{originalStatus}", Integer.toString(status))
                .replace("{url}", queryEscape(url));
    }

    /** Go's url.QueryEscape, which Traefik uses for {url}. */
    static String queryEscape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else if (c == ' ') {
                out.append('+');
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
