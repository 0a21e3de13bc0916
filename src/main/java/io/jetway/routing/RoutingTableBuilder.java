package io.jetway.routing;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServersTransport;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.kube.Problem;
import io.jetway.middleware.MiddlewareBuilder;
import io.jetway.middleware.Middlewares;
import io.jetway.routing.rule.Priority;
import io.jetway.routing.rule.Rule;
import io.jetway.routing.rule.RuleParser;
import io.jetway.routing.rule.RuleSyntax;
import io.jetway.service.Backend;
import io.jetway.service.FailoverHandler;
import io.jetway.service.InternalService;
import io.jetway.service.MirroringHandler;
import io.jetway.service.PowerOfTwoChoices;
import io.jetway.service.RoundRobinLoadBalancer;
import io.jetway.service.AnsweringService;
import io.jetway.service.FilteredService;
import io.jetway.service.ServiceHandler;
import io.jetway.service.StickyCookie;
import io.jetway.service.WeightedRoundRobin;
import io.jetway.service.health.HealthTarget;
import io.jetway.service.health.ServerHealth;

import jakarta.servlet.Filter;

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
    private final Set<String> internalServices;
    private final BalancerState state;
    private final Map<String, Object> builtServices; // handler or error message
    private final Set<String> building = new HashSet<>();
    private final Map<String, Set<String>> serverUrls;
    private final Map<String, List<Backend>> serversByService;
    private final List<HealthTarget> healthTargets = new ArrayList<>();

    private final MiddlewareBuilder middlewares;
    private final Set<ServersTransport> transports = new HashSet<>();
    /** The translator's errors by element (router, service or middleware name). */
    private final Map<String, List<String>> problemsByElement = new HashMap<>();
    /** The previous table's parts, when built for the same state: reused where their inputs are unchanged. */
    private BuiltParts previous;
    /** The table this build replaces, or null: its indexes are updated rather than built again. */
    private final RoutingTable previousTable;
    private Map<String, BuiltParts.Service> madeServices;
    private final Map<String, BuiltParts.LoadBalancerTrace> traces;
    private Map<String, BuiltParts.Router> madeRouters;
    /** In a patch, the services it builds again (all others answer as before); null in a full build. */
    private Set<String> patchRebuilds;
    private int routersCompiled;
    private int routersReused;
    private int servicesBuilt;
    private int servicesReused;

    /** Traefik's name for the default transport (the static serversTransport options). */
    static final String DEFAULT_TRANSPORT = "default@internal";

    private RoutingTableBuilder(DynamicConfig config, List<String> entryPoints, BalancerState state,
                                Set<String> internalServices, RoutingTable previousTable) {
        this.config = config;
        this.entryPoints = entryPoints;
        this.internalServices = Set.copyOf(internalServices);
        // Sized for the whole configuration: growing maps of tens of thousands of entries costs more than filling them.
        int routers = config.routers().size();
        int services = config.services().size();
        builtServices = sized(services);
        serverUrls = sized(services);
        serversByService = sized(services);
        madeServices = sized(services);
        traces = sized(services);
        madeRouters = sized(routers);
        this.state = state;
        this.previousTable = previousTable;
        this.previous = previousTable == null ? BuiltParts.NONE
                : previousTable.parts().reusableFor(state, entryPoints, this.internalServices);
        for (Problem p : config.problems()) {
            if (p.element() != null && !p.isWarning()) {
                problemsByElement.computeIfAbsent(p.element(), k -> new ArrayList<>()).add(p.message());
            }
        }
        this.middlewares = new MiddlewareBuilder(config.middlewares(), Middlewares.FACTORIES, state.middlewareState(),
                this::serviceOrError, this::problemsOf, previous.middlewares);
    }

    static <K, V> Map<K, V> sized(int entries) {
        return new HashMap<>(entries * 4 / 3 + 16);
    }

    private List<String> problemsOf(String element) {
        return problemsByElement.getOrDefault(element, List.of());
    }

    /** The service's handler, or the message saying why it could not be built. */
    private Object serviceOrError(String name) {
        serviceFor(name, new ArrayList<>());
        return builtServices.get(name);
    }

    public static RoutingTable build(DynamicConfig config, List<String> entryPoints, BalancerState state) {
        return build(config, entryPoints, state, Set.of(InternalService.NOOP));
    }

    /**
     * @param internalServices the {@code @internal} services the static configuration turns on
     *                         (see {@link InternalService#enabledBy}); routers naming others are disabled
     */
    public static RoutingTable build(DynamicConfig config, List<String> entryPoints, BalancerState state,
                                     Set<String> internalServices) {
        return build(config, entryPoints, state, internalServices, null);
    }

    /**
     * An incremental build: every router, service and middleware whose inputs equal those it had in
     * {@code previous} (built with the same {@code state}) is taken from it as it is; only what a
     * change touches is compiled again. The table is the one a build from scratch makes, with the
     * same objects where nothing changed. {@link RoutingTable#buildCounts()} says how much was compiled.
     *
     * @param previous the table this one replaces, or null to build everything
     */
    public static RoutingTable build(DynamicConfig config, List<String> entryPoints, BalancerState state,
                                     Set<String> internalServices, RoutingTable previous) {
        return build(config, entryPoints, state, internalServices, previous, null);
    }

    /**
     * The same, told by the translation which routers and services may differ from the previous
     * table's configuration (null: found by comparing every one).
     */
    public static RoutingTable build(DynamicConfig config, List<String> entryPoints, BalancerState state,
                                     Set<String> internalServices, RoutingTable previous, io.jetway.dynamic.ConfigChanges changes) {
        RoutingTableBuilder builder = new RoutingTableBuilder(config, entryPoints, state, internalServices, previous);
        builder.changes = changes;
        return builder.build();
    }

    /** What the translation says changed since the previous table's configuration, or null. */
    private io.jetway.dynamic.ConfigChanges changes;

    /**
     * For {@code jetway check}: the table, plus the errors of every service and middleware that
     * cannot be built, whether a router uses it or not (a reload builds only what routers use).
     */
    public record Checked(RoutingTable table, Map<String, String> serviceErrors, Map<String, String> middlewareErrors) {
    }

    /** @param internalServices the internal services (api@internal, ...) the static flags enable */
    public static Checked check(DynamicConfig config, List<String> entryPoints, Set<String> internalServices) {
        RoutingTableBuilder builder = new RoutingTableBuilder(config, entryPoints, new BalancerState(), internalServices, null);
        RoutingTable table = builder.build();
        Map<String, String> services = new java.util.TreeMap<>();
        for (String name : config.services().keySet()) {
            if (builder.serviceOrError(name) instanceof String error) {
                services.put(name, error);
            }
        }
        Map<String, String> middlewares = new java.util.TreeMap<>();
        for (String name : config.middlewares().keySet()) {
            if (builder.middlewares.build(name) instanceof String error) {
                middlewares.put(name, error);
            }
        }
        return new Checked(table, services, middlewares);
    }

    /** A router as first compiled, before parents and children are linked. */
    /** @param leaf the compiled router when it has no children and no error so far, else null (linked later) */
    private record Draft(RouterConfig config, Rule rule, List<Filter> filters, ServiceHandler service,
                         List<String> errors, List<String> warnings, CompiledRouter leaf) {
    }

    private RoutingTable build() {
        RoutingTable patched = previousTable == null || previous.references == null || previous.askers == null ? null : patch();
        if (patched != null) {
            return patched;
        }
        Map<String, List<String>> warningsByElement = warningsByElement();
        Map<String, List<String>> childrenByParent = new HashMap<>();
        for (RouterConfig router : config.routers().values()) {
            router.parentRefs().forEach(parent -> childrenByParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(router.name()));
        }
        List<Draft> ordered = new ArrayList<>(config.routers().size());
        // Parents find their children by name; without parents (most configurations) no map is needed.
        Map<String, Draft> drafts = childrenByParent.isEmpty() ? Map.of() : new HashMap<>();
        for (RouterConfig router : byName(config.routers())) {
            Draft d = draft(router, childrenByParent.containsKey(router.name()));
            if (!warningsByElement.isEmpty()) {
                d.warnings().addAll(warningsByElement.getOrDefault(router.name(), List.of()));
            }
            ordered.add(d);
            if (!childrenByParent.isEmpty()) {
                drafts.put(router.name(), d);
            }
        }
        Map<String, CompiledRouter> linked = new HashMap<>();
        for (Draft d : ordered) {
            if (d.leaf() == null) {
                link(d.config().name(), drafts, childrenByParent, linked, null);
            }
        }

        Map<String, List<CompiledRouter>> perEntryPoint = new LinkedHashMap<>();
        entryPoints.forEach(ep -> perEntryPoint.put(ep, new ArrayList<>()));
        Map<String, List<CompiledRouter>> tlsPerEntryPoint = new LinkedHashMap<>();
        entryPoints.forEach(ep -> tlsPerEntryPoint.put(ep, new ArrayList<>()));
        List<RouterStatus> statuses = new ArrayList<>();
        for (Draft d : ordered) {
            RouterConfig router = d.config();
            List<String> errors = d.errors();
            if (router.parentRefs().isEmpty()) {
                List<String> attached = attachedEntryPoints(router, errors, d.warnings());
                CompiledRouter compiled = d.leaf() != null ? d.leaf() : linked.get(router.name());
                if (errors.isEmpty() && compiled != null) {
                    attached.forEach(ep -> (router.tls() == null ? perEntryPoint : tlsPerEntryPoint).get(ep).add(compiled));
                }
            }
            String status = !errors.isEmpty() ? RouterStatus.DISABLED
                    : d.warnings().isEmpty() ? RouterStatus.ENABLED : RouterStatus.WARNING;
            statuses.add(new RouterStatus(router.name(), status, errors, d.warnings()));
        }
        state.retainOnly(config.services().keySet(), serverUrls);
        middlewares.retainState();
        Map<String, RouterIndex> indexes = new HashMap<>();
        perEntryPoint.forEach((ep, routers) -> indexes.put(ep, RouterIndex.updated(previousIndex(ep, false), routers)));
        Map<String, RouterIndex> tlsIndexes = new HashMap<>();
        tlsPerEntryPoint.forEach((ep, routers) -> {
            if (!routers.isEmpty()) {
                tlsIndexes.put(ep, RouterIndex.updated(previousIndex(ep, true), routers));
            }
        });
        Map<String, String> serviceErrors = new HashMap<>();
        builtServices.forEach((name, built) -> {
            if (built instanceof String error) {
                serviceErrors.put(name, error);
            }
        });
        healthTargets.sort(BY_SERVICE);
        BuiltParts.Askers askers = null;
        if (childrenByParent.isEmpty()) {
            askers = new BuiltParts.Askers();
            for (RouterConfig router : config.routers().values()) {
                if (problemsByElement.isEmpty() || problemsOf(router.name()).isEmpty()) {
                    askers.add(router);
                }
            }
        }
        BuiltParts parts = new BuiltParts(state, entryPoints, internalServices, madeServices, middlewares.made(),
                madeRouters, childrenByParent.isEmpty() ? references(BuiltParts.References.NONE) : null, askers);
        BuildCounts counts = new BuildCounts(routersCompiled, routersReused, servicesBuilt, servicesReused,
                middlewares.created(), middlewares.reused());
        return new RoutingTable(config, indexes, tlsIndexes, statuses, java.util.Collections.unmodifiableMap(serversByService),
                healthTargets, transports,
                serviceErrors, middlewares.errors(), internalServices, parts, counts);
    }

    /** Health targets by service name (a service's own in server order), so that a patch keeps the order a full build gives. */
    private static final java.util.Comparator<HealthTarget> BY_SERVICE = java.util.Comparator.comparing(HealthTarget::service);

    private Map<String, List<String>> warningsByElement() {
        Map<String, List<String>> warningsByElement = new HashMap<>();
        for (Problem p : config.problems()) {
            if (p.element() != null && p.isWarning()) {
                warningsByElement.computeIfAbsent(p.element(), k -> new ArrayList<>()).add(p.text());
            }
        }
        return warningsByElement;
    }

    /**
     * {@code before}'s references with what this build's services and middlewares asked for: the
     * children of every service asked for (built or not) and the dependencies of every middleware.
     */
    private BuiltParts.References references(BuiltParts.References before) {
        Set<String> services = new HashSet<>(before.services());
        Set<String> named = new HashSet<>(before.middlewares());
        for (String name : builtServices.keySet()) {
            ServiceConfig service = config.services().get(name);
            if (service != null && !(service instanceof ServiceConfig.LoadBalancer)) {
                needs(service).forEach(n -> (n.service() ? services : named).add(n.name()));
            }
        }
        middlewares.made().values().forEach(b -> b.dependencies().forEach(d -> (d.service() ? services : named).add(d.name())));
        middlewares.failedAsking().values().forEach(ds -> ds.forEach(d -> (d.service() ? services : named).add(d.name())));
        return new BuiltParts.References(Set.copyOf(services), Set.copyOf(named));
    }

    /**
     * The previous table patched where the configuration changed, or null to build in full. A
     * patch compiles the routers that changed or whose service changed, builds those services
     * again, copies everything else from the previous table (parts, servers, statuses, errors) and
     * updates the route indexes with the routers that left and joined, so its cost follows the
     * change rather than the table's size. It gives the table a full build gives: it is taken only
     * when nothing else can differ (no child routers; no composite service or middleware depends
     * on what changed; a service or middleware no router asks for any more asked for nothing);
     * every check is made before anything is built.
     */
    private RoutingTable patch() {
        DynamicConfig before = previousTable.config();
        // Without translator errors (most reloads) no router needs looking up.
        PatchPlan plan = PatchPlan.of(before, config, changes, previous,
                problemsByElement.isEmpty() ? name -> List.of() : this::problemsOf);
        if (plan == null) {
            return null;
        }
        java.util.SortedSet<String> affected = plan.routers();
        Set<String> rebuilds = plan.services();
        Set<String> droppedMiddlewares = plan.droppedMiddlewares();

        // Checked: from here on the patch is made, on the previous parts' own maps.
        if (!previous.take()) {
            previous = BuiltParts.NONE; // taken by another build since: the full build reuses nothing
            return null;
        }
        patchRebuilds = rebuilds;
        madeServices = previous.services;
        // The previous table's servers stay readable (the API may be reading them): copied.
        serversByService.putAll(previousTable.serversByService());
        serversByService.keySet().removeAll(rebuilds);
        madeRouters = previous.routers;
        transports.addAll(previousTable.transports());
        for (HealthTarget t : previousTable.healthTargets()) {
            if (!rebuilds.contains(t.service())) {
                healthTargets.add(t);
            }
        }
        Map<String, List<String>> warningsByElement = warningsByElement();
        List<RouterStatus> statuses = new ArrayList<>(previousTable.routerStatuses());
        Map<String, List<CompiledRouter>> joining = new HashMap<>();
        Map<String, List<CompiledRouter>> leaving = new HashMap<>();
        for (String name : affected) {
            RouterConfig old = before.routers().get(name);
            BuiltParts.Router oldPart = previous.routers.get(name);
            CompiledRouter oldLeaf = oldPart == null ? null : oldPart.leaf();
            List<String> oldPlaces = old == null || oldLeaf == null ? List.of() : attachedTo(old);
            RouterConfig now = config.routers().get(name);
            CompiledRouter newLeaf = null;
            List<String> newPlaces = List.of();
            RouterStatus status = null;
            if (now != null) {
                Draft d = draft(now, false);
                d.warnings().addAll(warningsByElement.getOrDefault(name, List.of()));
                List<String> attached = attachedEntryPoints(now, d.errors(), d.warnings());
                if (d.errors().isEmpty() && d.leaf() != null) {
                    newLeaf = d.leaf();
                    newPlaces = attached;
                }
                status = new RouterStatus(name, !d.errors().isEmpty() ? RouterStatus.DISABLED
                        : d.warnings().isEmpty() ? RouterStatus.ENABLED : RouterStatus.WARNING, d.errors(), d.warnings());
            }
            boolean oldTls = old != null && old.tls() != null;
            boolean newTls = now != null && now.tls() != null;
            if (oldLeaf != newLeaf || !oldPlaces.equals(newPlaces) || oldTls != newTls) {
                oldPlaces.forEach(ep -> leaving.computeIfAbsent(placeKey(ep, oldTls), k -> new ArrayList<>()).add(oldLeaf));
                CompiledRouter joins = newLeaf;
                newPlaces.forEach(ep -> joining.computeIfAbsent(placeKey(ep, newTls), k -> new ArrayList<>()).add(joins));
            }
            int at = statusIndex(statuses, name);
            if (at >= 0 && status != null) {
                statuses.set(at, status);
            } else if (at >= 0) {
                statuses.remove(at);
            } else if (status != null) {
                statuses.add(-at - 1, status);
            }
            if (now == null) {
                madeRouters.remove(name); // the draft replaced the others' parts
            }
            // Who asks for what (a router's translator errors are the same before and after: it asks for nothing).
            if (problemsByElement.isEmpty() || problemsOf(name).isEmpty()) {
                if (old != null) {
                    previous.askers.remove(old);
                }
                if (now != null) {
                    previous.askers.add(now);
                }
            }
        }
        // The services no router asked for again leave.
        for (String name : rebuilds) {
            if (!(builtServices.get(name) instanceof ServiceHandler)) {
                madeServices.remove(name);
            }
        }
        for (String name : rebuilds) {
            if (config.services().containsKey(name)) {
                state.retainService(name, true, serverUrls.getOrDefault(name, Set.of()));
            } else {
                state.retainService(name, false, Set.of());
            }
        }
        middlewares.retainState();
        Map<String, RouterIndex> indexes = new HashMap<>();
        Map<String, RouterIndex> tlsIndexes = new HashMap<>();
        for (String ep : entryPoints) {
            indexes.put(ep, RouterIndex.updated(previousIndex(ep, false), joining.get(placeKey(ep, false)),
                    leaving.get(placeKey(ep, false))));
            RouterIndex tls = RouterIndex.updated(previousIndex(ep, true), joining.get(placeKey(ep, true)),
                    leaving.get(placeKey(ep, true)));
            if (!tls.isEmpty()) {
                tlsIndexes.put(ep, tls);
            }
        }
        Map<String, String> serviceErrors = new HashMap<>(previousTable.serviceErrors());
        serviceErrors.keySet().removeAll(rebuilds);
        builtServices.forEach((name, built) -> {
            if (built instanceof String error) {
                serviceErrors.put(name, error);
            }
        });
        Map<String, MiddlewareBuilder.Built> made = previous.middlewares;
        made.keySet().removeAll(droppedMiddlewares);
        made.putAll(middlewares.made());
        Map<String, String> middlewareErrors = new HashMap<>(previousTable.middlewareErrors());
        middlewareErrors.keySet().removeAll(droppedMiddlewares);
        middlewareErrors.putAll(middlewares.errors());
        healthTargets.sort(BY_SERVICE);
        BuiltParts parts = new BuiltParts(state, entryPoints, internalServices, madeServices, made, madeRouters,
                references(previous.references), previous.askers);
        BuildCounts counts = new BuildCounts(routersCompiled, config.routers().size() - routersCompiled, servicesBuilt,
                madeServices.size() - servicesBuilt, middlewares.created(), made.size() - middlewares.created(), true);
        return new RoutingTable(config, indexes, tlsIndexes, statuses, java.util.Collections.unmodifiableMap(serversByService),
                healthTargets, transports, serviceErrors, middlewareErrors, internalServices, parts, counts);
    }

    private static String placeKey(String entryPoint, boolean overTls) {
        return overTls ? entryPoint + " tls" : entryPoint;
    }

    /** The router's position in statuses sorted by name, or {@code -(insertion point) - 1}. */
    private static int statusIndex(List<RouterStatus> statuses, String name) {
        int low = 0;
        int high = statuses.size() - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int order = statuses.get(mid).name().compareTo(name);
            if (order < 0) {
                low = mid + 1;
            } else if (order > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** The entry points a router was attached to when it had no errors. */
    private List<String> attachedTo(RouterConfig router) {
        return router.entryPoints().isEmpty() ? entryPoints
                : attachments.computeIfAbsent(router.entryPoints(), this::attachment).attached();
    }

    private RouterIndex previousIndex(String entryPoint, boolean overTls) {
        return previousTable == null ? null : previousTable.index(entryPoint, overTls);
    }

    /** The routers in name order; a configuration's sorted map already is (a sort of thousands costs on every reload). */
    private static java.util.Collection<RouterConfig> byName(Map<String, RouterConfig> routers) {
        if (routers instanceof java.util.SortedMap<String, RouterConfig> sorted && sorted.comparator() == null) {
            return routers.values();
        }
        return routers.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    private Draft draft(RouterConfig router, boolean hasChildren) {
        List<String> problems = problemsOf(router.name());
        boolean translated = problems.isEmpty();
        // What the router depends on, asked in the order a build from scratch asks it.
        Object serviceAnswer = null;
        List<Object> middlewareAnswers = List.of();
        if (translated) {
            if (router.service() != null && !hasChildren) {
                serviceAnswer = serviceOrError(router.service());
            }
            middlewareAnswers = new ArrayList<>(router.middlewares().size());
            for (String name : router.middlewares()) {
                middlewareAnswers.add(middlewares.build(name));
            }
        }
        List<Boolean> parentsExist = router.parentRefs().isEmpty() ? List.of()
                : router.parentRefs().stream().map(config.routers()::containsKey).toList();
        BuiltParts.RouterInputs inputs = new BuiltParts.RouterInputs(router, problems, hasChildren, parentsExist,
                serviceAnswer, middlewareAnswers);
        BuiltParts.Router before = previous.routers.get(router.name());
        if (before != null && before.inputs().sameAs(inputs)) {
            routersReused++;
            madeRouters.put(router.name(), before);
            return new Draft(router, before.rule(), before.filters(), before.service(), new ArrayList<>(before.errors()),
                    new ArrayList<>(before.warnings()), before.leaf());
        }
        routersCompiled++;
        List<String> errors = new ArrayList<>(problems);
        List<String> warnings = new ArrayList<>();
        Rule rule = null;
        ServiceHandler service = null;
        List<Filter> filters = List.of();
        if (!router.rule().isEmpty()) {
            rule = parseRule(router, errors, warnings); // also for a broken router: say everything wrong at once
        }
        if (translated) {
            if (router.service() != null && hasChildren) {
                errors.add("a parent router must not have a service; its child routers choose one");
            } else if (router.service() != null) {
                if (serviceAnswer instanceof ServiceHandler handler) {
                    service = handler;
                } else {
                    errors.add((String) serviceAnswer);
                }
            } else if (!hasChildren) {
                errors.add("the router has no service and no child router");
            }
            filters = new ArrayList<>();
            for (Object answer : middlewareAnswers) {
                if (answer instanceof Filter filter) {
                    filters.add(filter);
                } else {
                    errors.add((String) answer);
                }
            }
            filters = List.copyOf(filters);
        }
        if (!router.parentRefs().isEmpty() && !router.entryPoints().isEmpty()) {
            errors.add("a child router must not have entry points: it is reached through its parents");
        }
        for (int i = 0; i < parentsExist.size(); i++) {
            if (!parentsExist.get(i)) {
                errors.add("parent router \"" + router.parentRefs().get(i) + "\" does not exist");
            }
        }
        // A router without children is linked now: nothing below it can add an error before it is served.
        CompiledRouter leaf = hasChildren || !errors.isEmpty() ? null
                : new CompiledRouter(router.name(), Priority.effective(router.priority(), router.rule()), rule, filters, service, null);
        madeRouters.put(router.name(), new BuiltParts.Router(inputs, rule, filters, service, List.copyOf(errors),
                List.copyOf(warnings), leaf));
        return new Draft(router, rule, filters, service, errors, warnings, leaf);
    }

    /**
     * Links a router with its children, depth first. A router in a parent cycle, or a parent none
     * of whose children could be built, ends up with an error and is not served.
     */
    private CompiledRouter link(String name, Map<String, Draft> drafts, Map<String, List<String>> childrenByParent,
                                Map<String, CompiledRouter> linked, Set<String> visiting) {
        if (linked.containsKey(name)) {
            return linked.get(name);
        }
        Draft d = drafts.get(name);
        if (d == null || !d.errors().isEmpty()) {
            return null;
        }
        List<String> childNames = childrenByParent.get(name);
        if (childNames == null) {
            return d.leaf(); // compiled with its draft; in no cycle
        }
        if (visiting == null) {
            visiting = new HashSet<>();
        }
        if (visiting.contains(name)) {
            boolean inCycle = false;
            for (String member : visiting) {
                inCycle |= member.equals(name);
                if (inCycle) {
                    drafts.get(member).errors().add("the router is part of a parentRefs cycle");
                }
            }
            return null;
        }
        visiting.add(name);
        List<CompiledRouter> built = new ArrayList<>();
        for (String child : childNames) {
            CompiledRouter c = link(child, drafts, childrenByParent, linked, visiting);
            if (c != null) {
                built.add(c);
            }
        }
        if (!d.errors().isEmpty()) {
            visiting.remove(name);
            return null; // a cycle through this router was found below it
        }
        RouterIndex children = new RouterIndex(built);
        visiting.remove(name);
        CompiledRouter compiled = new CompiledRouter(name, Priority.effective(d.config().priority(), d.config().rule()),
                d.rule(), d.filters(), d.service(), children);
        linked.put(name, compiled);
        return compiled;
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

    /** Where routers naming these entry points are attached, and what is wrong with the names. */
    private record Attachment(List<String> attached, List<String> warnings, String noneExist) {
    }

    /** By the routers' entry point lists: thousands of routers name the same few. */
    private final Map<List<String>, Attachment> attachments = new HashMap<>();

    private List<String> attachedEntryPoints(RouterConfig router, List<String> errors, List<String> warnings) {
        if (router.entryPoints().isEmpty()) {
            return entryPoints;
        }
        Attachment a = attachments.computeIfAbsent(router.entryPoints(), this::attachment);
        warnings.addAll(a.warnings());
        if (a.attached().isEmpty() && errors.isEmpty()) {
            errors.add(a.noneExist());
        }
        return a.attached();
    }

    private Attachment attachment(List<String> named) {
        List<String> attached = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (String ep : named) {
            String known = entryPoints.stream().filter(e -> e.equalsIgnoreCase(ep)).findFirst().orElse(null);
            if (known == null) {
                warnings.add("entry point \"" + ep + "\" does not exist");
            } else if (!attached.contains(known)) {
                attached.add(known);
            }
        }
        return new Attachment(List.copyOf(attached), List.copyOf(warnings),
                "none of the router's entry points exist: " + named);
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
        if (patchRebuilds != null && !patchRebuilds.contains(name)) {
            // A patch: a service it does not build again answers as it did (its share of the table was copied).
            BuiltParts.Service before = previous.services.get(name);
            Object answer = before != null ? before.handler() : previousTable.serviceErrors().get(name);
            if (answer != null) {
                return answer;
            }
        }
        ServiceConfig service = config.services().get(name);
        if (service == null && name.endsWith("@internal")) {
            return internalServices.contains(name) ? new InternalService(name) : InternalService.unavailable(name);
        }
        if (service == null) {
            return "service \"" + name + "\" does not exist";
        }
        if (!building.add(name)) {
            return "service \"" + name + "\" is part of a reference cycle";
        }
        try {
            List<String> problems = problemsOf(name);
            if (!problems.isEmpty()) {
                return "service \"" + name + "\": " + String.join("; ", problems);
            }
            BuiltParts.Service before = previous.services.get(name);
            if (before != null && reusable(service, before)) {
                servicesReused++;
                replay(name, service, before);
                madeServices.put(name, before);
                return before.handler();
            }
            servicesBuilt++;
            Object built = buildKind(name, service);
            if (built instanceof ServiceHandler handler) {
                madeServices.put(name, new BuiltParts.Service(service, transportOf(service), answersOf(needs(service)),
                        handler, traces.get(name)));
            }
            return built;
        } finally {
            building.remove(name);
        }
    }

    private Object buildKind(String name, ServiceConfig service) {
        if (service instanceof ServiceConfig.LoadBalancer lb) {
            return loadBalancer(name, lb);
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
    }

    /** A child service, or a middleware of a weighted child, that a service's build asks for. */
    private record Need(boolean service, String name) {
    }

    /** The child services (and weighted children's middlewares) a service names, in the order its build asks for them. */
    private static List<Need> needs(ServiceConfig service) {
        List<Need> needs = new ArrayList<>();
        if (service instanceof ServiceConfig.Weighted w) {
            for (ServiceConfig.WeightedChild child : w.services()) {
                if (child.status() == null) {
                    needs.add(new Need(true, child.name()));
                    child.middlewares().forEach(m -> needs.add(new Need(false, m)));
                }
            }
        } else if (service instanceof ServiceConfig.Failover f) {
            needs.add(new Need(true, f.service()));
            needs.add(new Need(true, f.fallback()));
        } else if (service instanceof ServiceConfig.Mirroring m) {
            needs.add(new Need(true, m.service()));
            m.mirrors().forEach(mirror -> needs.add(new Need(true, mirror.name())));
        }
        return needs;
    }

    /** What the needs answered in this build (each was asked while building the service). */
    private List<Object> answersOf(List<Need> needs) {
        List<Object> answers = new ArrayList<>(needs.size());
        needs.forEach(need -> answers.add(ask(need)));
        return answers;
    }

    private Object ask(Need need) {
        return need.service() ? serviceOrError(need.name()) : middlewares.build(need.name());
    }

    /** The servers transport a load balancer names, as this configuration defines it; null for the default one. */
    private ServersTransport transportOf(ServiceConfig service) {
        if (service instanceof ServiceConfig.LoadBalancer lb) {
            String name = lb.serversTransport();
            if (name != null && !name.isEmpty() && !name.equals(DEFAULT_TRANSPORT)) {
                return config.serversTransports().get(name);
            }
        }
        return null;
    }

    /**
     * Whether a service built before can serve as it is: the same definition and transport, and its
     * children, asked again in order (stopping at the first difference, as a build stops at the
     * first broken child), give the very same handlers.
     */
    private boolean reusable(ServiceConfig service, BuiltParts.Service before) {
        if (before.config() != service && !before.config().equals(service)
                || !java.util.Objects.equals(before.transport(), transportOf(service))) {
            return false;
        }
        List<Need> needs = needs(service);
        for (int i = 0; i < needs.size(); i++) {
            if (!MiddlewareBuilder.sameAnswer(ask(needs.get(i)), before.children().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** What building a reused load balancer again would leave in the table and its servers' health. */
    private void replay(String name, ServiceConfig service, BuiltParts.Service before) {
        BuiltParts.LoadBalancerTrace trace = before.trace();
        if (trace == null || !(service instanceof ServiceConfig.LoadBalancer lb)) {
            return;
        }
        if (before.transport() != null) {
            transports.add(before.transport());
        }
        serverUrls.put(name, trace.urls());
        for (ServerHealth health : trace.healths()) {
            health.usePassiveCheck(lb.passiveHealthCheck());
            if (lb.healthCheck() == null) {
                health.setActiveUp(true);
            }
        }
        healthTargets.addAll(trace.healthTargets());
        serversByService.put(name, trace.servers());
    }

    private Object loadBalancer(String name, ServiceConfig.LoadBalancer lb) {
        ServersTransport transport = null;
        String transportName = lb.serversTransport();
        if (transportName != null && !transportName.isEmpty() && !transportName.equals(DEFAULT_TRANSPORT)) {
            transport = config.serversTransports().get(transportName);
            if (transport == null) {
                return "service \"" + name + "\": servers transport \"" + transportName + "\" does not exist";
            }
            transports.add(transport);
        }
        String strategy = lb.strategy() == null ? "" : lb.strategy().toLowerCase(java.util.Locale.ROOT);
        boolean p2c = strategy.equals("p2c");
        if (!p2c && !strategy.isEmpty() && !strategy.equals("wrr") && !strategy.equals("roundrobin")) {
            return "service \"" + name + "\": unknown load-balancing strategy \"" + lb.strategy()
                    + "\" (RoundRobin, wrr or p2c)";
        }
        boolean checked = lb.healthCheck() != null || lb.passiveHealthCheck() != null;
        List<Backend> rotation = new ArrayList<>();
        List<Backend> terminating = new ArrayList<>();
        Set<String> urls = new HashSet<>();
        List<HealthTarget> ownTargets = new ArrayList<>();
        List<ServerHealth> healths = new ArrayList<>();
        for (ServiceConfig.Server server : lb.servers()) {
            urls.add(server.url());
            ServerHealth health = checked ? state.healthOf(name, server.url()) : null;
            if (health != null) {
                healths.add(health);
                health.usePassiveCheck(lb.passiveHealthCheck());
                if (lb.healthCheck() == null) {
                    health.setActiveUp(true); // the active check was removed: nothing holds the server down
                } else {
                    HealthTarget target = new HealthTarget(name, server.url(), lb.healthCheck(), health, transport);
                    healthTargets.add(target);
                    ownTargets.add(target);
                }
            }
            Backend backend = Backend.of(server.url(), lb.passHostHeader(), name,
                    p2c ? state.inFlightOf(name, server.url()) : null, health).withFlushInterval(lb.flushInterval()).withTransport(transport);
            (server.terminating() ? terminating : rotation).add(backend);
        }
        List<Backend> all = new ArrayList<>(rotation);
        all.addAll(terminating);
        serversByService.put(name, List.copyOf(all));
        serverUrls.put(name, urls);
        traces.put(name, new BuiltParts.LoadBalancerTrace(urls, serversByService.get(name),
                List.copyOf(ownTargets), List.copyOf(healths)));
        StickyCookie sticky = lb.sticky() == null ? null : StickyCookie.of(lb.sticky(), name);
        if (p2c) {
            return new PowerOfTwoChoices(name, rotation, terminating, sticky);
        }
        return new RoundRobinLoadBalancer(name, rotation, terminating, state.positionOf(name), sticky);
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
            if (child.status() != null) {
                children.add(new WeightedRoundRobin.Child(new AnsweringService(child.name(), child.status()), child.weight(),
                        nameInProvider(child.name(), name)));
                continue;
            }
            List<String> childErrors = new ArrayList<>();
            ServiceHandler handler = serviceFor(child.name(), childErrors);
            if (handler == null) {
                return "service \"" + name + "\": " + childErrors.get(0);
            }
            if (!child.middlewares().isEmpty()) {
                List<Filter> filters = new ArrayList<>();
                for (String middleware : child.middlewares()) {
                    if (!(middlewares.build(middleware) instanceof Filter filter)) {
                        return "service \"" + name + "\": " + middlewares.build(middleware);
                    }
                    filters.add(filter);
                }
                handler = new FilteredService(handler, filters);
            }
            children.add(new WeightedRoundRobin.Child(handler, child.weight(), nameInProvider(child.name(), name)));
        }
        return new WeightedRoundRobin(name, children, state.positionOf(name),
                w.sticky() == null ? null : StickyCookie.of(w.sticky(), name));
    }

    /**
     * A child's name as its parent's provider wrote it, which is what Traefik's sticky cookie
     * hashes: without the provider suffix when both come from the same provider
     * ({@code default-whoami1-80} in {@code default-wrr1@kubernetescrd}), qualified otherwise.
     */
    static String nameInProvider(String child, String parent) {
        int at = parent.lastIndexOf('@');
        String suffix = at < 0 ? null : parent.substring(at);
        return suffix != null && child.endsWith(suffix) ? child.substring(0, child.length() - suffix.length()) : child;
    }
}
