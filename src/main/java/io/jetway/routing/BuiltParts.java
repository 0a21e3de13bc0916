package io.jetway.routing;

import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServersTransport;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.middleware.MiddlewareBuilder;
import io.jetway.routing.rule.Rule;
import io.jetway.service.Backend;
import io.jetway.service.ServiceHandler;
import io.jetway.service.health.HealthTarget;
import io.jetway.service.health.ServerHealth;
import jakarta.servlet.Filter;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one build compiled, by name, kept with its table so that the next build reuses every
 * router, service and middleware whose inputs did not change: the same objects, so a balancer's
 * position and health stay with it. Each part records what it was built from (its configuration
 * and the answers it got for the services and middlewares it names); a part is reused only when
 * all of those are equal now, so the result is the table a build from scratch makes.
 */
final class BuiltParts {

    static final BuiltParts NONE = new BuiltParts(null, List.of(), Set.of(), Map.of(), Map.of(), Map.of(), null, null);

    /**
     * A service as built.
     *
     * @param transport the servers transport a load balancer used, or null
     * @param children  what its child services (and weighted children's middlewares), in the configuration's order, answered
     * @param trace     what a load balancer left in the table besides itself, or null
     */
    record Service(ServiceConfig config, ServersTransport transport, List<Object> children, ServiceHandler handler,
                   LoadBalancerTrace trace) {
    }

    /** A load balancer's share of the table: its server URLs, servers, health targets and health objects. */
    record LoadBalancerTrace(Set<String> urls, List<Backend> servers, List<HealthTarget> healthTargets,
                             List<ServerHealth> healths) {
    }

    /**
     * What a router's compilation depends on: its configuration, the translator's errors for it,
     * whether it has children, which of its parents exist, and the answers for its service and its
     * middlewares (handlers and filters, or error messages).
     */
    record RouterInputs(RouterConfig config, List<String> problems, boolean hasChildren, List<Boolean> parentsExist,
                        Object service, List<Object> middlewares) {

        boolean sameAs(RouterInputs other) {
            if (hasChildren != other.hasChildren || config != other.config && !config.equals(other.config)
                    || problems != other.problems && !problems.equals(other.problems)
                    || !parentsExist.equals(other.parentsExist) || !MiddlewareBuilder.sameAnswer(service, other.service)
                    || middlewares.size() != other.middlewares.size()) {
                return false;
            }
            for (int i = 0; i < middlewares.size(); i++) {
                if (!MiddlewareBuilder.sameAnswer(middlewares.get(i), other.middlewares.get(i))) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A router as first compiled (before parents and children are linked), and its inputs.
     *
     * @param leaf the compiled router when it has no children and no errors, else null
     */
    record Router(RouterInputs inputs, Rule rule, List<Filter> filters, ServiceHandler service, List<String> errors,
                  List<String> warnings, CompiledRouter leaf) {
    }

    /** The state the parts' balancers and middlewares hold; parts of another state are never reused. */
    final BalancerState state;
    final List<String> entryPoints;
    final Set<String> internalServices;
    final Map<String, Service> services;
    final Map<String, MiddlewareBuilder.Built> middlewares;
    final Map<String, Router> routers;
    /** What a patch of this build must know, or null when the table cannot be patched (it has child routers). */
    final References references;

    /**
     * The services and middlewares that something other than a router asked for while the table
     * was built: the children of composite services (and their weighted children's middlewares)
     * and the dependencies of middlewares. A patch that changes one of them builds in full instead.
     */
    record References(Set<String> services, Set<String> middlewares) {
        static final References NONE = new References(Set.of(), Set.of());
    }

    /**
     * The routers that ask for each service and middleware (those without translator errors, which
     * ask for nothing), so that a patch finds the routers a change touches without a pass over all.
     * Kept with the parts and updated in place by a patch; null when the table cannot be patched.
     */
    static final class Askers {
        private final Map<String, Set<String>> byService = new java.util.HashMap<>();
        private final Map<String, Set<String>> byMiddleware = new java.util.HashMap<>();

        void add(RouterConfig router) {
            if (router.service() != null) {
                byService.computeIfAbsent(router.service(), k -> new java.util.HashSet<>()).add(router.name());
            }
            router.middlewares().forEach(m -> byMiddleware.computeIfAbsent(m, k -> new java.util.HashSet<>()).add(router.name()));
        }

        void remove(RouterConfig router) {
            if (router.service() != null) {
                removeFrom(byService, router.service(), router.name());
            }
            router.middlewares().forEach(m -> removeFrom(byMiddleware, m, router.name()));
        }

        private static void removeFrom(Map<String, Set<String>> index, String key, String router) {
            Set<String> routers = index.get(key);
            if (routers != null && routers.remove(router) && routers.isEmpty()) {
                index.remove(key);
            }
        }

        Set<String> ofService(String service) {
            return byService.getOrDefault(service, Set.of());
        }

        Set<String> ofMiddleware(String middleware) {
            return byMiddleware.getOrDefault(middleware, Set.of());
        }
    }

    final Askers askers;

    BuiltParts(BalancerState state, List<String> entryPoints, Set<String> internalServices, Map<String, Service> services,
               Map<String, MiddlewareBuilder.Built> middlewares, Map<String, Router> routers, References references,
               Askers askers) {
        this.askers = askers;
        this.state = state;
        this.entryPoints = entryPoints;
        this.internalServices = internalServices;
        this.services = services;
        this.middlewares = middlewares;
        this.routers = routers;
        this.references = references;
    }

    /** Set once a patch has taken the maps to update them in place: then nothing may reuse them. */
    private final java.util.concurrent.atomic.AtomicBoolean taken = new java.util.concurrent.atomic.AtomicBoolean();

    /** These parts if they were built for the same state, entry points and internal services, else none. */
    BuiltParts reusableFor(BalancerState state, List<String> entryPoints, Set<String> internalServices) {
        return this.state == state && this.entryPoints.equals(entryPoints) && this.internalServices.equals(internalServices)
                && !taken.get() ? this : NONE;
    }

    /**
     * Hands the maps over to a patch, which changes them in place (copying tens of thousands of
     * entries on every reload costs more than the patch itself). Only builders read parts, one at
     * a time, and a table's parts are read only by the build that replaces it; so once taken, these
     * parts are never reused again, even if that build fails. False if they were taken already.
     */
    boolean take() {
        return taken.compareAndSet(false, true);
    }
}
