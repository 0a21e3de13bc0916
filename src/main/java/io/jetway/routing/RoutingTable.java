package io.jetway.routing;


import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.ServersTransport;
import io.jetway.routing.layer4.Layer4Table;
import io.jetway.routing.rule.RequestView;
import io.jetway.service.Backend;
import io.jetway.service.health.HealthTarget;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compiled, immutable routing state of one configuration. A request reads the current table
 * once and uses it to the end, so a reload never changes a request half-way.
 */
public final class RoutingTable {

    public static final RoutingTable EMPTY = new RoutingTable(DynamicConfig.EMPTY, Map.of(), List.of(), Map.of(), List.of(), Set.of());

    private final DynamicConfig config;
    private final Map<String, RouterIndex> byEntryPoint;
    private final List<RouterStatus> routerStatuses;
    private final Map<String, List<Backend>> serversByService;
    private final List<HealthTarget> healthTargets;
    private final Set<ServersTransport> transports;
    private final Map<String, String> serviceErrors;
    private final Map<String, String> middlewareErrors;
    private final Set<String> internalServices;
    /** The routers with a tls section, which only requests that arrived over TLS reach. */
    private final Map<String, RouterIndex> tlsByEntryPoint;
    /** What the build compiled, for the next build to reuse. */
    private final BuiltParts parts;
    private final BuildCounts buildCounts;
    private final Layer4Table layer4;

    RoutingTable(DynamicConfig config, Map<String, RouterIndex> byEntryPoint, List<RouterStatus> routerStatuses,
                 Map<String, List<Backend>> serversByService, List<HealthTarget> healthTargets,
                 Set<ServersTransport> transports) {
        this(config, byEntryPoint, routerStatuses, serversByService, healthTargets, transports, Map.of(), Map.of(), Set.of());
    }

    RoutingTable(DynamicConfig config, Map<String, RouterIndex> byEntryPoint, List<RouterStatus> routerStatuses,
                 Map<String, List<Backend>> serversByService, List<HealthTarget> healthTargets,
                 Set<ServersTransport> transports, Map<String, String> serviceErrors,
                 Map<String, String> middlewareErrors, Set<String> internalServices) {
        this(config, byEntryPoint, Map.of(), routerStatuses, serversByService, healthTargets, transports, serviceErrors,
                middlewareErrors, internalServices);
    }

    RoutingTable(DynamicConfig config, Map<String, RouterIndex> byEntryPoint, Map<String, RouterIndex> tlsByEntryPoint,
                 List<RouterStatus> routerStatuses,
                 Map<String, List<Backend>> serversByService, List<HealthTarget> healthTargets,
                 Set<ServersTransport> transports, Map<String, String> serviceErrors,
                 Map<String, String> middlewareErrors, Set<String> internalServices) {
        this(config, byEntryPoint, tlsByEntryPoint, routerStatuses, serversByService, healthTargets, transports,
                serviceErrors, middlewareErrors, internalServices, BuiltParts.NONE, BuildCounts.NONE);
    }

    RoutingTable(DynamicConfig config, Map<String, RouterIndex> byEntryPoint, Map<String, RouterIndex> tlsByEntryPoint,
                 List<RouterStatus> routerStatuses,
                 Map<String, List<Backend>> serversByService, List<HealthTarget> healthTargets,
                 Set<ServersTransport> transports, Map<String, String> serviceErrors,
                 Map<String, String> middlewareErrors, Set<String> internalServices, BuiltParts parts,
                 BuildCounts buildCounts) {
        this(config, byEntryPoint, tlsByEntryPoint, routerStatuses, serversByService, healthTargets, transports,
                serviceErrors, middlewareErrors, internalServices, parts, buildCounts, Layer4Table.EMPTY);
    }

    private RoutingTable(DynamicConfig config, Map<String, RouterIndex> byEntryPoint, Map<String, RouterIndex> tlsByEntryPoint,
                         List<RouterStatus> routerStatuses,
                         Map<String, List<Backend>> serversByService, List<HealthTarget> healthTargets,
                         Set<ServersTransport> transports, Map<String, String> serviceErrors,
                         Map<String, String> middlewareErrors, Set<String> internalServices, BuiltParts parts,
                         BuildCounts buildCounts, Layer4Table layer4) {
        this.layer4 = layer4;
        this.parts = parts;
        this.buildCounts = buildCounts;
        this.tlsByEntryPoint = Map.copyOf(tlsByEntryPoint);
        this.serviceErrors = Map.copyOf(serviceErrors);
        this.middlewareErrors = Map.copyOf(middlewareErrors);
        this.internalServices = Set.copyOf(internalServices);
        this.config = config;
        this.byEntryPoint = Map.copyOf(byEntryPoint);
        this.routerStatuses = List.copyOf(routerStatuses);
        this.serversByService = frozen(serversByService);
        this.healthTargets = List.copyOf(healthTargets);
        this.transports = Set.copyOf(transports);
    }

