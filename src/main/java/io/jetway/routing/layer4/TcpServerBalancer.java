package io.jetway.routing.layer4;

import io.jetway.service.l4.WeightedRoundRobin;

/** A TCP load balancer: the servers in turn, one per connection. */
record TcpServerBalancer(String name, WeightedRoundRobin<TcpTarget> servers) implements TcpBalancer {

    @Override
    public TcpTarget next() {
        return servers.next();
    }
}
