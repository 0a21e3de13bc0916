package io.jetway.api;

import io.jetway.api.Representations.Cookie;
import io.jetway.api.Representations.CookieSticky;
import io.jetway.api.Representations.DomainInfo;
import io.jetway.api.Representations.FailoverInfo;
import io.jetway.api.Representations.HealthCheckInfo;
import io.jetway.api.Representations.LoadBalancerInfo;
import io.jetway.api.Representations.Mirror;
import io.jetway.api.Representations.MirroringInfo;
import io.jetway.api.Representations.PassiveHealthCheckInfo;
import io.jetway.api.Representations.ResponseForwarding;
import io.jetway.api.Representations.RouterInfo;
import io.jetway.api.Representations.RouterTlsInfo;
import io.jetway.api.Representations.ServerInfo;
import io.jetway.api.Representations.ServiceInfo;
import io.jetway.api.Representations.WeightedInfo;
import io.jetway.api.Representations.WeightedService;
import io.jetway.dynamic.HealthCheck;
import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.PassiveHealthCheck;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.RouterTls;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.kube.Problem;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.rule.Priority;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One routing table seen as Traefik's runtime configuration: routers with status, errors and the
 * entry points they use; services with the routers that use them and their servers' status;
 * middlewares with their options (secrets redacted). Names are keys, sorted.
 */
final class RuntimeView {

    private final RoutingTable table;
    private final List<String> entryPoints;
    private final Map<String, RouterStatus> statuses = new HashMap<>();
    private final Map<String, List<String>> problems = new HashMap<>();
    private final Map<String, Set<String>> routersByService = new HashMap<>();
    private final Map<String, Set<String>> routersByMiddleware = new HashMap<>();

    /** Router name to why its ACME certificate is missing. */
    private final Map<String, String> certificateErrors;

    /** @param entryPoints the entry points routers attach to, in order */
    RuntimeView(RoutingTable table, List<String> entryPoints) {
        this(table, entryPoints, Map.of());
    }

    /**
     * @param certificateErrors router name to why its ACME certificate is missing: shown in the router's
     *                          errors, and an enabled router becomes a warning (it serves the default certificate)
     */
    RuntimeView(RoutingTable table, List<String> entryPoints, Map<String, String> certificateErrors) {
        this.table = table;
        this.entryPoints = entryPoints;
        this.certificateErrors = certificateErrors;
        table.routerStatuses().forEach(s -> statuses.put(s.name(), s));
        for (Problem p : table.config().problems()) {
            if (p.element() != null && !p.isWarning()) {
                problems.computeIfAbsent(p.element(), k -> new ArrayList<>()).add(p.message());
            }
        }
        for (RouterConfig r : sortedRouters()) {
            if (r.service() != null) {
                routersByService.computeIfAbsent(r.service(), k -> new LinkedHashSet<>()).add(r.name());
            }
            r.middlewares().forEach(m -> routersByMiddleware.computeIfAbsent(m, k -> new LinkedHashSet<>()).add(r.name()));
        }
    }

    /** The provider part of a qualified name ({@code kubernetescrd} of {@code a@kubernetescrd}). */
    static String providerOf(String name) {
        int at = name.indexOf('@');
        return at < 0 ? null : name.substring(at + 1);
    }

    /** A reference as Traefik shows it: without the provider when it is the referring object's own. */
    private static String relative(String name, String ownerProvider) {
        return ownerProvider != null && name.endsWith("@" + ownerProvider)
                ? name.substring(0, name.length() - ownerProvider.length() - 1) : name;
    }

    private List<RouterConfig> sortedRouters() {
        return table.config().routers().values().stream().sorted(Comparator.comparing(RouterConfig::name)).toList();
    }

    Map<String, RouterInfo> routers() {
        Map<String, RouterInfo> routers = new TreeMap<>();
        for (RouterConfig r : sortedRouters()) {
            routers.put(r.name(), router(r));
        }
        return routers;
    }

