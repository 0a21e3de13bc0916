package io.jetway.translate.crd;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.RouterTls;
import io.jetway.dynamic.ServersTransport;
import io.jetway.dynamic.ServiceConfig.LoadBalancer;
import io.jetway.dynamic.ServiceConfig.Sticky;
import io.jetway.dynamic.ServiceConfig.WeightedChild;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.kube.KnownKinds;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.util.GoDuration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Translates Traefik CRD objects (IngressRoute, Middleware, TraefikService; the layer-4 kinds through
 * {@link Layer4Translator}) plus the Services and endpoints they reference into Traefik's dynamic
 * configuration. A pure function: the same snapshot always gives the same configuration. A bad
 * object becomes a problem record and is left out; it never stops the others from being translated.
 */
public final class CrdTranslator {

    private final ResourceSnapshot resources;
    private final CrdOptions options;
    private final ServiceServers servers;
    private final MiddlewareSecrets secrets;
    private final TreeMap<String, RouterConfig> routers = new TreeMap<>();
    private final Map<String, ServiceConfig> services = new TreeMap<>();
    private final Map<String, MiddlewareConfig> middlewares = new TreeMap<>();
    private final Map<String, ServersTransport> serversTransports = new TreeMap<>();
    private final List<Problem> problems = new ArrayList<>();
    private final TlsTranslator tls;
    /** What the IngressRoute being translated reads and writes, when a cache keeps it; else null. */
    private Recording recording;
    /**
     * The routers the IngressRoutes translated anew so far wrote. A replayed IngressRoute's routers
     * can only collide with these: two replayed ones did not collide when they were recorded (the
     * later one would not have been kept), and neither has changed since.
     */
    private final java.util.Set<String> freshRouters = new java.util.HashSet<>();
    /** Every service, when the IngressRoutes' section was patched in; null otherwise (then {@link #services}). */
    private Map<String, ServiceConfig> patchedServices;

    /** One IngressRoute's translation as it goes: what it read, what it wrote, whether it may be replayed. */
    private static final class Recording {
        final List<CrdTranslationCache.ServiceRead> reads = new ArrayList<>();
        final List<Map.Entry<String, RouterConfig>> routers = new ArrayList<>();
        final List<Map.Entry<String, ServiceConfig>> services = new ArrayList<>();
        final List<io.jetway.dynamic.TlsCertificate> certificates = new ArrayList<>();
        boolean replayable = true;
    }

    private CrdTranslator(ResourceSnapshot resources, CrdOptions options) {
        this.resources = resources;
        this.options = options;
        this.tls = new TlsTranslator(resources, options, problems);
        this.servers = new ServiceServers(resources, options);
        this.secrets = new MiddlewareSecrets(resources, servers);
    }

    public static DynamicConfig translate(ResourceSnapshot resources, CrdOptions options) {
        return translate(resources, options, null);
    }

    /**
     * The same configuration as {@link #translate(ResourceSnapshot, CrdOptions)}, translating only the
     * IngressRoutes whose inputs changed since the translation {@code cache} remembers (see
     * {@link CrdTranslationCache}), which then remembers this one.
     *
     * @param cache null to translate everything
     */
    public static DynamicConfig translate(ResourceSnapshot resources, CrdOptions options, CrdTranslationCache cache) {
        CrdTranslator t = new CrdTranslator(resources, options);
        t.translateServersTransports();
        for (KubeObject o : traefikObjects(resources, "Middleware")) {
            t.guarded(o, () -> t.translateMiddleware(o));
        }
        for (KubeObject o : traefikObjects(resources, "TraefikService")) {
            t.guarded(o, () -> t.translateTraefikService(o));
        }
        t.translateTlsOptionsAndStores();
        Map<String, CrdTranslationCache.Entry> before = cache == null ? Map.of()
                : cache.begin(options, CrdTranslationCache.contextOf(resources), resources);
        if (cache == null || !t.patchIngressRoutes(cache)) {
            Set<String> otherServices = Set.copyOf(t.services.keySet());
            int problemsBefore = t.problems.size();
            if (cache != null) {
                cache.restart();
            }
            for (KubeObject o : traefikObjects(resources, "IngressRoute")) {
                if (cache == null) {
                    t.guarded(o, () -> t.translateIngressRoute(o));
                } else {
                    t.guarded(o, () -> t.translateIngressRoute(o, before, cache));
                }
            }
            if (cache != null) {
                cache.recordSection(t.routers, otherServices, t.problems.subList(problemsBefore, t.problems.size()));
            }
        }
        if (t.patchedServices == null || !cache.unknownFieldsStillNone(t::unknownFieldsOf)) {
            t.unknownFields(cache);
        }
        Layer4Config layer4 = Layer4Translator.translate(resources, options, t.servers, t.tls, t.problems);
        t.problems.addAll(t.servers.endpointProblems());
        // The translator's own map, changed by nothing after this: handed over read-only instead of copied.
        DynamicConfig config = new DynamicConfig(java.util.Collections.unmodifiableSortedMap(t.routers),
                t.patchedServices != null ? t.patchedServices : t.services, t.middlewares,
                t.problems, t.serversTransports, t.tls.config(), layer4);
        if (cache != null) {
            cache.output(config, t.services.keySet());
        }
        return config;
    }

