package io.jetway.server.proxy;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

import java.net.InetAddress;
import java.net.UnknownHostException;

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

    /** This host's name, sent as X-Forwarded-Server; "localhost" when it has none. */
    static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** True for the headers a peer we do not trust may not set. */
    static boolean isForwardingHeader(String lowerName) {
        return lowerName.startsWith("x-forwarded-") || lowerName.equals("x-real-ip");
    }

    /**
     * Fills in the forwarding headers of a request whose other headers were just copied.
     *
     * @param copied the headers copied from the client (untrusted X-Forwarded-* already dropped);
     *               X-Forwarded-For is replaced, the others are added only when absent
     */
    static void apply(HttpServletRequest client, HttpFields.Mutable copied, String serverHostname, boolean websocket) {
        apply(client.getRemoteAddr(), client.isSecure(), client.getHeader("Host"), copied, serverHostname, websocket);
    }

    /**
     * The same for a request seen as its peer's address, whether it came over TLS and its Host
     * header (null when it has none).
     */
    static void apply(String remote, boolean secure, String clientHost, HttpFields.Mutable copied, String serverHostname,
                      boolean websocket) {
        String previousFor = null;
        String forwardedHost = null;
        boolean hasRealIp = false;
        boolean hasProto = false;
        boolean hasPort = false;
        // One pass over what was copied instead of a lookup per header.
        for (HttpField field : copied) {
            String name = field.getLowerCaseName();
            if (name.length() < 9 || name.charAt(0) != 'x') {
                continue;
            }
            switch (name) {
                case "x-forwarded-for" -> previousFor = previousFor == null ? field.getValue() : previousFor + ", " + field.getValue();
                case "x-forwarded-host" -> forwardedHost = field.getValue();
                case "x-forwarded-proto" -> hasProto = true;
                case "x-forwarded-port" -> hasPort = true;
                case "x-real-ip" -> hasRealIp = true;
                default -> {
                }
            }
        }
        if (previousFor == null || previousFor.isEmpty()) {
            copied.add(FOR, remote);
        } else {
            copied.put(FOR, previousFor + ", " + remote);
        }
        if (!hasRealIp) {
            copied.add(REAL_IP, remote);
        }
        if (!hasProto) {
            copied.add(PROTO, websocket ? (secure ? "wss" : "ws") : (secure ? "https" : "http"));
        }
        if (forwardedHost == null) {
            forwardedHost = clientHost;
            if (forwardedHost != null) {
                copied.add(HOST, forwardedHost);
            }
        }
        if (!hasPort) {
            copied.add(PORT, forwardedPort(forwardedHost, secure));
        }
        copied.put(SERVER, serverHostname);
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
