package io.jetway.routing;

/**
 * What one build of a routing table compiled anew and what it reused from the previous table
 * (see {@link RoutingTableBuilder#build(io.jetway.dynamic.DynamicConfig, java.util.List, BalancerState,
 * java.util.Set, RoutingTable)}): routers compiled means rules parsed and services and middlewares
 * looked up again. {@code patched}: the build copied the previous table and compiled only what
 * changed, without going over the other routers.
 */
public record BuildCounts(int routersCompiled, int routersReused, int servicesBuilt, int servicesReused,
                          int middlewaresBuilt, int middlewaresReused, boolean patched) {

    public static final BuildCounts NONE = new BuildCounts(0, 0, 0, 0, 0, 0);

    /** The counts of a build that went over every router (not a patch of the previous table). */
    public BuildCounts(int routersCompiled, int routersReused, int servicesBuilt, int servicesReused,
                       int middlewaresBuilt, int middlewaresReused) {
        this(routersCompiled, routersReused, servicesBuilt, servicesReused, middlewaresBuilt, middlewaresReused, false);
    }
}
