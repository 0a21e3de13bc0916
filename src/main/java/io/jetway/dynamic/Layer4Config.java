package io.jetway.dynamic;

import java.util.Map;

/**
 * Traefik's {@code tcp} and {@code udp} sections of the dynamic configuration. Names are fully
 * qualified, as for HTTP ({@code default-db-route-fdd3e9338e47a45efefc@kubernetescrd}).
 */
public record Layer4Config(Map<String, TcpRouterConfig> tcpRouters,
                           Map<String, TcpServiceConfig> tcpServices,
                           Map<String, TcpMiddlewareConfig> tcpMiddlewares,
                           Map<String, TcpServersTransport> tcpServersTransports,
                           Map<String, UdpRouterConfig> udpRouters,
                           Map<String, UdpServiceConfig> udpServices) {

    public static final Layer4Config EMPTY = new Layer4Config(Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());

    public Layer4Config {
        tcpRouters = Map.copyOf(tcpRouters);
        tcpServices = Map.copyOf(tcpServices);
        tcpMiddlewares = Map.copyOf(tcpMiddlewares);
        tcpServersTransports = Map.copyOf(tcpServersTransports);
        udpRouters = Map.copyOf(udpRouters);
        udpServices = Map.copyOf(udpServices);
    }

    public boolean isEmpty() {
        return tcpRouters.isEmpty() && tcpServices.isEmpty() && tcpMiddlewares.isEmpty()
                && tcpServersTransports.isEmpty() && udpRouters.isEmpty() && udpServices.isEmpty();
    }
}