    /** The unknown fields of a Traefik object, or null when it is not of a kind whose fields are checked. */
    private List<String> unknownFieldsOf(KubeObject o) {
        return CrdFields.covers(o.kind()) && KnownKinds.TRAEFIK_GROUPS.contains(o.group())
                ? CrdFields.unknown(o.kind(), o.document().get("spec")) : null;
    }

    /** A warning per unknown field, in the snapshot's order; an object seen before is not walked again. */
    private void unknownFields(CrdTranslationCache cache) {
        Map<KubeObject, List<String>> fieldsBefore = cache == null ? Map.of() : cache.unknownFieldsBefore();
        for (KubeObject o : resources.objects()) {
            if (CrdFields.covers(o.kind()) && KnownKinds.TRAEFIK_GROUPS.contains(o.group())) {
                List<String> unknown = fieldsBefore.get(o);
                if (unknown == null) {
                    unknown = CrdFields.unknown(o.kind(), o.document().get("spec"));
                }
                if (cache != null) {
                    cache.unknownFields(o, unknown);
                }
                for (String field : unknown) {
                    problems.add(Problem.warning(o.ref(), null, field + ": unknown field, ignored"
                            + " (Traefik's " + o.kind() + " has no such field)"));
                }
            }
        }
    }

    private void translateServersTransports() {
        ServersTransportTranslator transports = new ServersTransportTranslator(resources);
        for (KubeObject o : traefikObjects(resources, "ServersTransport")) {
            guarded(o, () -> transports.translate(o, serversTransports, problems));
        }
    }

    private void translateTlsOptionsAndStores() {
        tls.translateOptions(traefikObjects(resources, "TLSOption"));
        tls.translateStores(traefikObjects(resources, "TLSStore"));
    }

    /**
     * The IngressRoutes' share of the configuration as the last translation left it, patched: only
     * the IngressRoutes a change replaced, or whose Services it touched, are translated again (on
     * a translator of their own, so that nothing of theirs mixes with this one's until the cache
     * has checked the result is the one a full pass gives). False, with nothing changed, when the
     * change is not of that kind; then every IngressRoute goes through the loop.
     */
    private boolean patchIngressRoutes(CrdTranslationCache cache) {
        CrdTranslationCache.Section section = cache.patchable(services.keySet());
        if (section == null) {
            return false;
        }
        // What an IngressRoute's translation reads besides Services: transports and TLS options.
        CrdTranslator own = new CrdTranslator(resources, options);
        own.translateServersTransports();
        own.translateTlsOptionsAndStores();
        List<CrdTranslationCache.Entry> fresh = new ArrayList<>();
        for (KubeObject o : cache.affected()) {
            Recording r = new Recording();
            own.recording = r;
            int problemsBefore = own.problems.size();
            int invalidBefore = own.servers.invalidEndpointsSeen();
            try {
                own.translateIngressRoute(o);
            } catch (RuntimeException e) {
                return false; // a full pass turns it into a problem
            } finally {
                own.recording = null;
            }
            if (!r.replayable || own.problems.size() != problemsBefore || own.servers.invalidEndpointsSeen() != invalidBefore) {
                return false;
            }
            fresh.add(new CrdTranslationCache.Entry(o.namespace() + "/" + o.name(), o, List.copyOf(r.reads),
                    List.copyOf(r.routers), List.copyOf(r.services), List.of(), List.copyOf(r.certificates)));
        }
        if (!cache.patch(fresh, services.keySet())) {
            return false;
        }
        routers.putAll(section.routers);
        // Hashed, as the configuration keeps services: a sorted copy of thousands costs more than the patch.
        Map<String, ServiceConfig> all = new java.util.HashMap<>(section.services);
        all.putAll(services);
        patchedServices = java.util.Collections.unmodifiableMap(all); // this copy is changed by nothing: not copied again
        problems.addAll(section.problems);
        section.certificates.forEach(tls::putCertificate);
        return true;
    }

