package io.jetway.dynamic;

import io.jetway.kube.ObjectRef;

import java.time.Duration;
import java.util.List;

/** Traefik's TCP service kinds: a load balancer over servers, or weighted over other TCP services. */
public sealed interface TcpServiceConfig {

    ObjectRef source();

    /** The Traefik type name shown by the API: loadbalancer or weighted. */
    String type();

    /**
     * @param address {@code host:port}
     * @param tls     connect to this server with TLS (the transport's {@code tls} block)
     */
    record Server(String address, boolean tls) {
    }

    /**
     * @param serversTransport     qualified ServersTransportTCP name; null for {@code default@internal}
     * @param terminationDelay     deprecated per-service field, used only without a serversTransport; null if unset
     * @param proxyProtocolVersion deprecated per-service field (1 or 2), used only without a serversTransport; 0 if unset
     */
    record LoadBalancer(List<Server> servers, String serversTransport, Duration terminationDelay,
                        int proxyProtocolVersion, ObjectRef source) implements TcpServiceConfig {
        public LoadBalancer {
            servers = List.copyOf(servers);
        }

        @Override
        public String type() {
            return "loadbalancer";
        }
    }

    /** Per-connection weighted round robin over other TCP services. */
    record Weighted(List<ServiceConfig.WeightedChild> services, ObjectRef source) implements TcpServiceConfig {
        public Weighted {
            services = List.copyOf(services);
        }

        @Override
        public String type() {
            return "weighted";
        }
    }
}
