package io.jetway.routing.layer4;

import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What outlives a reload: the connections each inFlightConn middleware counts per client address,
 * so a reload neither forgets open connections nor lets a client past its limit.
 */
public final class Layer4State {

    private final Map<String, ConcurrentMap<InetAddress, Integer>> inFlight = new ConcurrentHashMap<>();

    ConcurrentMap<InetAddress, Integer> inFlightOf(String middleware) {
        return inFlight.computeIfAbsent(middleware, k -> new ConcurrentHashMap<>());
    }

    void retainOnly(Set<String> middlewares) {
        inFlight.keySet().retainAll(middlewares);
    }
}
