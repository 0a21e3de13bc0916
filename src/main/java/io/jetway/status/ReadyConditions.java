package io.jetway.status;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.RoutingTable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Ready condition each object deserves after a build: False with every error the translator
 * and the builder tied to it (problems, disabled routers, broken services and middlewares), True
 * otherwise.
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
        return errors;
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