    /**
     * Bad fields are caught where they are read and named precisely; this catches whatever slips
     * through (a list where a route was expected...), so one object can never stop a reload.
     */
    private void guarded(KubeObject o, Runnable translation) {
        guarded(o, problems, translation);
    }

    static void guarded(KubeObject o, List<Problem> problems, Runnable translation) {
        try {
            translation.run();
        } catch (TranslationException | Node.InvalidFieldException e) {
            problems.add(new Problem(o.ref(), null, e.getMessage()));
        } catch (RuntimeException e) {
            problems.add(new Problem(o.ref(), null, "cannot be translated (" + e.getClass().getSimpleName() + ")"));
        }
    }

    static List<KubeObject> traefikObjects(ResourceSnapshot resources, String kind) {
        return resources.ofKind(kind).stream().filter(o -> KnownKinds.TRAEFIK_GROUPS.contains(o.group())).toList();
    }

    // ---- Middleware ----------------------------------------------------------------------------

    private void translateMiddleware(KubeObject o) {
        String name = CrdNames.qualify(CrdNames.objectKey(o.namespace(), o.name()));
        try {
            Map<String, Object> spec = o.spec().map();
            if (spec.size() != 1) {
                throw new TranslationException(spec.isEmpty() ? "spec names no middleware type"
                        : "spec must name exactly one middleware type, found " + spec.keySet());
            }
            Map.Entry<String, Object> only = spec.entrySet().iterator().next();
            Map<String, Object> config = Node.root(only.getValue()).map();
            if (only.getKey().equals("chain")) {
                config = chainOptions(o.spec().get("chain"), o.namespace());
            }
            if (only.getKey().equals("errors")) {
                config = errorsOptions(o.spec().get("errors"), o, config);
            }
            config = secrets.resolve(only.getKey(), o.spec().get(only.getKey()), o.namespace(), config);
            middlewares.put(name, new MiddlewareConfig(name, only.getKey(), config, o.ref()));
        } catch (TranslationException | Node.InvalidFieldException e) {
            problems.add(new Problem(o.ref(), name, e.getMessage()));
        }
    }

    /** A chain's references become qualified names, as the routers' references do. */
    private Map<String, Object> chainOptions(Node chain, String namespace) {
        List<String> names = new ArrayList<>();
        for (Node ref : chain.get("middlewares").list()) {
            names.add(middlewareRef(ref, namespace));
        }
        return Map.of("middlewares", List.copyOf(names));
    }

    /**
     * The errors middleware's service: a Service port becomes a load balancer named
     * {@code <middleware>-errorpage-service}, as Traefik's CRD provider names it; a TraefikService
     * is referenced by its name.
     */
    private Map<String, Object> errorsOptions(Node errors, KubeObject owner, Map<String, Object> config) {
        Node ref = errors.get("service");
        if (ref.isMissing()) {
            throw new TranslationException(ref.path() + ": " + ref.requiredMessage());
        }
        String kind = ref.get("kind").string("Service");
        String name = ref.get("name").requiredString();
        String namespace = ref.get("namespace").string(owner.namespace());
        String service;
        if (kind.equals("TraefikService")) {
            service = traefikServiceRef(name, namespace, owner.namespace());
        } else if (kind.equals("Service")) {
            try {
                checkNamespace("service", namespace, name, owner.namespace());
                service = CrdNames.qualify(CrdNames.objectKey(owner.namespace(), owner.name()) + "-errorpage-service");
                LoadBalancer lb = loadBalancer(ref, namespace, name, portOf(ref, namespace, name), owner.ref());
                services.put(service, lb);
                checkTransport(lb, service, ref, owner);
            } catch (TranslationException e) {
                throw e.getMessage().startsWith(ref.path()) ? e : new TranslationException(ref.path() + ": " + e.getMessage());
            }
        } else {
            throw new TranslationException(ref.get("kind").path() + ": must be Service or TraefikService, got \"" + kind + "\"");
        }
        Map<String, Object> options = new java.util.LinkedHashMap<>(config);
        options.put("service", service);
        return java.util.Collections.unmodifiableMap(options);
    }

