package io.jetway.routing;

import io.jetway.model.DynamicConfig;
import io.jetway.model.MiddlewareConfig;
import io.jetway.model.Problem;
import io.jetway.model.RouterConfig;
import io.jetway.model.ServiceConfig;
import io.jetway.routing.rule.Priority;
import io.jetway.routing.rule.Rule;
import io.jetway.routing.rule.RuleParser;
import io.jetway.routing.rule.RuleSyntax;
import io.jetway.service.Backend;
import io.jetway.service.FailoverHandler;
import io.jetway.service.MirroringHandler;
import io.jetway.service.PowerOfTwoChoices;
import io.jetway.service.RoundRobinLoadBalancer;
import io.jetway.service.StickyCookie;
import io.jetway.service.ServiceHandler;
import io.jetway.service.WeightedRoundRobin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a dynamic configuration into a {@link RoutingTable}. Every router is built on its own:
 * one with a bad rule, a missing service or an unsupported middleware is disabled with its errors
 * recorded, and all the others are served.
 */
public final class RoutingTableBuilder {

    private final DynamicConfig config;
    private final List<String> entryPoints;
    private final BalancerState state;
    private final Map<String, Object> builtServices = new HashMap<>(); // handler or error message
    private final Set<String> building = new HashSet<>();

    private RoutingTableBuilder(DynamicConfig config, List<String> entryPoints, BalancerState state) {
        this.config = config;
        this.entryPoints = entryPoints;
        this.state = state;
    }

    public static RoutingTable build(DynamicConfig config, List<String> entryPoints, BalancerState state) {
        return new RoutingTableBuilder(config, entryPoints, state).build();
    }

    private RoutingTable build() {
        Map<String, List<String>> problemsByElement = new HashMap<>();
        for (Problem p : config.problems()) {
            if (p.element() != null) {
                problemsByElement.computeIfAbsent(p.element(), k -> new ArrayList<>()).add(p.message());
            }
        }
        Map<String, List<CompiledRouter>> perEntryPoint = new LinkedHashMap<>();
        entryPoints.forEach(ep -> perEntryPoint.put(ep, new ArrayList<>()));
        List<RouterStatus> statuses = new ArrayList<>();

        for (RouterConfig router : config.routers().values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
            List<String> errors = new ArrayList<>(problemsByElement.getOrDefault(router.name(), List.of()));
            List<String> warnings = new ArrayList<>();
            Rule rule = null;
            ServiceHandler service = null;
            if (errors.isEmpty()) {
                rule = parseRule(router, errors, warnings);
                service = serviceFor(router.service(), errors);
                checkMiddlewares(router, errors);
            }
            List<String> attached = attachedEntryPoints(router, errors, warnings);
            if (errors.isEmpty()) {
                CompiledRouter compiled = new CompiledRouter(router.name(),
                        Priority.effective(router.priority(), router.rule()), rule, List.of(), service);
                attached.forEach(ep -> perEntryPoint.get(ep).add(compiled));
            }
            String status = !errors.isEmpty() ? RouterStatus.DISABLED
                    : warnings.isEmpty() ? RouterStatus.ENABLED : RouterStatus.WARNING;
            statuses.add(new RouterStatus(router.name(), status, errors, warnings));
        }
        state.retainOnly(config.services().keySet());
        Map<String, RouterIndex> indexes = new HashMap<>();
        perEntryPoint.forEach((ep, routers) -> indexes.put(ep, new RouterIndex(routers)));
        return new RoutingTable(config, indexes, statuses);
    }

    private static Rule parseRule(RouterConfig router, List<String> errors, List<String> warnings) {
        try {
            RuleSyntax syntax = RuleSyntax.parse(router.ruleSyntax());
            Rule rule = RuleParser.parse(router.rule(), syntax);
            warnings.addAll(rule.warnings());
            return rule;
        } catch (Exception e) {
            errors.add("invalid rule " + router.rule() + ": " + e.getMessage());
            return null;
        }
    }

    private List<String> attachedEntryPoints(RouterConfig router, List<String> errors, List<String> warnings) {
        if (router.entryPoints().isEmpty()) {
            return entryPoints;
        }
        List<String> attached = new ArrayList<>();
        for (String ep : router.entryPoints()) {
            String known = entryPoints.stream().filter(e -> e.equalsIgnoreCase(ep)).findFirst().orElse(null);
            if (known == null) {
                warnings.add("entry point \"" + ep + "\" does not exist");
            } else if (!attached.contains(known)) {
                attached.add(known);
            }
        }
        if (attached.isEmpty() && errors.isEmpty()) {
            errors.add("none of the router's entry points exist: " + router.entryPoints());
        }
        return attached;
    }

