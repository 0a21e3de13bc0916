package io.jetway.routing.layer4;

import io.jetway.service.l4.WeightedRoundRobin;

/** The two UDP service kinds compiled: servers in turn, or a weighted pick among child services. */
final class UdpBalancers {

    private UdpBalancers() {
    }

    static UdpBalancer servers(String name, WeightedRoundRobin<UdpBalancer.UdpTargetServer> servers) {
        return new Servers(name, servers);
    }

    static UdpBalancer weighted(String name, WeightedRoundRobin<UdpBalancer> children) {
        return new Weighted(name, children);
    }

    private record Servers(String name, WeightedRoundRobin<UdpTargetServer> servers) implements UdpBalancer {
        @Override
        public UdpTargetServer next() {
            return servers.next();
        }
    }

    private record Weighted(String name, WeightedRoundRobin<UdpBalancer> children) implements UdpBalancer {
        @Override
        public UdpTargetServer next() {
            UdpBalancer child = children.next();
            return child == null ? null : child.next();
        }
    }
}