    private String middlewareRef(Node ref, String ownerNamespace) {
        String name = ref.get("name").requiredString();
        if (name.contains("@")) {
            return name;
        }
        String ns = ref.get("namespace").string(ownerNamespace);
        checkNamespace("middleware", ns, name, ownerNamespace);
        return CrdNames.qualify(CrdNames.objectKey(ns, name));
    }

    // ---- TraefikService ------------------------------------------------------------------------

    private void translateTraefikService(KubeObject o) {
        String name = CrdNames.qualify(CrdNames.objectKey(o.namespace(), o.name()));
        try {
            Node spec = o.spec();
            List<String> kinds = spec.map().keySet().stream().toList();
            if (kinds.size() != 1) {
                throw new TranslationException("spec must have exactly one of weighted, mirroring, failover; found " + kinds);
            }
            ServiceConfig config = switch (kinds.get(0)) {
                case "weighted" -> weighted(spec.get("weighted"), o);
                case "mirroring" -> mirroring(spec.get("mirroring"), o);
                case "failover" -> failover(spec.get("failover"), o);
                default -> throw new TranslationException("unknown TraefikService type \"" + kinds.get(0) + "\"");
            };
            services.put(name, config);
        } catch (TranslationException | Node.InvalidFieldException e) {
            problems.add(new Problem(o.ref(), name, e.getMessage()));
        }
    }

    private ServiceConfig weighted(Node node, KubeObject owner) {
        List<WeightedChild> children = new ArrayList<>();
        for (Node ref : node.get("services").list()) {
            children.add(new WeightedChild(childService(ref, owner), weight(ref)));
        }
        return new ServiceConfig.Weighted(children, sticky(node.get("sticky"), null), owner.ref());
    }

    /** Weight 0 removes a child from the rotation; a negative weight is a mistake worth reporting. */
    private static int weight(Node ref) {
        int weight = ref.get("weight").integer(1);
        if (weight < 0) {
            throw new TranslationException(ref.get("weight").path() + ": must not be negative, got " + weight);
        }
        return weight;
    }

    private ServiceConfig mirroring(Node node, KubeObject owner) {
        String main = referenceAt(node, owner);
        List<ServiceConfig.Mirror> mirrors = new ArrayList<>();
        for (Node m : node.get("mirrors").list()) {
            int percent = m.get("percent").integer(0);
            if (percent < 0 || percent > 100) {
                throw new TranslationException(m.get("percent").path() + ": must be between 0 and 100");
            }
            mirrors.add(new ServiceConfig.Mirror(referenceAt(m, owner), percent));
        }
        long maxBody = node.get("maxBodySize").integer(-1);
        return new ServiceConfig.Mirroring(main, mirrors, node.get("mirrorBody").bool(true), maxBody, owner.ref());
    }

    /** A child reference whose errors name the field that holds it. */
    private String referenceAt(Node ref, KubeObject owner) {
        try {
            return childService(ref, owner);
        } catch (TranslationException e) {
            throw e.getMessage().startsWith(ref.path()) ? e : new TranslationException(ref.path() + ": " + e.getMessage());
        }
    }

    private ServiceConfig failover(Node node, KubeObject owner) {
        String main = traefikServiceRef(node.get("service").requiredString(), owner.namespace(), owner.namespace());
        String fallback = traefikServiceRef(node.get("fallback").requiredString(), owner.namespace(), owner.namespace());
        return new ServiceConfig.Failover(main, fallback, owner.ref());
    }

    /** A reference to a Service port (becomes an ns-svc-port load balancer) or to a TraefikService. */
    private String childService(Node ref, KubeObject owner) {
        String kind = ref.get("kind").string("Service");
        String name = ref.get("name").requiredString();
        String namespace = ref.get("namespace").string(owner.namespace());
        if (kind.equals("TraefikService")) {
            return traefikServiceRef(name, namespace, owner.namespace());
        }
        if (!kind.equals("Service")) {
            throw new TranslationException(ref.get("kind").path() + ": must be Service or TraefikService, got \"" + kind + "\"");
        }
        checkNamespace("service", namespace, name, owner.namespace());
        if (recording != null) {
            recording.replayable = false; // whether it adds the service depends on who added it first
        }
        String port = portOf(ref, namespace, name);
        String key = CrdNames.qualify(CrdNames.servicePortKey(namespace, name, port));
        if (!services.containsKey(key)) {
            LoadBalancer lb = loadBalancer(ref, namespace, name, port, owner.ref());
            services.put(key, lb);
            checkTransport(lb, key, ref, owner);
        }
        return key;
    }

