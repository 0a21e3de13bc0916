package io.jetway.api;

import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.TcpMiddlewareConfig;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TcpServiceConfig;
import io.jetway.dynamic.TlsDomain;
import io.jetway.dynamic.UdpRouterConfig;
import io.jetway.dynamic.UdpServiceConfig;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.layer4.Layer4Table;
import io.jetway.routing.layer4.TcpEntryPointRoutes;
import io.jetway.routing.layer4.TcpRoute;
import io.jetway.routing.tcp.TcpPriority;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The TCP and UDP routers, services and middlewares of a table in the JSON shapes of Traefik's
 * {@code /api/tcp/*} and {@code /api/udp/*} (as maps, so absent fields stay absent).
 */
final class Layer4View {

    private final Layer4Table table;
    private final Map<String, Set<String>> usedBy = new TreeMap<>();

    Layer4View(Layer4Table table) {
        this.table = table;
        Layer4Config c = table.config();
        c.tcpRouters().values().forEach(r -> {
            use(r.service(), r.name());
            r.middlewares().forEach(m -> use(m, r.name()));
        });
        c.tcpServices().forEach((name, s) -> {
            if (s instanceof TcpServiceConfig.Weighted w) {
                w.services().forEach(child -> use(child.name(), name));
            }
        });
        c.udpRouters().values().forEach(r -> use(r.service(), r.name()));
        c.udpServices().forEach((name, s) -> {
            if (s instanceof UdpServiceConfig.Weighted w) {
                w.services().forEach(child -> use(child.name(), name));
            }
        });
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
        doc.put("entryPoints", r.entryPoints());
        if (!r.middlewares().isEmpty()) {
            doc.put("middlewares", r.middlewares().stream().map(m -> relative(m, name)).toList());
        }
        doc.put("service", relative(r.service(), name));
        doc.put("rule", r.rule());
        if (r.ruleSyntax() != null && !r.ruleSyntax().isEmpty()) {
            doc.put("ruleSyntax", r.ruleSyntax());
        }
        long priority = r.priority() != 0 ? r.priority() : safePriority(r);
        if (priority != 0) {
            doc.put("priority", priority);
        }
        if (r.tls() != null) {
            Map<String, Object> tls = new LinkedHashMap<>();
            tls.put("passthrough", r.tls().passthrough());
            if (r.tls().options() != null) {
                tls.put("options", relative(r.tls().options(), name));
            }
            if (r.tls().certResolver() != null) {
                tls.put("certResolver", r.tls().certResolver());
            }
            if (!r.tls().domains().isEmpty()) {
                tls.put("domains", r.tls().domains().stream().map(Layer4View::domain).toList());
            }
            doc.put("tls", tls);
        }
        status(doc, table.tcpRouterStatuses().get(name));
        doc.put("using", using(name));
        named(doc, name);
        doc.put("priorityStr", Long.toString(priority));
        return doc;
    }

    private static long safePriority(TcpRouterConfig r) {
        try {
            return TcpPriority.of(r.rule(), r.priority());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private List<String> using(String router) {
        Set<String> eps = new TreeSet<>();
        table.tcpByEntryPoint().forEach((ep, routes) -> {
            if (contains(routes, router)) {
                eps.add(ep);
            }
        });
        return List.copyOf(eps);
    }

    private static boolean contains(TcpEntryPointRoutes routes, String router) {
        for (TcpRoute r : routes.plain()) {
            if (r.name().equals(router)) {
                return true;
            }
        }
        for (TcpRoute r : routes.tls()) {
            if (r.name().equals(router)) {
                return true;
            }
        }
        return false;
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
            if (lb.serversTransport() != null) {
                body.put("serversTransport", relative(lb.serversTransport(), name));
            }
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
        if (error != null) {
            doc.put("error", List.of(error));
        }
        doc.put("status", error == null ? RouterStatus.ENABLED : RouterStatus.DISABLED);
        doc.put("usedBy", List.copyOf(usedBy.getOrDefault(name, Set.of())));
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
        doc.put("entryPoints", r.entryPoints());
        doc.put("service", relative(r.service(), name));
        status(doc, table.udpRouterStatuses().get(name));
        List<String> using = new ArrayList<>();
        table.udpByEntryPoint().forEach((ep, route) -> {
            if (route.name().equals(name)) {
                using.add(ep);
            }
        });
        doc.put("using", using.stream().sorted().toList());
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

    /** Counts for the overview: total, warnings, errors. */
    int[] counts(List<Map<String, Object>> items) {
        int warnings = 0;
        int errors = 0;
        for (Map<String, Object> item : items) {
            Object status = item.get("status");
            if (RouterStatus.WARNING.equals(status)) {
                warnings++;
            } else if (RouterStatus.DISABLED.equals(status)) {
                errors++;
            }
        }
        return new int[]{items.size(), warnings, errors};
    }

    private void serviceStatus(Map<String, Object> doc, String name, String type) {
        String error = table.serviceErrors().get(name);
        if (error != null) {
            doc.put("error", List.of(error));
        }
        doc.put("status", error == null ? RouterStatus.ENABLED : RouterStatus.DISABLED);
        doc.put("usedBy", List.copyOf(usedBy.getOrDefault(name, Set.of())));
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

    private static void status(Map<String, Object> doc, RouterStatus status) {
        if (status == null) {
            doc.put("status", RouterStatus.DISABLED);
            return;
        }
        List<String> messages = new ArrayList<>(status.errors());
        messages.addAll(status.warnings());
        if (!messages.isEmpty()) {
            doc.put("error", messages);
        }
        doc.put("status", status.status());
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
        doc.put("main", d.main());
        if (!d.sans().isEmpty()) {
            doc.put("sans", d.sans());
        }
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
