package io.jetway.middleware.errors;

import io.jetway.kube.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code errors} middleware's options.
 *
 * @param status         the statuses whose page is replaced ("404", "500-599")
 * @param statusRewrites the status the client gets instead of a caught one, by range
 * @param service        the service that serves the pages (required; resolved when the middleware is built)
 * @param query          the page's path and query, with {status}, {originalStatus} and {url}; always starts with /
 */
public record ErrorsOptions(List<StatusRange> status, List<StatusRewrite> statusRewrites, String service, String query) {

    /** Statuses from {@code low} to {@code high}, both included. */
    public record StatusRange(int low, int high) {
        public boolean contains(int status) {
            return status >= low && status <= high;
        }
    }

    /** A caught status in {@code from} is answered with {@code status}. */
    public record StatusRewrite(StatusRange from, int status) {
    }

    public static ErrorsOptions from(Node options) {
        List<StatusRange> caught = new ArrayList<>();
        for (Node item : options.get("status").list()) {
            caught.add(range(item, item.requiredString()));
        }
        List<StatusRewrite> rewrites = new ArrayList<>();
        Node rewritesNode = options.get("statusRewrites");
        for (Map.Entry<String, Object> entry : rewritesNode.map().entrySet()) {
            Node target = rewritesNode.get(entry.getKey());
            StatusRange from = range(target, entry.getKey());
            int to = target.integer(0);
            if (to < 100 || to > 999) {
                throw new Node.InvalidFieldException(target.path(), "must be an HTTP status code, got " + target.raw());
            }
            rewrites.add(new StatusRewrite(from, to));
        }
        String service = options.get("service").requiredString();
        String query = options.get("query").string("");
        query = "/" + (query.startsWith("/") ? query.substring(1) : query);
        return new ErrorsOptions(List.copyOf(caught), List.copyOf(rewrites), service, query);
    }

    /** "404" or "500-599", as Traefik's status option and statusRewrites keys take them. */
    private static StatusRange range(Node node, String text) {
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
            return new StatusRange(low, high);
        } catch (NumberFormatException e) {
            throw new Node.InvalidFieldException(node.path(), "not a status or status range: \"" + text + "\"");
        }
    }
}