    private String traefikServiceRef(String name, String namespace, String ownerNamespace) {
        if (name.contains("@")) {
            return name; // cross-provider reference, e.g. api@internal
        }
        checkNamespace("TraefikService", namespace, name, ownerNamespace);
        return CrdNames.qualify(CrdNames.objectKey(namespace, name));
    }

    private void checkNamespace(String what, String namespace, String name, String ownerNamespace) {
        if (!options.allowCrossNamespace() && !namespace.equals(ownerNamespace)) {
            throw new TranslationException(what + " " + namespace + "/" + name
                    + ": cross-namespace reference from namespace " + ownerNamespace
                    + " is not allowed (providers.kubernetescrd.allowcrossnamespace is false)");
        }
    }

    /** The route's port; for an ExternalName Service it may come from the Service instead (seed 001). */
    private String portOf(Node ref, String namespace, String name) {
        read(namespace, name);
        String port = ref.get("port").string("");
        if (port.isEmpty()) {
            port = servers.externalNamePort(namespace, name);
        }
        if (port.isEmpty()) {
            throw new TranslationException(ref.get("port").path() + ": is required for a Service" + ref.get("port").lookalikeHint());
        }
        return port;
    }

    /** Notes that the IngressRoute being recorded depends on this Service (and its endpoints). */
    private void read(String namespace, String name) {
        if (recording != null) {
            recording.reads.add(CrdTranslationCache.ServiceRead.of(resources, namespace, name));
        }
    }

    private LoadBalancer loadBalancer(Node ref, String namespace, String name, String port, ObjectRef source) {
        read(namespace, name);
        String scheme = ref.get("scheme").string(null);
        if (scheme != null && !List.of("http", "https", "h2c").contains(scheme)) {
            throw new TranslationException(ref.get("scheme").path() + ": must be http, https or h2c, got \"" + scheme + "\"");
        }
        boolean nativeLB = ref.get("nativeLB").bool(options.nativeLBByDefault());
        boolean nodePortLB = ref.get("nodePortLB").bool(false);
        Duration flush = LoadBalancer.DEFAULT_FLUSH_INTERVAL;
        Node flushNode = ref.get("responseForwarding").get("flushInterval");
        if (!flushNode.isMissing()) {
            try {
                flush = GoDuration.parseConfig(flushNode.string(""));
            } catch (IllegalArgumentException e) {
                throw new TranslationException(flushNode.path() + ": " + e.getMessage());
            }
        }
        String transport = ref.get("serversTransport").string(null);
        if (transport != null && !transport.contains("@")) {
            transport = CrdNames.qualify(CrdNames.objectKey(namespace, transport));
        }
        String strategy = ref.get("strategy").string("wrr");
        return new LoadBalancer(servers.resolve(namespace, name, port, scheme, nativeLB, nodePortLB),
                ref.get("passHostHeader").bool(true), flush, strategy,
                sticky(ref.get("sticky"), null), transport, HealthCheckSpecs.active(ref.get("healthCheck")),
                HealthCheckSpecs.passive(ref.get("passiveHealthCheck")), source);
    }

    /**
     * A load balancer naming a ServersTransport of this provider that is missing or invalid is
     * disabled (and its routers with it). Other providers' transports are checked by the builder.
     */
    private void checkTransport(LoadBalancer lb, String serviceName, Node ref, KubeObject owner) {
        String transport = lb.serversTransport();
        if (transport == null || serversTransports.containsKey(transport)
                || !transport.endsWith("@" + CrdNames.PROVIDER)) {
            return;
        }
        boolean invalid = traefikObjects(resources, "ServersTransport").stream()
                .anyMatch(o -> CrdNames.qualify(CrdNames.objectKey(o.namespace(), o.name())).equals(transport));
        problems.add(new Problem(owner.ref(), serviceName, ref.get("serversTransport").path() + ": servers transport \""
                + transport + "\" " + (invalid ? "is invalid (see its problems)" : "does not exist")));
    }

