package io.jetway.routing;

/**
 * What one build of a routing table compiled anew and what it reused from the previous table
 * (see {@link RoutingTableBuilder#build(io.jetway.dynamic.DynamicConfig, java.util.List, BalancerState,
 * java.util.Set, RoutingTable)}): routers compiled means rules parsed and services and middlewares
 * looked up again.
 */
public record BuildCounts(int routersCompiled, int routersReused, int servicesBuilt, int servicesReused,
                          int middlewaresBuilt, int middlewaresReused) {

    public static final BuildCounts NONE = new BuildCounts(0, 0, 0, 0, 0, 0);
}
