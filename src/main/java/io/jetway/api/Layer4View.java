package io.jetway.api;

import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.TcpMiddlewareConfig;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TcpServiceConfig;
import io.jetway.dynamic.TlsDomain;
import io.jetway.dynamic.UdpRouterConfig;
import io.jetway.dynamic.UdpServiceConfig;
import io.jetway.kube.Problem;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.layer4.Layer4Builder;
import io.jetway.routing.layer4.Layer4Table;
import io.jetway.routing.tcp.TcpPriority;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The TCP and UDP routers, services and middlewares of a table in the JSON shapes of Traefik's
 * {@code /api/tcp/*} and {@code /api/udp/*} (as maps, so absent fields stay absent; empty lists
 * are left out as Traefik's {@code omitempty} does).
 */
final class Layer4View {

    private final Layer4Table table;
    private final Layer4Builder.EntryPointNames entryPoints;
    /** Routers by the service or middleware they name, as Traefik's usedBy (routers only). */
    private final Map<String, Set<String>> usedBy = new TreeMap<>();
    /** The translator's messages by the element they name (router or middleware), warnings without their prefix. */
    private final Map<String, List<String>> problems = new HashMap<>();

    /** @param entryPoints the entry points routers attach to, for {@code using} */
    Layer4View(RoutingTable routing, Layer4Builder.EntryPointNames entryPoints) {
        this.table = routing.layer4();
        this.entryPoints = entryPoints;
        Layer4Config c = table.config();
        c.tcpRouters().values().forEach(r -> {
            use(r.service(), r.name());
            r.middlewares().forEach(m -> use(m, r.name()));
        });
        c.udpRouters().values().forEach(r -> use(r.service(), r.name()));
        for (Problem p : routing.config().problems()) {
            if (p.element() != null) {
                problems.computeIfAbsent(p.element(), k -> new ArrayList<>()).add(p.text());
            }
        }
    }

    private void use(String used, String user) {
        if (used != null) {
            usedBy.computeIfAbsent(used, k -> new TreeSet<>()).add(user);
        }
    }

    List<Map<String, Object>> tcpRouters() {
        return table.config().tcpRouters().keySet().stream().sorted().map(this::tcpRouter).toList();
    }

    Map<String, Object> tcpRouter(String name) {
        TcpRouterConfig r = table.config().tcpRouters().get(name);
        if (r == null) {
            return null;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        putList(doc, "entryPoints", r.entryPoints());
        putList(doc, "middlewares", r.middlewares().stream().map(m -> relative(m, name)).toList());
        putNonNull(doc, "service", relative(r.service(), name));
        doc.put("rule", r.rule());
        // Only v2 is shown: v3 is the default, which the translator fills in (as the HTTP routers).
        if ("v2".equalsIgnoreCase(r.ruleSyntax())) {
            doc.put("ruleSyntax", r.ruleSyntax());
        }
        // Traefik shows the priority its router manager computes for a priority of 0.
        long priority = r.priority() != 0 ? r.priority() : safePriority(r);
        if (priority != 0) {
            doc.put("priority", priority);
        }
        if (r.tls() != null) {
            Map<String, Object> tls = new LinkedHashMap<>();
            tls.put("passthrough", r.tls().passthrough());
            putNonNull(tls, "options", relative(r.tls().options(), name));
            putNonNull(tls, "certResolver", r.tls().certResolver());
            putList(tls, "domains", r.tls().domains().stream().map(Layer4View::domain).toList());
            doc.put("tls", tls);
        }
        status(doc, name, table.tcpRouterStatuses().get(name));
        putList(doc, "using", attached(r.entryPoints(), entryPoints.tcp(), entryPoints.tcpDefault()));
        named(doc, name);
        doc.put("priorityStr", Long.toString(priority));
        return doc;
    }

    private static long safePriority(TcpRouterConfig r) {
        try {
            return TcpPriority.of(r.rule(), r.priority());
        } catch (RuntimeException e) {
            // Traefik's GetRulePriority falls back to the rule's length.
            return r.rule() == null ? 0 : r.rule().getBytes(StandardCharsets.UTF_8).length;
        }
    }

    /**
     * Traefik's {@code using}: the entry points the router is attached to (those it names that
     * exist, or the defaults when it names none), whether or not it could be built.
     */
    private static List<String> attached(List<String> named, List<String> known, List<String> defaults) {
        if (named.isEmpty()) {
            return defaults;
        }
        Set<String> using = new LinkedHashSet<>();
        for (String ep : named) {
            known.stream().filter(e -> e.equalsIgnoreCase(ep)).findFirst().ifPresent(using::add);
        }
        return List.copyOf(using);
    }

    List<Map<String, Object>> tcpServices() {
        return table.config().tcpServices().keySet().stream().sorted().map(this::tcpService).toList();
    }

    Map<String, Object> tcpService(String name) {
        TcpServiceConfig s = table.config().tcpServices().get(name);
        if (s == null) {
            return null;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        if (s instanceof TcpServiceConfig.LoadBalancer lb) {
            Map<String, Object> body = new LinkedHashMap<>();
            List<Map<String, Object>> servers = new ArrayList<>();
            for (TcpServiceConfig.Server server : lb.servers()) {
                Map<String, Object> sd = new LinkedHashMap<>();
                sd.put("address", server.address());
                if (server.tls()) {
                    sd.put("tls", true);
                }
                servers.add(sd);
            }
            body.put("servers", servers);
            putNonNull(body, "serversTransport", relative(lb.serversTransport(), name));
            if (lb.terminationDelay() != null) {
                body.put("terminationDelay", lb.terminationDelay().toMillis());
            }
            if (lb.proxyProtocolVersion() != 0) {
                body.put("proxyProtocol", Map.of("version", lb.proxyProtocolVersion()));
            }
            doc.put("loadBalancer", body);
        } else if (s instanceof TcpServiceConfig.Weighted w) {
            doc.put("weighted", Map.of("services", children(w.services(), name)));
        }
        serviceStatus(doc, name, s.type());
        if (s instanceof TcpServiceConfig.LoadBalancer lb && !table.serviceErrors().containsKey(name)) {
            Map<String, String> serverStatus = new TreeMap<>();
            lb.servers().forEach(server -> serverStatus.put(server.address(), "UP"));
            doc.put("serverStatus", serverStatus);
        }
        return doc;
    }

    List<Map<String, Object>> tcpMiddlewares() {
        return table.config().tcpMiddlewares().keySet().stream().sorted().map(this::tcpMiddleware).toList();
    }

    Map<String, Object> tcpMiddleware(String name) {
        TcpMiddlewareConfig m = table.config().tcpMiddlewares().get(name);
        if (m == null) {
            return null;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(m.type(), m.options());
        String error = table.middlewareErrors().get(name);
        status(doc, name, new RouterStatus(name, error == null ? RouterStatus.ENABLED : RouterStatus.DISABLED,
                error == null ? List.of() : List.of(error), List.of()));
        putList(doc, "usedBy", List.copyOf(usedBy.getOrDefault(name, Set.of())));
        named(doc, name);
        doc.put("type", m.type().toLowerCase(java.util.Locale.ROOT));
        return doc;
    }

    List<Map<String, Object>> udpRouters() {
        return table.config().udpRouters().keySet().stream().sorted().map(this::udpRouter).toList();
    }

    Map<String, Object> udpRouter(String name) {
        UdpRouterConfig r = table.config().udpRouters().get(name);
        if (r == null) {
            return null;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        putList(doc, "entryPoints", r.entryPoints());
        putNonNull(doc, "service", relative(r.service(), name));
        status(doc, name, table.udpRouterStatuses().get(name));
        putList(doc, "using", attached(r.entryPoints(), entryPoints.udp(), entryPoints.udp()));
        named(doc, name);
        return doc;
    }

    List<Map<String, Object>> udpServices() {
        return table.config().udpServices().keySet().stream().sorted().map(this::udpService).toList();
    }

    Map<String, Object> udpService(String name) {
        UdpServiceConfig s = table.config().udpServices().get(name);
        if (s == null) {
            return null;
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        if (s instanceof UdpServiceConfig.LoadBalancer lb) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("servers", lb.servers().stream().map(a -> Map.of("address", a)).toList());
            if (lb.proxyProtocolVersion() != 0) {
                body.put("proxyProtocol", Map.of("version", lb.proxyProtocolVersion()));
            }
            doc.put("loadBalancer", body);
        } else if (s instanceof UdpServiceConfig.Weighted w) {
            doc.put("weighted", Map.of("services", children(w.services(), name)));
        }
        serviceStatus(doc, name, s.type());
        return doc;
    }

    /**
     * A list as {@code /api/rawdata} shows it: by name, without what the list endpoints add to
     * each element (Traefik's runtime infos alone).
     */
    static Map<String, Object> raw(List<Map<String, Object>> items) {
        Map<String, Object> byName = new TreeMap<>();
        for (Map<String, Object> item : items) {
            Map<String, Object> info = new LinkedHashMap<>(item);
            List.of("name", "provider", "priorityStr", "type").forEach(info::remove);
            byName.put((String) item.get("name"), info);
        }
        return byName;
    }

    private void serviceStatus(Map<String, Object> doc, String name, String type) {
        String error = table.serviceErrors().get(name);
        if (error != null) {
            doc.put("error", List.of(error));
        }
        doc.put("status", error == null ? RouterStatus.ENABLED : RouterStatus.DISABLED);
        putList(doc, "usedBy", List.copyOf(usedBy.getOrDefault(name, Set.of())));
        named(doc, name);
        doc.put("type", type);
    }

    private static List<Map<String, Object>> children(List<ServiceConfig.WeightedChild> children, String owner) {
        return children.stream().map(c -> {
            Map<String, Object> cd = new LinkedHashMap<>();
            cd.put("name", relative(c.name(), owner));
            cd.put("weight", c.weight());
            return cd;
        }).toList();
    }

    /**
     * The build's status, its errors and warnings, then what the translator said of the element:
     * an element the build enabled despite such a message is shown as a warning.
     */
    private void status(Map<String, Object> doc, String name, RouterStatus status) {
        List<String> said = problems.getOrDefault(name, List.of());
        Set<String> messages = new LinkedHashSet<>();
        String state = RouterStatus.DISABLED;
        if (status != null) {
            messages.addAll(status.errors());
            messages.addAll(status.warnings());
            boolean warned = status.status().equals(RouterStatus.ENABLED) && !said.isEmpty();
            state = warned ? RouterStatus.WARNING : status.status();
        }
        messages.addAll(said);
        putList(doc, "error", List.copyOf(messages));
        doc.put("status", state);
    }

    private static void putList(Map<String, Object> doc, String key, List<?> values) {
        if (!values.isEmpty()) {
            doc.put(key, values);
        }
    }

    private static void putNonNull(Map<String, Object> doc, String key, Object value) {
        if (value != null) {
            doc.put(key, value);
        }
    }

    private static void named(Map<String, Object> doc, String name) {
        doc.put("name", name);
        String provider = RuntimeView.providerOf(name);
        if (provider != null) {
            doc.put("provider", provider);
        }
    }

    private static Map<String, Object> domain(TlsDomain d) {
        Map<String, Object> doc = new LinkedHashMap<>();
        putNonNull(doc, "main", d.main() == null || d.main().isEmpty() ? null : d.main());
        putList(doc, "sans", d.sans());
        return doc;
    }

    /** A reference as Traefik shows it: without the provider when it is the referring object's own. */
    private static String relative(String reference, String owner) {
        if (reference == null) {
            return null;
        }
        String provider = RuntimeView.providerOf(owner);
        return provider != null && reference.endsWith("@" + provider)
                ? reference.substring(0, reference.length() - provider.length() - 1) : reference;
    }
}
