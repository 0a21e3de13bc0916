package io.jetway.routing.layer4;

import io.jetway.dynamic.TcpRouterTls;
import io.jetway.routing.tcp.TcpConnectionInfo;
import io.jetway.routing.tcp.TcpRule;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP router compiled.
 *
 * @param tls null for a router that takes connections without TLS
 */
public record TcpRoute(String name, TcpRule rule, long priority, TcpRouterTls tls, List<TcpMiddleware> middlewares,
                       TcpBalancer service) {

    public TcpRoute {
        middlewares = List.copyOf(middlewares);
    }

    public boolean passthrough() {
        return tls != null && tls.passthrough();
    }

    /** Exactly {@code HostSNI(`*`)}: it comes after the HTTPS routers in Traefik's order. */
    public boolean catchAll() {
        return rule.isCatchAll();
    }

    public boolean matches(TcpConnectionInfo connection) {
        return rule.matches(connection);
    }

    /**
     * Runs the middlewares in order; null when one refuses (those that admitted are released),
     * else one admission that releases them all.
     */
    public TcpMiddleware.Admission admit(InetAddress client) {
        if (middlewares.isEmpty()) {
            return TcpMiddleware.Admission.NOTHING;
        }
        List<TcpMiddleware.Admission> admitted = new ArrayList<>(middlewares.size());
        for (TcpMiddleware m : middlewares) {
            TcpMiddleware.Admission a = m.admit(client);
            if (a == null) {
                admitted.forEach(TcpMiddleware.Admission::release);
                return null;
            }
            admitted.add(a);
        }
        return () -> admitted.forEach(TcpMiddleware.Admission::release);
    }
}
