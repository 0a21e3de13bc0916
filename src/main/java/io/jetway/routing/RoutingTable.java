package io.jetway.routing;

import io.jetway.model.DynamicConfig;
import io.jetway.model.ServersTransport;
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

    RoutingTable(DynamicConfig config, Map<String, RouterIndex> byEntryPoint, List<RouterStatus> routerStatuses,
                 Map<String, List<Backend>> serversByService, List<HealthTarget> healthTargets,
                 Set<ServersTransport> transports) {
        this(config, byEntryPoint, routerStatuses, serversByService, healthTargets, transports, Map.of(), Map.of(), Set.of());
    }

    RoutingTable(DynamicConfig config, Map<String, RouterIndex> byEntryPoint, List<RouterStatus> routerStatuses,
                 Map<String, List<Backend>> serversByService, List<HealthTarget> healthTargets,
                 Set<ServersTransport> transports, Map<String, String> serviceErrors,
                 Map<String, String> middlewareErrors, Set<String> internalServices) {
        this.serviceErrors = Map.copyOf(serviceErrors);
        this.middlewareErrors = Map.copyOf(middlewareErrors);
        this.internalServices = Set.copyOf(internalServices);
        this.config = config;
        this.byEntryPoint = Map.copyOf(byEntryPoint);
        this.routerStatuses = List.copyOf(routerStatuses);
        this.serversByService = Map.copyOf(serversByService);
        this.healthTargets = List.copyOf(healthTargets);
        this.transports = Set.copyOf(transports);
    }

    /** The highest-priority enabled router of that entry point whose rule matches, or null. */
    public CompiledRouter route(String entryPoint, RequestView request) {
        RouterIndex index = byEntryPoint.get(entryPoint);
        return index == null ? null : index.match(request);
    }

    /** The enabled routers of an entry point, highest priority first; empty for an unknown one. */
    public List<CompiledRouter> routers(String entryPoint) {
        RouterIndex index = byEntryPoint.get(entryPoint);
        return index == null ? List.of() : index.all();
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

    /** The servers transports its backends use, besides the default one. */
    public Set<ServersTransport> transports() {
        return transports;
    }
}
