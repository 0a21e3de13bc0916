package io.jetway.server.udp;

import io.jetway.routing.RoutingTable;
import io.jetway.routing.layer4.UdpBalancer;
import io.jetway.routing.layer4.UdpRoute;
import io.jetway.net.IpLiterals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The UDP router of an entry point in the routing table serving now picks each new session's
 * server. Servers are IP addresses (EndpointSlices); a name (an ExternalName Service) is not
 * looked up here, on the selector thread: its session is dropped and counted.
 */
public final class UdpTableRoutes implements UdpRoutes {

    private final String entryPoint;
    private final Supplier<RoutingTable> tables;

    public UdpTableRoutes(String entryPoint, Supplier<RoutingTable> tables) {
        this.entryPoint = entryPoint;
        this.tables = tables;
    }

    @Override
    public UdpTarget route(InetSocketAddress client) {
        RoutingTable table = tables.get();
        UdpRoute route = table == null ? null : table.layer4().udp(entryPoint);
        if (route == null) {
            return null;
        }
        UdpBalancer.UdpTargetServer server = route.service().next();
        if (server == null) {
            return null;
        }
        InetAddress ip = IpLiterals.address(server.host());
        InetSocketAddress target = ip == null ? InetSocketAddress.createUnresolved(server.host(), server.port())
                : new InetSocketAddress(ip, server.port());
        return new UdpTarget(route.name(), server.service(), target, server.proxyProtocolV2());
    }
}
