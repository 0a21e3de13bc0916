package io.jetway.routing;

import io.jetway.routing.rule.Rule;
import io.jetway.service.ServiceHandler;
import jakarta.servlet.Filter;

import java.util.Comparator;
import java.util.List;

/** A router ready to serve: parsed rule, middleware filters in order, and its service. */
public record CompiledRouter(String name, int priority, Rule rule, List<Filter> middlewares, ServiceHandler service) {

    /** Highest priority first; the name breaks ties so the order never depends on map iteration. */
    public static final Comparator<CompiledRouter> ORDER =
            Comparator.comparingInt(CompiledRouter::priority).reversed().thenComparing(CompiledRouter::name);

    public CompiledRouter {
        middlewares = List.copyOf(middlewares);
    }
}
