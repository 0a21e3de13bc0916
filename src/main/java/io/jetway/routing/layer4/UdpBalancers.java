package io.jetway.routing.layer4;

import io.jetway.service.l4.WeightedRoundRobin;

/** The two UDP service kinds compiled: servers in turn, or a weighted pick among child services. */
final class UdpBalancers {

    private UdpBalancers() {
    }

    static UdpBalancer servers(String name, WeightedRoundRobin<UdpBalancer.UdpTargetServer> servers) {
        return new UdpBalancer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public UdpTargetServer next() {
                return servers.next();
            }
        };
    }

    static UdpBalancer weighted(String name, WeightedRoundRobin<UdpBalancer> children) {
        return new UdpBalancer() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public UdpTargetServer next() {
                UdpBalancer child = children.next();
                return child == null ? null : child.next();
            }
        };
    }
}
