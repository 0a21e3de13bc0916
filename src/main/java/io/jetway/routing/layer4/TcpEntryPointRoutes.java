package io.jetway.routing.layer4;

import io.jetway.routing.tcp.TcpConnectionInfo;

import java.util.List;

/**
 * The TCP routers of one entry point, each list by priority (higher first, then by name).
 *
 * @param plain routers without {@code tls}: they see no server name
 * @param tls   routers with {@code tls} (terminating or passthrough)
 */
public record TcpEntryPointRoutes(List<TcpRoute> plain, List<TcpRoute> tls) {

    public static final TcpEntryPointRoutes NONE = new TcpEntryPointRoutes(List.of(), List.of());

    public TcpEntryPointRoutes {
        plain = List.copyOf(plain);
        tls = List.copyOf(tls);
    }

    public boolean isEmpty() {
        return plain.isEmpty() && tls.isEmpty();
    }

    /** The first router without TLS whose rule matches (the server name is empty), or null. */
    public TcpRoute matchPlain(TcpConnectionInfo connection) {
        for (TcpRoute r : plain) {
            if (r.matches(connection)) {
                return r;
            }
        }
        return null;
    }

    /**
     * The first TLS router whose rule matches: with {@code catchAll} false only those whose rule is
     * not exactly {@code HostSNI(`*`)}, with true only those that are (Traefik's order puts HTTPS
     * routers between the two).
     */
    public TcpRoute matchTls(TcpConnectionInfo connection, boolean catchAll) {
        for (TcpRoute r : tls) {
            if (r.catchAll() == catchAll && r.matches(connection)) {
                return r;
            }
        }
        return null;
    }

    /** The non-TLS HostSNI(`*`) router a silent client goes to (tcp.serverFirstAfter), or null. */
    public TcpRoute plainCatchAll() {
        for (TcpRoute r : plain) {
            if (r.catchAll()) {
                return r;
            }
        }
        return null;
    }
}
