package io.jetway.server;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.http.HttpFields;

/**
 * Traefik's X-Forwarded-* handling. Headers from untrusted peers were already dropped when the
 * request headers were copied; here the missing ones are filled in and the peer is appended to
 * X-Forwarded-For.
 */
final class ForwardedHeaders {

    static final String FOR = "X-Forwarded-For";
    static final String PROTO = "X-Forwarded-Proto";
    static final String HOST = "X-Forwarded-Host";
    static final String PORT = "X-Forwarded-Port";
    static final String SERVER = "X-Forwarded-Server";
    static final String REAL_IP = "X-Real-Ip";

    private ForwardedHeaders() {
    }

    /** True for the headers a peer we do not trust may not set. */
    static boolean isForwardingHeader(String lowerName) {
        return lowerName.startsWith("x-forwarded-") || lowerName.equals("x-real-ip");
    }

    static void apply(HttpServletRequest client, HttpFields.Mutable headers, String serverHostname, boolean websocket) {
        String remote = client.getRemoteAddr();
        String previousFor = headers.get(FOR);
        headers.put(FOR, previousFor == null || previousFor.isEmpty() ? remote : previousFor + ", " + remote);
        if (!headers.contains(REAL_IP)) {
            headers.put(REAL_IP, remote);
        }
        boolean secure = client.isSecure();
        if (!headers.contains(PROTO)) {
            headers.put(PROTO, websocket ? (secure ? "wss" : "ws") : (secure ? "https" : "http"));
        }
        String host = client.getHeader("Host");
        if (!headers.contains(HOST) && host != null) {
            headers.put(HOST, host);
        }
        if (!headers.contains(PORT)) {
            headers.put(PORT, forwardedPort(headers.get(HOST), secure));
        }
        headers.put(SERVER, serverHostname);
    }

    /** The port of the forwarded host if it has one, else the scheme's default. */
    static String forwardedPort(String host, boolean secure) {
        if (host != null) {
            int colon = host.lastIndexOf(':');
            int bracket = host.lastIndexOf(']');
            if (colon > bracket && colon < host.length() - 1) {
                return host.substring(colon + 1);
            }
        }
        return secure ? "443" : "80";
    }
}
