package io.jetway.routing.layer4;

/** The UDP router serving an entry point and its compiled service. */
public record UdpRoute(String name, UdpBalancer service) {
}
