package io.jetway.routing.layer4;

import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.TcpMiddlewareConfig;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TcpServersTransport;
import io.jetway.dynamic.TcpServiceConfig;
import io.jetway.dynamic.UdpRouterConfig;
import io.jetway.dynamic.UdpServiceConfig;
import io.jetway.net.CidrSet;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.tcp.TcpPriority;
import io.jetway.routing.tcp.TcpRouterChecks;
import io.jetway.routing.tcp.TcpRule;
import io.jetway.service.l4.WeightedRoundRobin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Compiles the {@code tcp} and {@code udp} sections into a {@link Layer4Table}. A router, service
 * or middleware that cannot be built is disabled with its error; the rest are built.
 */
public final class Layer4Builder {

    /**
     * Which entry points a router may name, and which it gets when it names none.
     *
     * @param tcp        entry points that carry TCP (and HTTP) routers
     * @param tcpDefault those a TCP router without entryPoints attaches to (asDefault ones, else all of tcp)
     * @param udp        the {@code /udp} entry points; a UDP router without entryPoints attaches to all
     */
    public record EntryPointNames(List<String> tcp, List<String> tcpDefault, List<String> udp) {
        public static final EntryPointNames NONE = new EntryPointNames(List.of(), List.of(), List.of());

        public EntryPointNames {
            tcp = List.copyOf(tcp);
            tcpDefault = List.copyOf(tcpDefault);
            udp = List.copyOf(udp);
        }
    }

    private static final Comparator<TcpRoute> ORDER =
            Comparator.comparingLong(TcpRoute::priority).reversed().thenComparing(TcpRoute::name);

    private final Layer4Config config;
    private final Set<String> tlsOptions;
    private final EntryPointNames entryPoints;
    private final Layer4State state;
    private final Map<String, Object> tcpServices = new HashMap<>();
    private final Map<String, Object> udpServices = new HashMap<>();
    private final Map<String, Object> middlewares = new HashMap<>();
    private final Map<String, List<String>> serversByService = new TreeMap<>();

    private Layer4Builder(Layer4Config config, Set<String> tlsOptions, EntryPointNames entryPoints, Layer4State state) {
        this.config = config;
        this.tlsOptions = tlsOptions;
        this.entryPoints = entryPoints;
        this.state = state;
    }

    /**
     * @param tlsOptions the qualified names of the TLS options the configuration defines
     */
    public static Layer4Table build(Layer4Config config, Set<String> tlsOptions, EntryPointNames entryPoints,
                                    Layer4State state) {
        if (config.isEmpty()) {
            state.retainOnly(Set.of());
            return Layer4Table.EMPTY;
        }
        return new Layer4Builder(config, tlsOptions, entryPoints, state).build();
    }

    private Layer4Table build() {
        Map<String, List<TcpRoute>> plain = new HashMap<>();
        Map<String, List<TcpRoute>> tls = new HashMap<>();
        Map<String, RouterStatus> tcpStatuses = new TreeMap<>();
        for (TcpRouterConfig router : new TreeMap<>(config.tcpRouters()).values()) {
            List<String> errors = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            TcpRoute route = tcpRoute(router, errors);
            List<String> attached = attach(router.entryPoints(), entryPoints.tcp(), entryPoints.tcpDefault(),
                    entryPoints.udp(), errors, warnings);
            if (errors.isEmpty()) {
                for (String ep : attached) {
                    (router.tls() == null ? plain : tls).computeIfAbsent(ep, k -> new ArrayList<>()).add(route);
                }
            }
            tcpStatuses.put(router.name(), status(router.name(), errors, warnings));
        }
        Map<String, TcpEntryPointRoutes> tcpByEntryPoint = new HashMap<>();
        Set<String> tcpEntryPoints = new LinkedHashSet<>(plain.keySet());
        tcpEntryPoints.addAll(tls.keySet());
        for (String ep : tcpEntryPoints) {
            List<TcpRoute> p = new ArrayList<>(plain.getOrDefault(ep, List.of()));
            List<TcpRoute> t = new ArrayList<>(tls.getOrDefault(ep, List.of()));
            p.sort(ORDER);
            t.sort(ORDER);
            tcpByEntryPoint.put(ep, new TcpEntryPointRoutes(p, t));
        }
        Map<String, RouterStatus> udpStatuses = new TreeMap<>();
        Map<String, UdpRoute> udpByEntryPoint = udpRoutes(udpStatuses);
        state.retainOnly(config.tcpMiddlewares().keySet());
        Map<String, String> serviceErrors = new TreeMap<>();
        tcpServices.forEach((name, built) -> {
            if (built instanceof String error) {
                serviceErrors.put(name, error);
            }
        });
        udpServices.forEach((name, built) -> {
            if (built instanceof String error) {
                serviceErrors.put(name, error);
            }
        });
        // Services no router uses are built too, so the API shows their errors.
        config.tcpServices().keySet().forEach(name -> tcpService(name, new LinkedHashSet<>()));
        config.udpServices().keySet().forEach(name -> udpService(name, new LinkedHashSet<>()));
        tcpServices.forEach((name, built) -> {
            if (built instanceof String error) {
                serviceErrors.putIfAbsent(name, error);
            }
        });
        udpServices.forEach((name, built) -> {
            if (built instanceof String error) {
                serviceErrors.putIfAbsent(name, error);
            }
        });
        Map<String, String> middlewareErrors = new TreeMap<>();
        config.tcpMiddlewares().keySet().forEach(name -> {
            if (middleware(name) instanceof String error) {
                middlewareErrors.put(name, error);
            }
        });
        return new Layer4Table(config, tcpByEntryPoint, udpByEntryPoint, tcpStatuses, udpStatuses, serviceErrors,
                middlewareErrors, serversByService);
    }