    private static Sticky sticky(Node node, String defaultName) {
        if (node.isMissing()) {
            return null;
        }
        Node cookie = node.get("cookie");
        if (cookie.isMissing()) {
            return null;
        }
        return new Sticky(cookie.get("name").string(defaultName), cookie.get("secure").bool(false),
                cookie.get("httpOnly").bool(false), cookie.get("sameSite").string(""),
                cookie.get("maxAge").integer(0), cookie.get("domain").string(""), cookie.get("path").string("/"));
    }

    // ---- IngressRoute --------------------------------------------------------------------------

    /**
     * Replays what the IngressRoute wrote last time when nothing it read has changed; else
     * translates it, recording what it reads and writes for the next time.
     */
    private void translateIngressRoute(KubeObject o, Map<String, CrdTranslationCache.Entry> before, CrdTranslationCache cache) {
        CrdTranslationCache.Entry entry = cache.previousOf(o);
        String key = entry != null ? entry.key() : o.namespace() + "/" + o.name();
        if (entry == null) {
            entry = before.get(key);
        }
        if (entry != null && CrdTranslationCache.same(entry.object(), o) && cache.readsUnchanged(entry, resources)
                && (freshRouters.isEmpty() || entry.routers().stream().noneMatch(r -> freshRouters.contains(r.getKey())))) {
            entry.routers().forEach(r -> routers.put(r.getKey(), r.getValue()));
            entry.services().forEach(e -> services.put(e.getKey(), e.getValue()));
            problems.addAll(entry.problems());
            entry.certificates().forEach(tls::putCertificate);
            cache.keep(key, entry, false);
            return;
        }
        Recording r = new Recording();
        recording = r;
        int problemsBefore = problems.size();
        int endpointProblemsBefore = servers.invalidEndpointsSeen();
        try {
            translateIngressRoute(o);
        } finally {
            recording = null;
            r.routers.forEach(router -> freshRouters.add(router.getKey()));
        }
        if (r.replayable && servers.invalidEndpointsSeen() == endpointProblemsBefore) {
            cache.keep(key, new CrdTranslationCache.Entry(key, o, List.copyOf(r.reads), List.copyOf(r.routers),
                    List.copyOf(r.services), List.copyOf(problems.subList(problemsBefore, problems.size())),
                    List.copyOf(r.certificates)), true);
        } else {
            cache.translatedUncached();
        }
    }

    private void putRouter(String name, RouterConfig router) {
        routers.put(name, router);
        if (recording != null) {
            recording.routers.add(Map.entry(name, router));
        }
    }

    private void translateIngressRoute(KubeObject o) {
        List<Node> routes;
        List<String> entryPoints;
        try {
            routes = o.spec().get("routes").list();
            entryPoints = o.spec().get("entryPoints").strings();
        } catch (Node.InvalidFieldException e) {
            problems.add(new Problem(o.ref(), null, e.getMessage()));
            return;
        }
        if (routes.isEmpty()) {
            problems.add(new Problem(o.ref(), null, "spec.routes: at least one route is required"));
        }
        for (Node route : routes) {
            String match = route.get("match").string("");
            String key = CrdNames.routeKey(o.namespace(), o.name(), match);
            String name = CrdNames.qualify(key);
            if (recording != null && routers.containsKey(name)
                    && recording.routers.stream().noneMatch(r -> r.getKey().equals(name))) {
                recording.replayable = false; // another IngressRoute's router has this name: the outcome depends on it
            }
            try {
                translateRoute(o, route, match, key, name, entryPoints);
            } catch (TranslationException | Node.InvalidFieldException e) {
                problems.add(new Problem(o.ref(), name, e.getMessage()));
                // The router stays visible (disabled, with its error) instead of silently vanishing.
                if (!routers.containsKey(name)) {
                    putRouter(name, new RouterConfig(name, entryPoints, match, safePriority(route),
                            route.get("syntax").string("v3"), List.of(), name, o.ref()));
                }
            }
        }
    }

    private static int safePriority(Node route) {
        try {
            return route.get("priority").integer(0);
        } catch (Node.InvalidFieldException e) {
            return 0;
        }
    }

