package io.jetway.server.entry;

import io.jetway.exchange.Exchange;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * {@code http.redirections.entryPoint}: the request goes to the same host, path and query on the
 * target entry point. The Location carries the target's port unless it is the scheme's default.
 *
 * @param port the target entry point's listening port
 */
public record EntryPointRedirect(String scheme, int port, boolean permanent, int priority) {

    public void send(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String host = request.getHeader("Host");
        response.setStatus(status(request.getMethod()));
        response.setHeader("Location", location(host == null || host.isEmpty() ? request.getServerName() : host,
                // The path as the entry point cleaned it (RoutingFilter), under the container's context path.
                request.getContextPath() + Exchange.of(request).path(), request.getQueryString()));
        response.setContentLength(0);
    }

    /** 301/308 when permanent, 302/307 otherwise: the 30x that keep the method for all but GET and HEAD. */
    int status(String method) {
        boolean safe = method.equals("GET") || method.equals("HEAD");
        return permanent ? (safe ? 301 : 308) : (safe ? 302 : 307);
    }

    String location(String hostHeader, String path, String query) {
        StringBuilder location = new StringBuilder(scheme).append("://").append(withoutPort(hostHeader));
        boolean defaultPort = (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        if (!defaultPort && port > 0) {
            location.append(':').append(port);
        }
        location.append(path);
        if (query != null) {
            location.append('?').append(query);
        }
        return location.toString();
    }

    private static String withoutPort(String host) {
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
