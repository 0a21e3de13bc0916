package io.jetway.dynamic;

import io.jetway.kube.ObjectRef;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The status the Gateway API translation gives each handled object, carried with the
 * configuration to the status writer (on a cluster) and to {@code jetway check}.
 *
 * @param classes  handled GatewayClasses: their conditions
 * @param gateways handled Gateways: conditions and listeners
 * @param routes   routes naming a handled Gateway: one entry per such parentRef
 */
public record GatewayApiStatus(Map<ObjectRef, List<GatewayCondition>> classes, Map<ObjectRef, GatewayStatus> gateways,
                               Map<ObjectRef, List<RouteParentStatus>> routes) {

    /** The controller name of the GatewayClasses Jetway handles: Traefik's, so existing manifests work. */
    public static final String CONTROLLER_NAME = "traefik.io/gateway-controller";

    public static final GatewayApiStatus EMPTY = new GatewayApiStatus(Map.of(), Map.of(), Map.of());

    public GatewayApiStatus {
        classes = Map.copyOf(classes);
        gateways = Map.copyOf(gateways);
        routes = Map.copyOf(routes);
    }

    public boolean isEmpty() {
        return classes.isEmpty() && gateways.isEmpty() && routes.isEmpty();
    }

    /** Both, as one (objects come from one provider each, so they never overlap). */
    public GatewayApiStatus plus(GatewayApiStatus other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        Map<ObjectRef, List<GatewayCondition>> c = new LinkedHashMap<>(classes);
        c.putAll(other.classes);
        Map<ObjectRef, GatewayStatus> g = new LinkedHashMap<>(gateways);
        g.putAll(other.gateways);
        Map<ObjectRef, List<RouteParentStatus>> r = new LinkedHashMap<>(routes);
        r.putAll(other.routes);
        return new GatewayApiStatus(c, g, r);
    }

    /** A Gateway's status: its own conditions and one entry per listener. */
    public record GatewayStatus(List<GatewayCondition> conditions, List<ListenerStatus> listeners) {
        public GatewayStatus {
            conditions = List.copyOf(conditions);
            listeners = List.copyOf(listeners);
        }
    }

    public record ListenerStatus(String name, List<String> supportedKinds, int attachedRoutes,
                                 List<GatewayCondition> conditions) {
        public ListenerStatus {
            supportedKinds = List.copyOf(supportedKinds);
            conditions = List.copyOf(conditions);
        }
    }

    /**
     * A route's status for one parentRef.
     *
     * @param parentRef the parentRef as written (group, kind, namespace, name, sectionName, port)
     */
    public record RouteParentStatus(Map<String, Object> parentRef, List<GatewayCondition> conditions) {
        public RouteParentStatus {
            parentRef = Map.copyOf(parentRef);
            conditions = List.copyOf(conditions);
        }
    }
}
