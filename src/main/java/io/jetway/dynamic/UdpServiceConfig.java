package io.jetway.dynamic;

import io.jetway.kube.ObjectRef;

import java.util.List;

/** Traefik's UDP service kinds. */
public sealed interface UdpServiceConfig {

    ObjectRef source();

    String type();

    /**
     * @param servers              {@code host:port} addresses
     * @param proxyProtocolVersion 2 to start each datagram to a server with a PROXY protocol v2 header
     *                             (DGRAM) naming the client, a Jetway extension (Traefik #8613); 0 for none
     */
    record LoadBalancer(List<String> servers, int proxyProtocolVersion, ObjectRef source) implements UdpServiceConfig {
        public LoadBalancer {
            servers = List.copyOf(servers);
        }

        @Override
        public String type() {
            return "loadbalancer";
        }
    }

    /** Per-session weighted round robin over other UDP services. */
    record Weighted(List<ServiceConfig.WeightedChild> services, ObjectRef source) implements UdpServiceConfig {
        public Weighted {
            services = List.copyOf(services);
        }

        @Override
        public String type() {
            return "weighted";
        }
    }
}
