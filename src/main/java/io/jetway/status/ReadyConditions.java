package io.jetway.status;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.TcpMiddlewareConfig;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TcpServiceConfig;
import io.jetway.dynamic.UdpRouterConfig;
import io.jetway.dynamic.UdpServiceConfig;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.layer4.Layer4Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The Ready condition each object deserves after a build: False with every error the translator
 * and the builder tied to it (problems, disabled routers, broken services and middlewares, HTTP
 * and layer 4), True otherwise.
 */
public final class ReadyConditions {

    static final String ACCEPTED = "Accepted";
    static final String INVALID = "Invalid";
    /** Kubernetes caps a condition message at 32 KiB; keep it readable in kubectl too. */
    static final int MAX_MESSAGE = 1024;

    /** The desired condition of one object, without its times. */
    record Ready(boolean ready, String reason, String message) {
    }

    private ReadyConditions() {
    }

    /** Errors per object, in the order they were found; objects without errors are absent. */
    static Map<ObjectRef, Set<String>> errorsByObject(RoutingTable table) {
        DynamicConfig config = table.config();
        Map<ObjectRef, Set<String>> errors = new LinkedHashMap<>();
        for (Problem p : config.problems()) {
            add(errors, p.object(), p.message());
        }
        for (RouterStatus s : table.routerStatuses()) {
            RouterConfig router = config.routers().get(s.name());
            if (router != null && s.status().equals(RouterStatus.DISABLED)) {
                s.errors().forEach(e -> add(errors, router.source(), e));
            }
        }
        table.serviceErrors().forEach((name, error) -> {
            ServiceConfig service = config.services().get(name);
            add(errors, service == null ? null : service.source(), error);
        });
        table.middlewareErrors().forEach((name, error) -> {
            MiddlewareConfig middleware = config.middlewares().get(name);
            add(errors, middleware == null ? null : middleware.source(), error);
        });
        addLayer4(errors, table.layer4());
        return errors;
    }

    /**
     * The layer-4 build errors, as for HTTP: a disabled router's on its IngressRouteTCP or
     * IngressRouteUDP, a service's on the route that declared it, a MiddlewareTCP's on itself. A
     * bad ServersTransportTCP never reaches the build (the translator reports it on itself), and a
     * missing one is an error of the service that names it.
     */
    private static void addLayer4(Map<ObjectRef, Set<String>> errors, Layer4Table layer4) {
        Layer4Config config = layer4.config();
        // By name: the table's maps have no stable order, and a message must not change between replicas.
        new TreeMap<>(layer4.tcpRouterStatuses()).forEach((name, s) -> {
            TcpRouterConfig router = config.tcpRouters().get(name);
            addDisabled(errors, router == null ? null : router.source(), s);
        });
        new TreeMap<>(layer4.udpRouterStatuses()).forEach((name, s) -> {
            UdpRouterConfig router = config.udpRouters().get(name);
            addDisabled(errors, router == null ? null : router.source(), s);
        });
        new TreeMap<>(layer4.serviceErrors()).forEach((name, error) -> {
            TcpServiceConfig tcp = config.tcpServices().get(name);
            UdpServiceConfig udp = config.udpServices().get(name);
            add(errors, tcp != null ? tcp.source() : udp != null ? udp.source() : null, error);
        });
        new TreeMap<>(layer4.middlewareErrors()).forEach((name, error) -> {
            TcpMiddlewareConfig middleware = config.tcpMiddlewares().get(name);
            add(errors, middleware == null ? null : middleware.source(), error);
        });
    }

    private static void addDisabled(Map<ObjectRef, Set<String>> errors, ObjectRef source, RouterStatus status) {
        if (status.status().equals(RouterStatus.DISABLED)) {
            status.errors().forEach(e -> add(errors, source, e));
        }
    }

    static Ready of(ObjectRef object, Map<ObjectRef, Set<String>> errors) {
        Set<String> mine = errors.get(object);
        if (mine == null || mine.isEmpty()) {
            return new Ready(true, ACCEPTED, "Accepted by Jetway");
        }
        String message = String.join("; ", new ArrayList<>(mine));
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE - 3) + "...";
        }
        return new Ready(false, INVALID, message);
    }

    /** The objects of these kinds that produced a router (Ingresses the translator took). */
    static Set<ObjectRef> routedObjects(RoutingTable table, String kind) {
        Set<ObjectRef> refs = new LinkedHashSet<>();
        for (RouterConfig router : table.config().routers().values()) {
            if (router.source() != null && router.source().kind().equals(kind)) {
                refs.add(router.source());
            }
        }
        return refs;
    }

    private static void add(Map<ObjectRef, Set<String>> errors, ObjectRef object, String error) {
        if (object != null && error != null) {
            errors.computeIfAbsent(object, k -> new LinkedHashSet<>()).add(error);
        }
    }

    /** The kinds that get a Ready condition, from the problems tied to each object. */
    public static List<String> statusKinds() {
        return List.of("IngressRoute", "Middleware", "TraefikService",
                "IngressRouteTCP", "IngressRouteUDP", "MiddlewareTCP", "ServersTransportTCP");
    }
}