    private static final Class<?> VIEW = java.util.Collections.unmodifiableMap(new java.util.HashMap<>()).getClass();

    /**
     * An unmodifiable view is kept as it is: the builder hands over maps it no longer touches, and
     * hashing tens of thousands of entries again on every reload costs more than the lookups gain.
     */
    private static <K, V> Map<K, V> frozen(Map<K, V> map) {
        return map.getClass() == VIEW ? map : Map.copyOf(map);
    }

    /** The index an entry point's plain or TLS routers were matched with, or null: the next build updates it. */
    RouterIndex index(String entryPoint, boolean overTls) {
        return (overTls ? tlsByEntryPoint : byEntryPoint).get(entryPoint);
    }

    /** The highest-priority enabled router without tls of that entry point whose rule matches, or null. */
    public CompiledRouter route(String entryPoint, RequestView request) {
        RouterIndex index = byEntryPoint.get(entryPoint);
        return index == null ? null : index.match(request);
    }

    /**
     * As Traefik: a request that arrived over TLS is matched against the routers with a tls
     * section only, a plain one against the others only.
     */
    public CompiledRouter route(String entryPoint, boolean overTls, RequestView request) {
        RouterIndex index = (overTls ? tlsByEntryPoint : byEntryPoint).get(entryPoint);
        return index == null ? null : index.match(request);
    }

    /** The enabled routers of an entry point (plain and TLS), highest priority first; empty for an unknown one. */
    public List<CompiledRouter> routers(String entryPoint) {
        RouterIndex index = byEntryPoint.get(entryPoint);
        RouterIndex tls = tlsByEntryPoint.get(entryPoint);
        if (tls == null) {
            return index == null ? List.of() : index.all();
        }
        java.util.List<CompiledRouter> all = new java.util.ArrayList<>(tls.all());
        if (index != null) {
            all.addAll(index.all());
        }
        return all.stream().distinct().sorted(CompiledRouter.ORDER).toList();
    }

    /** The enabled routers with a tls section of an entry point, highest priority first. */
    public List<CompiledRouter> tlsRouters(String entryPoint) {
        RouterIndex index = tlsByEntryPoint.get(entryPoint);
        return index == null ? List.of() : index.all();
    }

    /** The TCP and UDP routes built from the same configuration. */
    public Layer4Table layer4() {
        return layer4;
    }

    /** The same HTTP routes with these layer-4 routes (built beside them by the reload). */
    public RoutingTable withLayer4(Layer4Table newLayer4) {
        return new RoutingTable(config, byEntryPoint, tlsByEntryPoint, routerStatuses, serversByService, healthTargets,
                transports, serviceErrors, middlewareErrors, internalServices, parts, buildCounts, newLayer4);
    }

    public DynamicConfig config() {
        return config;
    }

    public List<RouterStatus> routerStatuses() {
        return routerStatuses;
    }

    /** The servers that active health checks watch for this table. */
    public List<HealthTarget> healthTargets() {
        return healthTargets;
    }

    /**
     * Traefik's {@code serverStatus} of a load-balancer service as of now: server URL to
     * {@code UP} or {@code DOWN}; empty for a service that is not a built load balancer.
     */
    public Map<String, String> serverStatus(String service) {
        Map<String, String> status = new LinkedHashMap<>();
        for (Backend b : serversByService.getOrDefault(service, List.of())) {
            status.put(b.baseUrl(), b.isUp() ? "UP" : "DOWN");
        }
        return status;
    }

    /** Services that routers needed and that could not be built: name to the error message. */
    public Map<String, String> serviceErrors() {
        return serviceErrors;
    }

    /** Middlewares that routers needed and that could not be built: name to the error message. */
    public Map<String, String> middlewareErrors() {
        return middlewareErrors;
    }

    /** The {@code @internal} services this table's routers may use. */
    public Set<String> internalServices() {
        return internalServices;
    }

    /** What the build that made this table compiled anew and what it reused from the table before. */
    public BuildCounts buildCounts() {
        return buildCounts;
    }

    BuiltParts parts() {
        return parts;
    }

    /** The servers of every built load balancer, for the next build to patch. */
    Map<String, List<Backend>> serversByService() {
        return serversByService;
    }

    /** The servers transports its backends use, besides the default one. */
    public Set<ServersTransport> transports() {
        return transports;
    }
}
