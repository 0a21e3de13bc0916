package io.jetway.routing;

import io.jetway.dynamic.ConfigChanges;
import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.middleware.MiddlewareBuilder;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * What a patch of the previous table must do for the next configuration, decided before anything
 * is built (see {@code RoutingTableBuilder.patch}), or null when a patch cannot give the table a
 * full build gives: the change is not small, a child router is involved, or a composite service
 * or a middleware depends on what changed.
 *
 * @param routers            the routers to compile again (changed, or using a changed service), in name order
 * @param services           the services to build again or drop (changed, or no longer asked for by any router)
 * @param droppedMiddlewares the middlewares no router asks for any more
 */
record PatchPlan(SortedSet<String> routers, Set<String> services, Set<String> droppedMiddlewares) {

    /**
     * @param parts      the previous table's parts (their references say what else asked for what)
     * @param problemsOf the translator's errors by element: a router with any asks for nothing
     */
    static PatchPlan of(DynamicConfig before, DynamicConfig after, ConfigChanges changes, BuiltParts parts,
                        Function<String, List<String>> problemsOf) {
        ConfigDelta delta = ConfigDelta.between(before, after, changes);
        if (delta == null) {
            return null;
        }
        BuiltParts.References references = parts.references;
        SortedSet<String> affected = new TreeSet<>(delta.routers());
        // The routers asking for a changed service (one with translator errors asks for nothing, and does not change).
        for (String service : delta.services()) {
            affected.addAll(parts.askers.ofService(service));
        }
        if (affected.size() > Math.max(16, after.routers().size() / 8)) {
            return null;
        }
        Set<String> oldServices = new HashSet<>();
        Set<String> oldMiddlewares = new HashSet<>();
        for (String name : affected) {
            RouterConfig old = before.routers().get(name);
            RouterConfig now = after.routers().get(name);
            if (old != null && !old.parentRefs().isEmpty() || now != null && !now.parentRefs().isEmpty()) {
                return null;
            }
            if (old != null && old.service() != null) {
                oldServices.add(old.service());
            }
            if (old != null) {
                oldMiddlewares.addAll(old.middlewares());
            }
        }
        for (String name : delta.services()) {
            if (references.services().contains(name)) {
                return null;
            }
        }
        // What routers still ask for: a router left as it is, or one compiled again that asks now.
        Set<String> askedServices = new HashSet<>();
        Set<String> askedMiddlewares = new HashSet<>();
        for (String name : oldServices) {
            if (!affected.containsAll(parts.askers.ofService(name))) {
                askedServices.add(name);
            }
        }
        for (String name : oldMiddlewares) {
            if (!affected.containsAll(parts.askers.ofMiddleware(name))) {
                askedMiddlewares.add(name);
            }
        }
        for (String name : affected) {
            RouterConfig now = after.routers().get(name);
            if (now != null && problemsOf.apply(name).isEmpty()) {
                if (now.service() != null) {
                    askedServices.add(now.service());
                }
                askedMiddlewares.addAll(now.middlewares());
            }
        }
        Set<String> rebuilds = new HashSet<>(delta.services());
        for (String name : oldServices) {
            if (!askedServices.contains(name) && !references.services().contains(name)) {
                rebuilds.add(name); // no longer asked for: leaves the table
            }
        }
        for (String name : rebuilds) {
            if (!plainLoadBalancer(before.services().get(name)) || !plainLoadBalancer(after.services().get(name))) {
                return null;
            }
        }
        Set<String> droppedMiddlewares = new HashSet<>();
        for (String name : oldMiddlewares) {
            if (askedMiddlewares.contains(name) || references.middlewares().contains(name)) {
                continue;
            }
            MiddlewareBuilder.Built built = parts.middlewares.get(name);
            boolean askedNothing = built != null ? built.dependencies().isEmpty()
                    : after.middlewares().get(name) == null || !problemsOf.apply(name).isEmpty();
            if (!askedNothing) {
                return null;
            }
            droppedMiddlewares.add(name);
        }
        return new PatchPlan(affected, rebuilds, droppedMiddlewares);
    }

    /** A load balancer on the default transport, or nothing: what a patch may build again or drop. */
    private static boolean plainLoadBalancer(ServiceConfig service) {
        if (service == null) {
            return true;
        }
        if (!(service instanceof ServiceConfig.LoadBalancer lb)) {
            return false;
        }
        String transport = lb.serversTransport();
        return transport == null || transport.isEmpty() || transport.equals(RoutingTableBuilder.DEFAULT_TRANSPORT);
    }
}