    private TcpRoute tcpRoute(TcpRouterConfig router, List<String> errors) {
        boolean hasService = router.service() != null && !router.service().isBlank();
        errors.addAll(TcpRouterChecks.errors(router.rule(), router.ruleSyntax(), router.tls() != null, hasService,
                router.priority()));
        if (!errors.isEmpty()) {
            return null;
        }
        TcpRule rule = TcpRule.parse(router.rule(), router.ruleSyntax());
        if (router.tls() != null && !router.tls().passthrough() && router.tls().options() != null
                && !tlsOptions.contains(router.tls().options())) {
            errors.add("unknown TLS options: " + router.tls().options());
        }
        List<TcpMiddleware> chain = new ArrayList<>();
        for (String name : router.middlewares()) {
            Object built = middleware(name);
            if (built instanceof TcpMiddleware m) {
                chain.add(m);
            } else {
                errors.add(built == null ? "middleware \"" + name + "\" does not exist" : (String) built);
            }
        }
        Object service = tcpService(router.service(), new LinkedHashSet<>());
        if (service instanceof String error) {
            errors.add(error);
        }
        if (!errors.isEmpty()) {
            return null;
        }
        return new TcpRoute(router.name(), rule, TcpPriority.of(router.rule(), router.priority()), router.tls(), chain,
                (TcpBalancer) service);
    }

    /** A built TcpMiddleware, an error message, or null when there is no such middleware. */
    private Object middleware(String name) {
        TcpMiddlewareConfig m = config.tcpMiddlewares().get(name);
        if (m == null) {
            return null;
        }
        return middlewares.computeIfAbsent(name, k -> {
            try {
                return switch (m.type()) {
                    case "inFlightConn" -> new InFlightConnMiddleware(name, amount(m.options().get("amount")),
                            state.inFlightOf(name));
                    case "ipAllowList", "ipWhiteList" -> {
                        List<String> ranges = strings(m.options().get("sourceRange"));
                        if (ranges.isEmpty()) {
                            yield "middleware \"" + name + "\": ipAllowList.sourceRange is empty";
                        }
                        yield new IpAllowListMiddleware(name, CidrSet.parse(ranges));
                    }
                    default -> "middleware \"" + name + "\": unknown TCP middleware type \"" + m.type() + "\"";
                };
            } catch (IllegalArgumentException e) {
                return "middleware \"" + name + "\": " + e.getMessage();
            }
        });
    }