    private void checkMiddlewares(RouterConfig router, List<String> errors) {
        for (String name : router.middlewares()) {
            MiddlewareConfig mw = config.middlewares().get(name);
            if (mw == null) {
                errors.add("middleware \"" + name + "\" does not exist");
            } else {
                errors.add("middleware \"" + name + "\" of type " + mw.type() + " is not supported yet");
            }
        }
    }

    private ServiceHandler serviceFor(String name, List<String> errors) {
        Object built = builtServices.get(name);
        if (built == null) {
            built = buildService(name);
            builtServices.put(name, built);
        }
        if (built instanceof ServiceHandler handler) {
            return handler;
        }
        errors.add((String) built);
        return null;
    }

    /** Returns the handler, or an error message naming the service. */
    private Object buildService(String name) {
        ServiceConfig service = config.services().get(name);
        if (service == null) {
            return "service \"" + name + "\" does not exist";
        }
        if (!building.add(name)) {
            return "service \"" + name + "\" is part of a reference cycle";
        }
        try {
            List<String> problems = config.problems().stream()
                    .filter(p -> name.equals(p.element())).map(Problem::message).toList();
            if (!problems.isEmpty()) {
                return "service \"" + name + "\": " + String.join("; ", problems);
            }
            if (service instanceof ServiceConfig.LoadBalancer lb) {
                if (lb.servers().stream().anyMatch(server -> server.url().startsWith("h2c:"))) {
                    return "service \"" + name + "\": scheme h2c (HTTP/2 to the backend) is not supported yet";
                }
                String strategy = lb.strategy() == null ? "" : lb.strategy().toLowerCase(java.util.Locale.ROOT);
                if (strategy.equals("p2c")) {
                    return new PowerOfTwoChoices(name, lb.servers().stream()
                            .map(s -> Backend.of(s.url(), lb.passHostHeader(), name, state.inFlightOf(name, s.url()))).toList());
                }
                List<Backend> backends = lb.servers().stream().map(s -> Backend.of(s.url(), lb.passHostHeader(), name)).toList();
                if (!strategy.isEmpty() && !strategy.equals("wrr") && !strategy.equals("roundrobin")) {
                    return "service \"" + name + "\": unknown load-balancing strategy \"" + lb.strategy()
                            + "\" (RoundRobin, wrr or p2c)";
                }
                return new RoundRobinLoadBalancer(name, backends,
                        state.positionOf(name), lb.sticky() == null ? null : StickyCookie.of(lb.sticky(), name));
            }
            if (service instanceof ServiceConfig.Weighted w) {
                return weighted(name, w);
            }
            if (service instanceof ServiceConfig.Failover f) {
                return failover(name, f);
            }
            if (service instanceof ServiceConfig.Mirroring m) {
                return mirroring(name, m);
            }
            return "service \"" + name + "\" of type " + service.type() + " is not supported yet";
        } finally {
            building.remove(name);
        }
    }

    private Object failover(String name, ServiceConfig.Failover f) {
        List<String> errors = new ArrayList<>();
        ServiceHandler main = serviceFor(f.service(), errors);
        ServiceHandler fallback = serviceFor(f.fallback(), errors);
        if (!errors.isEmpty()) {
            return "service \"" + name + "\": " + errors.get(0);
        }
        return new FailoverHandler(name, main, fallback);
    }

    private Object mirroring(String name, ServiceConfig.Mirroring m) {
        List<String> errors = new ArrayList<>();
        ServiceHandler main = serviceFor(m.service(), errors);
        if (main == null) {
            return "service \"" + name + "\": service: " + errors.get(0);
        }
        List<MirroringHandler.Mirror> mirrors = new ArrayList<>();
        for (int i = 0; i < m.mirrors().size(); i++) {
            ServiceConfig.Mirror mirror = m.mirrors().get(i);
            ServiceHandler handler = serviceFor(mirror.name(), errors);
            if (handler == null) {
                return "service \"" + name + "\": mirrors[" + i + "]: " + errors.get(0);
            }
            mirrors.add(new MirroringHandler.Mirror(handler, mirror.percent()));
        }
        return new MirroringHandler(name, main, mirrors, m.mirrorBody(), m.maxBodySize(), state.mirrorCountersOf(name, m));
    }

    private Object weighted(String name, ServiceConfig.Weighted w) {
        List<WeightedRoundRobin.Child> children = new ArrayList<>();
        for (ServiceConfig.WeightedChild child : w.services()) {
            List<String> childErrors = new ArrayList<>();
            ServiceHandler handler = serviceFor(child.name(), childErrors);
            if (handler == null) {
                return "service \"" + name + "\": " + childErrors.get(0);
            }
            children.add(new WeightedRoundRobin.Child(handler, child.weight()));
        }
        return new WeightedRoundRobin(name, children, state.positionOf(name),
                w.sticky() == null ? null : StickyCookie.of(w.sticky(), name));
    }
}
