package io.jetway.routing;

import io.jetway.model.DynamicConfig;
import io.jetway.model.ServersTransport;
import io.jetway.routing.rule.RequestView;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compiled, immutable routing state of one configuration. A request reads the current table
 * once and uses it to the end, so a reload never changes a request half-way.
 */
public final class RoutingTable {

    public static final RoutingTable EMPTY = new RoutingTable(DynamicConfig.EMPTY, Map.of(), List.of());

    private final DynamicConfig config;
    private final Map<String, RouterIndex> byEntryPoint;
    private final List<RouterStatus> routerStatuses;
    private final Set<ServersTransport> transports;

    RoutingTable(DynamicConfig config, Map<String, RouterIndex> byEntryPoint, List<RouterStatus> routerStatuses) {
        this(config, byEntryPoint, routerStatuses, Set.of());
    }

    RoutingTable(DynamicConfig config, Map<String, RouterIndex> byEntryPoint, List<RouterStatus> routerStatuses,
                 Set<ServersTransport> transports) {
        this.config = config;
        this.byEntryPoint = Map.copyOf(byEntryPoint);
        this.routerStatuses = List.copyOf(routerStatuses);
        this.transports = Set.copyOf(transports);
    }

    /** The highest-priority enabled router of that entry point whose rule matches, or null. */
    public CompiledRouter route(String entryPoint, RequestView request) {
        RouterIndex index = byEntryPoint.get(entryPoint);
        return index == null ? null : index.match(request);
    }

    public DynamicConfig config() {
        return config;
    }

    public List<RouterStatus> routerStatuses() {
        return routerStatuses;
    }

    /** The servers transports its backends use, besides the default one. */
    public Set<ServersTransport> transports() {
        return transports;
    }
}
