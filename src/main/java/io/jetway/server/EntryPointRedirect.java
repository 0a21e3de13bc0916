package io.jetway.server;

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
        boolean safe = request.getMethod().equals("GET") || request.getMethod().equals("HEAD");
        int status = permanent ? (safe ? 301 : 308) : (safe ? 302 : 307);
        StringBuilder location = new StringBuilder(scheme).append("://").append(hostWithoutPort(request));
        boolean defaultPort = (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        if (!defaultPort && port > 0) {
            location.append(':').append(port);
        }
        location.append(request.getRequestURI());
        if (request.getQueryString() != null) {
            location.append('?').append(request.getQueryString());
        }
        response.setStatus(status);
        response.setHeader("Location", location.toString());
        response.setContentLength(0);
    }

    private static String hostWithoutPort(HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (host == null || host.isEmpty()) {
            host = request.getServerName();
        }
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }
}