    private RouterInfo router(RouterConfig r) {
        RouterStatus status = statuses.get(r.name());
        List<String> errors = new ArrayList<>();
        if (status != null) {
            errors.addAll(status.errors());
            errors.addAll(status.warnings());
        }
        String state = status == null ? RouterStatus.DISABLED : status.status();
        String certificateError = certificateErrors.get(r.name());
        if (certificateError != null) {
            errors.add(certificateError);
            if (state.equals(RouterStatus.ENABLED)) {
                state = RouterStatus.WARNING;
            }
        }
        String provider = providerOf(r.name());
        return new RouterInfo(orNull(r.entryPoints()), orNull(r.middlewares()),
                r.service() == null ? null : relative(r.service(), provider), r.rule(),
                "v2".equalsIgnoreCase(r.ruleSyntax()) ? r.ruleSyntax() : null,
                Priority.effective(r.priority(), r.rule()), orNull(r.parentRefs()), tls(r.tls(), provider), orNull(errors),
                state, orNull(using(r, new LinkedHashSet<>())),
                null, null);
    }

    /** The tls section as the provider wrote it: options named relative to the router's provider, empty parts left out. */
    private static RouterTlsInfo tls(RouterTls tls, String provider) {
        if (tls == null) {
            return null;
        }
        List<DomainInfo> domains = tls.domains().stream()
                .map(d -> new DomainInfo(d.main() == null || d.main().isEmpty() ? null : d.main(), orNull(d.sans())))
                .toList();
        return new RouterTlsInfo(tls.options() == null || tls.options().isEmpty() ? null : relative(tls.options(), provider),
                tls.certResolver() == null || tls.certResolver().isEmpty() ? null : tls.certResolver(), orNull(domains));
    }

    /** The entry points a router is reached on; a child router's are its parents'. */
    private List<String> using(RouterConfig r, Set<String> visiting) {
        if (!visiting.add(r.name())) {
            return List.of();
        }
        Set<String> using = new LinkedHashSet<>();
        if (!r.parentRefs().isEmpty()) {
            for (String parent : r.parentRefs()) {
                RouterConfig p = table.config().routers().get(parent);
                if (p != null) {
                    using.addAll(using(p, visiting));
                }
            }
        } else if (r.entryPoints().isEmpty()) {
            using.addAll(entryPoints);
        } else {
            for (String ep : r.entryPoints()) {
                entryPoints.stream().filter(known -> known.equalsIgnoreCase(ep)).findFirst().ifPresent(using::add);
            }
        }
        return List.copyOf(using);
    }

    Map<String, ServiceInfo> services() {
        Map<String, ServiceInfo> services = new TreeMap<>();
        table.config().services().forEach((name, service) -> services.put(name, service(name, service)));
        for (String internal : table.internalServices()) {
            services.put(internal, new ServiceInfo(null, null, null, null, null, RouterStatus.ENABLED,
                    orNull(List.copyOf(routersByService.getOrDefault(internal, Set.of()))), null, null, null, null));
        }
        return services;
    }

    /** The service's type as the list endpoints show it, or null for internal services. */
    String serviceType(String name) {
        ServiceConfig service = table.config().services().get(name);
        return service == null ? null : service.type();
    }

    private ServiceInfo service(String name, ServiceConfig service) {
        List<String> errors = new ArrayList<>(problems.getOrDefault(name, List.of()));
        String buildError = table.serviceErrors().get(name);
        if (buildError != null && !errors.contains(buildError)) {
            errors.add(buildError);
        }
        String provider = providerOf(name);
        LoadBalancerInfo lb = null;
        WeightedInfo weighted = null;
        MirroringInfo mirroring = null;
        FailoverInfo failover = null;
        Map<String, String> serverStatus = null;
        if (service instanceof ServiceConfig.LoadBalancer l) {
            lb = loadBalancer(l);
            serverStatus = orNull(table.serverStatus(name));
        } else if (service instanceof ServiceConfig.Weighted w) {
            weighted = new WeightedInfo(w.services().stream()
                    .map(c -> new WeightedService(relative(c.name(), provider), c.weight(), c.status())).toList(), sticky(w.sticky()));
        } else if (service instanceof ServiceConfig.Mirroring m) {
            mirroring = new MirroringInfo(relative(m.service(), provider), m.mirrorBody() ? null : false,
                    m.maxBodySize() < 0 ? null : m.maxBodySize(),
                    m.mirrors().stream().map(x -> new Mirror(relative(x.name(), provider),
                            x.percent() == 0 ? null : x.percent())).toList());
        } else if (service instanceof ServiceConfig.Failover f) {
            failover = new FailoverInfo(relative(f.service(), provider), relative(f.fallback(), provider));
        }
        return new ServiceInfo(lb, weighted, mirroring, failover, orNull(errors),
                errors.isEmpty() ? RouterStatus.ENABLED : RouterStatus.DISABLED,
                orNull(List.copyOf(routersByService.getOrDefault(name, Set.of()))), serverStatus, null, null, null);
    }

