package io.jetway.dynamic;

import io.jetway.kube.Problem;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Traefik's dynamic configuration: what translators produce and the builder compiles. Names are
 * fully qualified ({@code default-whoami-80@kubernetescrd}). Routers given sorted by name (the
 * translators' TreeMaps) stay sorted, so the builder walks them in name order without sorting
 * tens of thousands of names on every reload; the other maps are hashed.
 */
public record DynamicConfig(Map<String, RouterConfig> routers,
                            Map<String, ServiceConfig> services,
                            Map<String, MiddlewareConfig> middlewares,
                            List<Problem> problems,
                            Map<String, ServersTransport> serversTransports,
                            TlsConfig tls,
                            Layer4Config layer4,
                            GatewayApiStatus gatewayStatus) {

    /**
     * The class of a read-only view of a sorted map. Jetway makes such views only of maps nothing
     * changes afterwards (here, and translators handing their own maps over), so one is kept as it is.
     */
    private static final Class<?> FROZEN_SORTED = Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();
    /** The same for a read-only view of a hashed map (a patched translation's services). */
    private static final Class<?> FROZEN_HASHED = Collections.unmodifiableMap(new java.util.HashMap<>()).getClass();

    public static final DynamicConfig EMPTY = new DynamicConfig(Map.of(), Map.of(), Map.of(), List.of());

    public DynamicConfig {
        routers = frozen(routers);
        // Looked up by name, not walked in order: hashed.
        services = services.getClass() == FROZEN_HASHED ? services : Map.copyOf(services);
        middlewares = Map.copyOf(middlewares);
        problems = List.copyOf(problems);
        serversTransports = Map.copyOf(serversTransports);
        tls = tls == null ? TlsConfig.EMPTY : tls;
        layer4 = layer4 == null ? Layer4Config.EMPTY : layer4;
        gatewayStatus = gatewayStatus == null ? GatewayApiStatus.EMPTY : gatewayStatus;
    }

    /**
     * An unmodifiable copy; a map sorted by name stays sorted, copied in linear time (a TreeMap
     * built from a sorted map compares nothing), where hashing every entry again costs more.
     */
    private static <V> Map<String, V> frozen(Map<String, V> map) {
        if (map.getClass() == FROZEN_SORTED && ((SortedMap<String, V>) map).comparator() == null) {
            // Another configuration's routers (a check that adds problems), or a translator's own
            // map handed over read-only: copying 30,000 routers for each would cost more than the reload.
            return map;
        }
        if (map instanceof SortedMap<String, V> sorted && sorted.comparator() == null) {
            return Collections.unmodifiableSortedMap(new TreeMap<>(sorted));
        }
        return Map.copyOf(map);
    }

    /** Without Gateway API objects' status (every translator but the Gateway API's). */
    public DynamicConfig(Map<String, RouterConfig> routers, Map<String, ServiceConfig> services,
                         Map<String, MiddlewareConfig> middlewares, List<Problem> problems,
                         Map<String, ServersTransport> serversTransports, TlsConfig tls, Layer4Config layer4) {
        this(routers, services, middlewares, problems, serversTransports, tls, layer4, GatewayApiStatus.EMPTY);
    }

    public DynamicConfig(Map<String, RouterConfig> routers, Map<String, ServiceConfig> services,
                         Map<String, MiddlewareConfig> middlewares, List<Problem> problems,
                         Map<String, ServersTransport> serversTransports, TlsConfig tls) {
        this(routers, services, middlewares, problems, serversTransports, tls, Layer4Config.EMPTY);
    }

    /** The same configuration with other problems (checks that run after translation add theirs). */
    public DynamicConfig withProblems(List<Problem> newProblems) {
        return new DynamicConfig(routers, services, middlewares, newProblems, serversTransports, tls, layer4, gatewayStatus);
    }

    public DynamicConfig(Map<String, RouterConfig> routers, Map<String, ServiceConfig> services,
                         Map<String, MiddlewareConfig> middlewares, List<Problem> problems,
                         Map<String, ServersTransport> serversTransports) {
        this(routers, services, middlewares, problems, serversTransports, TlsConfig.EMPTY);
    }

    public DynamicConfig(Map<String, RouterConfig> routers, Map<String, ServiceConfig> services,
                         Map<String, MiddlewareConfig> middlewares, List<Problem> problems) {
        this(routers, services, middlewares, problems, Map.of());
    }
}
