package io.jetway.routing.tcp;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * What a TCP rule may look at in a connection, read before any byte is forwarded.
 *
 * @param serverName the ClientHello's SNI, or "" when there is none or the connection is not TLS;
 *                   kept trimmed and lowercased, as Traefik compares it
 * @param alpn       the protocols the ClientHello offers, in order; empty when none or not TLS
 * @param clientIp   the peer (or the PROXY protocol source when trusted); null when unknown, which
 *                   no ClientIP matches
 */
public record TcpConnectionInfo(String serverName, List<String> alpn, InetAddress clientIp) {

    public TcpConnectionInfo {
        serverName = canonical(serverName);
        alpn = alpn == null ? List.of() : List.copyOf(alpn);
    }

    /** Traefik's CanonicalDomain: trimmed, lowercased. Allocates only when something changes. */
    private static String canonical(String sni) {
        if (sni == null) {
            return "";
        }
        String trimmed = sni.strip();
        for (int i = 0; i < trimmed.length(); i++) {
            char c = trimmed.charAt(i);
            if (c >= 'A' && c <= 'Z' || c >= 0x80) {
                return trimmed.toLowerCase(Locale.ROOT);
            }
        }
        return trimmed;
    }
}
