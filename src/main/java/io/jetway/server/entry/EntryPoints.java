package io.jetway.server.entry;

import java.util.List;
import java.util.Map;

/**
 * Finds a request's entry point by the local port it arrived on. This works the same embedded
 * (one connector per entry point) and inside a servlet container (the container's ports).
 */
public final class EntryPoints {

    private final Map<Integer, EntryPoint> byPort;
    private final EntryPoint fallback;
    private final List<String> names;

    public EntryPoints(Map<Integer, EntryPoint> byPort, EntryPoint fallback, List<String> names) {
        this.byPort = Map.copyOf(byPort);
        this.fallback = fallback;
        this.names = List.copyOf(names);
    }

    public EntryPoint forLocalPort(int port) {
        EntryPoint ep = byPort.get(port);
        return ep == null ? fallback : ep;
    }

    public List<String> names() {
        return names;
    }
}