    private static long amount(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("inFlightConn.amount is not a number: \"" + value + "\"");
        }
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(value.toString());
    }

    /** A TcpBalancer, or an error message. */
    private Object tcpService(String name, Set<String> visiting) {
        Object built = tcpServices.get(name);
        if (built != null) {
            return built;
        }
        TcpServiceConfig service = config.tcpServices().get(name);
        if (service == null) {
            return "the service \"" + name + "\" does not exist";
        }
        if (!visiting.add(name)) {
            return "service \"" + name + "\": recursion in weighted services: " + String.join(" -> ", visiting) + " -> " + name;
        }
        if (service instanceof TcpServiceConfig.LoadBalancer lb) {
            built = loadBalancer(name, lb);
        } else {
            TcpServiceConfig.Weighted w = (TcpServiceConfig.Weighted) service;
            List<TcpBalancer> children = new ArrayList<>();
            List<Integer> weights = new ArrayList<>();
            String error = null;
            for (ServiceConfig.WeightedChild child : w.services()) {
                Object c = tcpService(child.name(), visiting);
                if (c instanceof String e) {
                    error = "service \"" + name + "\": " + e;
                    break;
                }
                children.add((TcpBalancer) c);
                weights.add(child.weight());
            }
            built = error != null ? error : new WeightedTcpBalancer(name, WeightedRoundRobin.of(children, weights));
        }
        visiting.remove(name);
        tcpServices.put(name, built);
        return built;
    }

    private Object loadBalancer(String name, TcpServiceConfig.LoadBalancer lb) {
        TcpServersTransport transport = TcpServersTransport.DEFAULT;
        Duration delay = lb.terminationDelay() == null ? TcpServersTransport.DEFAULT.terminationDelay() : lb.terminationDelay();
        int proxyProtocol = lb.proxyProtocolVersion();
        if (lb.serversTransport() != null && !lb.serversTransport().isBlank()) {
            transport = config.tcpServersTransports().get(lb.serversTransport());
            if (transport == null) {
                return "service \"" + name + "\": no transport configuration found for \"" + lb.serversTransport() + "\"";
            }
            // A named transport's values win; the deprecated per-service fields are ignored (as Traefik).
            delay = transport.terminationDelay();
            proxyProtocol = transport.proxyProtocolVersion();
        }
        if (proxyProtocol < 0 || proxyProtocol > 2) {
            return "service \"" + name + "\": unknown proxyProtocol version: " + proxyProtocol + " (1 or 2)";
        }
        List<TcpTarget> targets = new ArrayList<>();
        for (TcpServiceConfig.Server server : lb.servers()) {
            HostPort hp = HostPort.parse(server.address());
            if (hp == null) {
                return "service \"" + name + "\": invalid server address \"" + server.address() + "\" (expected host:port)";
            }
            targets.add(new TcpTarget(name, hp.host(), hp.port(), server.tls(), transport, proxyProtocol, delay));
        }
        serversByService.put(name, targets.stream().map(TcpTarget::address).toList());
        // Shuffled once per build, as Traefik does, so replicas do not all start on the same server.
        List<TcpTarget> shuffled = new ArrayList<>(targets);
        Collections.shuffle(shuffled, ThreadLocalRandom.current());
        return new TcpServerBalancer(name, WeightedRoundRobin.of(shuffled, Collections.nCopies(shuffled.size(), 1)));
    }

    /** A UdpBalancer, or an error message. */
    private Object udpService(String name, Set<String> visiting) {
        Object built = udpServices.get(name);
        if (built != null) {
            return built;
        }
        UdpServiceConfig service = config.udpServices().get(name);
        if (service == null) {
            return "the service \"" + name + "\" does not exist";
        }
        if (!visiting.add(name)) {
            return "service \"" + name + "\": recursion in weighted services: " + String.join(" -> ", visiting) + " -> " + name;
        }
        if (service instanceof UdpServiceConfig.LoadBalancer lb) {
            built = udpLoadBalancer(name, lb);
        } else {
            UdpServiceConfig.Weighted w = (UdpServiceConfig.Weighted) service;
            List<UdpBalancer> children = new ArrayList<>();
            List<Integer> weights = new ArrayList<>();
            String error = null;
            for (ServiceConfig.WeightedChild child : w.services()) {
                Object c = udpService(child.name(), visiting);
                if (c instanceof String e) {
                    error = "service \"" + name + "\": " + e;
                    break;
                }
                children.add((UdpBalancer) c);
                weights.add(child.weight());
            }
            built = error != null ? error : UdpBalancers.weighted(name, WeightedRoundRobin.of(children, weights));
        }
        visiting.remove(name);
        udpServices.put(name, built);
        return built;
    }

    private Object udpLoadBalancer(String name, UdpServiceConfig.LoadBalancer lb) {
        if (lb.proxyProtocolVersion() != 0 && lb.proxyProtocolVersion() != 2) {
            return "service \"" + name + "\": UDP takes PROXY protocol version 2 only, not " + lb.proxyProtocolVersion();
        }
        List<UdpBalancer.UdpTargetServer> targets = new ArrayList<>();
        for (String address : lb.servers()) {
            HostPort hp = HostPort.parse(address);
            if (hp == null) {
                return "service \"" + name + "\": invalid server address \"" + address + "\" (expected host:port)";
            }
            targets.add(new UdpBalancer.UdpTargetServer(name, hp.host(), hp.port(), lb.proxyProtocolVersion() == 2));
        }
        serversByService.put(name, lb.servers());
        Collections.shuffle(targets, ThreadLocalRandom.current());
        return UdpBalancers.servers(name, WeightedRoundRobin.of(targets, Collections.nCopies(targets.size(), 1)));
    }

    /**
     * One UDP router per entry point: the routers by name in descending order, the first that
     * builds takes it (Traefik's order). Traefik drops the others with a log line; here each gets
     * a visible error (or a warning when it serves another entry point).
     */
    private Map<String, UdpRoute> udpRoutes(Map<String, RouterStatus> statuses) {
        Map<String, UdpRoute> byEntryPoint = new HashMap<>();
        List<UdpRouterConfig> routers = new ArrayList<>(config.udpRouters().values());
        routers.sort(Comparator.comparing(UdpRouterConfig::name).reversed());
        for (UdpRouterConfig router : routers) {
            List<String> errors = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            Object service = router.service() == null || router.service().isBlank()
                    ? "the router has no service" : udpService(router.service(), new LinkedHashSet<>());
            if (service instanceof String error) {
                errors.add(error);
            }
            List<String> attached = attachUdp(router.entryPoints(), errors, warnings);
            if (errors.isEmpty()) {
                List<String> served = new ArrayList<>();
                for (String ep : attached) {
                    UdpRoute holder = byEntryPoint.get(ep);
                    if (holder != null) {
                        warnings.add("entry point \"" + ep + "\" is already served by the UDP router \"" + holder.name()
                                + "\" (one UDP router per entry point; the first by name in descending order wins)");
                    } else {
                        byEntryPoint.put(ep, new UdpRoute(router.name(), (UdpBalancer) service));
                        served.add(ep);
                    }
                }
                if (served.isEmpty()) {
                    errors.addAll(warnings);
                    warnings.clear();
                }
            }
            statuses.put(router.name(), status(router.name(), errors, warnings));
        }
        return byEntryPoint;
    }

    private List<String> attachUdp(List<String> named, List<String> errors, List<String> warnings) {
        return attach(named, entryPoints.udp(), entryPoints.udp(), entryPoints.tcp(), errors, warnings);
    }

    /**
     * The entry points a router attaches to: those it names that exist with its protocol, or the
     * defaults when it names none.
     */
    private static List<String> attach(List<String> named, List<String> known, List<String> defaults,
                                       List<String> otherProtocol, List<String> errors, List<String> warnings) {
        if (named.isEmpty()) {
            if (defaults.isEmpty() && errors.isEmpty()) {
                errors.add("no entry point to attach to");
            }
            return defaults;
        }
        List<String> attached = new ArrayList<>();
        for (String ep : named) {
            String found = known.stream().filter(e -> e.equalsIgnoreCase(ep)).findFirst().orElse(null);
            if (found != null) {
                if (!attached.contains(found)) {
                    attached.add(found);
                }
            } else if (otherProtocol.stream().anyMatch(e -> e.equalsIgnoreCase(ep))) {
                warnings.add("entry point \"" + ep + "\" is not of the router's protocol (TCP routers need a TCP"
                        + " entry point, UDP routers an address ending in /udp)");
            } else {
                warnings.add("entry point \"" + ep + "\" does not exist");
            }
        }
        if (attached.isEmpty()) {
            // Nothing to serve on: the reasons are errors, not warnings.
            errors.addAll(warnings);
            warnings.clear();
        }
        return attached;
    }

    private static RouterStatus status(String name, List<String> errors, List<String> warnings) {
        String status = !errors.isEmpty() ? RouterStatus.DISABLED
                : warnings.isEmpty() ? RouterStatus.ENABLED : RouterStatus.WARNING;
        return new RouterStatus(name, status, errors, warnings);
    }
}
