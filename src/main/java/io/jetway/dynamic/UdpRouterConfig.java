package io.jetway.dynamic;

import io.jetway.kube.ObjectRef;

import java.util.List;

/** A UDP router: no rule; one router serves a UDP entry point. Empty entryPoints means every UDP entry point. */
public record UdpRouterConfig(String name, List<String> entryPoints, String service, ObjectRef source) {

    public UdpRouterConfig {
        entryPoints = List.copyOf(entryPoints);
    }
}
