package io.jetway.routing;

import io.jetway.routing.rule.Rule;
import io.jetway.service.ServiceHandler;
import jakarta.servlet.Filter;

import java.util.Comparator;
import java.util.List;

/**
 * A router ready to serve: parsed rule, middleware filters in order, and its service; or, for a
 * parent router (multi-layer routing), no service but the child routers evaluated after its
 * middlewares ran.
 *
 * @param children the child routers of a parent router, or null
 */
public record CompiledRouter(String name, int priority, Rule rule, List<Filter> middlewares, ServiceHandler service,
                             RouterIndex children) {

    public CompiledRouter(String name, int priority, Rule rule, List<Filter> middlewares, ServiceHandler service) {
        this(name, priority, rule, middlewares, service, null);
    }

    /** Highest priority first; the name breaks ties so the order never depends on map iteration. */
    public static final Comparator<CompiledRouter> ORDER =
            Comparator.comparingInt(CompiledRouter::priority).reversed().thenComparing(CompiledRouter::name);

    public CompiledRouter {
        middlewares = List.copyOf(middlewares);
    }
}