    private void translateRoute(KubeObject o, Node route, String match, String key, String name, List<String> entryPoints) {
        String kind = route.get("kind").string("Rule");
        if (!kind.equals("Rule")) {
            throw new TranslationException(route.get("kind").path() + ": must be Rule, got \"" + kind + "\"");
        }
        if (match.isEmpty()) {
            throw new TranslationException(route.get("match").path() + ": " + route.get("match").requiredMessage());
        }
        if (routers.containsKey(name)) {
            throw new TranslationException(route.path() + ": duplicate route, another route of this IngressRoute has the same match");
        }
        List<String> middlewareNames = new ArrayList<>();
        for (Node ref : route.get("middlewares").list()) {
            middlewareNames.add(middlewareRef(ref, o.namespace()));
        }
        List<String> parents = parentRouters(o);
        servers.takeSkipped(); // what earlier resolutions skipped is not this route's
        String service = routeService(o, route.get("services").list(), key);
        // Invalid endpoints are left out, as Traefik ignores them; the route serves with the others.
        servers.takeSkipped().forEach(skipped -> problems.add(Problem.warning(o.ref(), name, "an endpoint is skipped: " + skipped)));
        RouterTls routerTls = parents.isEmpty()
                ? tls.routerTls(o, warning -> problems.add(Problem.warning(o.ref(), name, warning)),
                        recording == null ? null : recording.certificates::add) : null;
        putRouter(name, new RouterConfig(name, entryPoints, match, route.get("priority").integer(0),
                route.get("syntax").string("v3"), middlewareNames, service, o.ref(), parents, routerTls));
    }

    /**
     * Multi-layer routing: the routers of the IngressRoutes named in spec.parentRefs, whose
     * middlewares run before this route's rule is evaluated. A child has no entry points or TLS
     * of its own: it is reached through its parents.
     */
    private List<String> parentRouters(KubeObject child) {
        Node refs = child.spec().get("parentRefs");
        if (refs.isMissing()) {
            return List.of();
        }
        if (recording != null) {
            recording.replayable = false; // it reads its parents
        }
        if (!child.spec().get("entryPoints").isMissing()) {
            throw new TranslationException("spec.entryPoints: an IngressRoute with parentRefs must not set entryPoints");
        }
        if (!child.spec().get("tls").isMissing()) {
            throw new TranslationException("spec.tls: an IngressRoute with parentRefs must not set tls");
        }
        List<String> parents = new ArrayList<>();
        for (Node ref : refs.list()) {
            String name = ref.get("name").requiredString();
            String namespace = ref.get("namespace").string(child.namespace());
            checkNamespace("parent IngressRoute", namespace, name, child.namespace());
            KubeObject parent = traefikObjects(resources, "IngressRoute").stream()
                    .filter(p -> p.namespace().equals(namespace) && p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new TranslationException(ref.path() + ": parent IngressRoute " + namespace + "/" + name + " not found"));
            for (Node parentRoute : parent.spec().get("routes").list()) {
                parents.add(CrdNames.qualify(CrdNames.routeKey(namespace, name, parentRoute.get("match").string(""))));
            }
        }
        if (parents.isEmpty()) {
            throw new TranslationException("spec.parentRefs: names no parent route");
        }
        return parents;
    }

    /**
     * One Service -> a load balancer named like the router; several -> a weighted service of them;
     * none -> no service (a parent router, whose children choose one).
     */
    private String routeService(KubeObject o, List<Node> refs, String key) {
        if (refs.isEmpty()) {
            return null;
        }
        String qualified = CrdNames.qualify(key);
        if (refs.size() == 1) {
            Node ref = refs.get(0);
            String kind = ref.get("kind").string("Service");
            if (kind.equals("TraefikService")) {
                weight(ref);
                return traefikServiceRef(ref.get("name").requiredString(), ref.get("namespace").string(o.namespace()), o.namespace());
            }
            if (!kind.equals("Service")) {
                throw new TranslationException(ref.get("kind").path() + ": must be Service or TraefikService, got \"" + kind + "\"");
            }
            weight(ref); // unused with one service, but a negative one is refused as the CRD's schema does
            String name = ref.get("name").requiredString();
            String namespace = ref.get("namespace").string(o.namespace());
            checkNamespace("service", namespace, name, o.namespace());
            LoadBalancer lb = loadBalancer(ref, namespace, name, portOf(ref, namespace, name), o.ref());
            services.put(qualified, lb);
            if (recording != null) {
                recording.services.add(Map.entry(qualified, lb));
            }
            checkTransport(lb, qualified, ref, o);
            return qualified;
        }
        List<WeightedChild> children = new ArrayList<>();
        for (Node ref : refs) {
            children.add(new WeightedChild(childService(ref, o), weight(ref)));
        }
        services.put(qualified, new ServiceConfig.Weighted(children, null, o.ref()));
        return qualified;
    }
}
