package io.jetway.routing.layer4;

import io.jetway.service.l4.WeightedRoundRobin;

/** A weighted TCP service: picks a child service per connection, which picks the server. */
record WeightedTcpBalancer(String name, WeightedRoundRobin<TcpBalancer> children) implements TcpBalancer {

    @Override
    public TcpTarget next() {
        TcpBalancer child = children.next();
        return child == null ? null : child.next();
    }
}