    private static LoadBalancerInfo loadBalancer(ServiceConfig.LoadBalancer lb) {
        List<ServerInfo> servers = lb.servers().stream()
                .map(s -> new ServerInfo(s.url(), s.weight() == 1 ? null : s.weight())).toList();
        return new LoadBalancerInfo(servers, lb.strategy(), sticky(lb.sticky()), lb.passHostHeader(),
                new ResponseForwarding(GoDurations.format(lb.flushInterval())), lb.serversTransport(),
                healthCheck(lb.healthCheck()), passive(lb.passiveHealthCheck()));
    }

    private static CookieSticky sticky(ServiceConfig.Sticky s) {
        if (s == null) {
            return null;
        }
        return new CookieSticky(new Cookie(s.cookieName(), s.secure() ? true : null, s.httpOnly() ? true : null,
                s.sameSite() == null || s.sameSite().isEmpty() ? null : s.sameSite(), s.maxAge() == 0 ? null : s.maxAge(),
                s.domain() == null || s.domain().isEmpty() ? null : s.domain(),
                s.path() == null || s.path().isEmpty() ? null : s.path()));
    }

    private static HealthCheckInfo healthCheck(HealthCheck h) {
        if (h == null) {
            return null;
        }
        return new HealthCheckInfo(h.scheme(), h.mode(), h.path(), h.method(), h.status() == 0 ? null : h.status(),
                h.port() == 0 ? null : h.port(), h.hostname(), h.headers() == null || h.headers().isEmpty() ? null : h.headers(),
                h.followRedirects(), GoDurations.format(h.interval()), GoDurations.format(h.unhealthyInterval()),
                GoDurations.format(h.timeout()));
    }

    private static PassiveHealthCheckInfo passive(PassiveHealthCheck p) {
        return p == null ? null : new PassiveHealthCheckInfo(GoDurations.format(p.failureWindow()), p.maxFailedAttempts());
    }

    /** Middleware documents: {@code {"<type>": {options}, "status": ..., "usedBy": [...]}}. */
    Map<String, Map<String, Object>> middlewares() {
        Map<String, Map<String, Object>> middlewares = new TreeMap<>();
        table.config().middlewares().forEach((name, m) -> middlewares.put(name, middleware(name, m)));
        return middlewares;
    }

    private Map<String, Object> middleware(String name, MiddlewareConfig m) {
        List<String> errors = new ArrayList<>(problems.getOrDefault(name, List.of()));
        String buildError = table.middlewareErrors().get(name);
        if (buildError != null && !errors.contains(buildError)) {
            errors.add(buildError);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(m.type(), Redaction.middlewareOptions(m.type(), m.options()));
        if (!errors.isEmpty()) {
            doc.put("error", errors);
        }
        doc.put("status", errors.isEmpty() ? RouterStatus.ENABLED : RouterStatus.DISABLED);
        List<String> usedBy = List.copyOf(routersByMiddleware.getOrDefault(name, Set.of()));
        if (!usedBy.isEmpty()) {
            doc.put("usedBy", usedBy);
        }
        return doc;
    }

    /** The middleware's type as the list endpoints show it (lowercase, as Traefik does). */
    String middlewareType(String name) {
        MiddlewareConfig m = table.config().middlewares().get(name);
        return m == null ? null : m.type().toLowerCase(Locale.ROOT);
    }

    private static <T> List<T> orNull(List<T> list) {
        return list == null || list.isEmpty() ? null : list;
    }

    private static <K, V> Map<K, V> orNull(Map<K, V> map) {
        return map == null || map.isEmpty() ? null : map;
    }
}
