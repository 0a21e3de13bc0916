package io.jetway.routing.layer4;

import io.jetway.dynamic.Layer4Config;
import io.jetway.routing.RouterStatus;

import java.util.List;
import java.util.Map;

/**
 * The layer-4 routes of one reload, immutable. Statuses and errors are what the API and status
 * writing show, in the same words as the HTTP part.
 *
 * @param tcpRouterStatuses  one per TCP router of the configuration, by name
 * @param udpRouterStatuses  one per UDP router of the configuration, by name
 * @param serviceErrors      TCP and UDP services that could not be built, by qualified name
 * @param middlewareErrors   MiddlewareTCPs that could not be built, by qualified name
 */
public record Layer4Table(Layer4Config config, Map<String, TcpEntryPointRoutes> tcpByEntryPoint,
                          Map<String, UdpRoute> udpByEntryPoint, Map<String, RouterStatus> tcpRouterStatuses,
                          Map<String, RouterStatus> udpRouterStatuses, Map<String, String> serviceErrors,
                          Map<String, String> middlewareErrors, Map<String, List<String>> serversByService) {

    public static final Layer4Table EMPTY = new Layer4Table(Layer4Config.EMPTY, Map.of(), Map.of(), Map.of(), Map.of(),
            Map.of(), Map.of(), Map.of());

    public Layer4Table {
        tcpByEntryPoint = Map.copyOf(tcpByEntryPoint);
        udpByEntryPoint = Map.copyOf(udpByEntryPoint);
        tcpRouterStatuses = Map.copyOf(tcpRouterStatuses);
        udpRouterStatuses = Map.copyOf(udpRouterStatuses);
        serviceErrors = Map.copyOf(serviceErrors);
        middlewareErrors = Map.copyOf(middlewareErrors);
        serversByService = Map.copyOf(serversByService);
    }

    /** The TCP routers of an entry point; {@link TcpEntryPointRoutes#NONE} when it has none. */
    public TcpEntryPointRoutes tcp(String entryPoint) {
        return tcpByEntryPoint.getOrDefault(entryPoint, TcpEntryPointRoutes.NONE);
    }

    /** The UDP router of an entry point, or null. */
    public UdpRoute udp(String entryPoint) {
        return udpByEntryPoint.get(entryPoint);
    }
}
