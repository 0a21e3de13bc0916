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
 * @param policies BackendTLSPolicies targeting a Service that a route of a handled Gateway reaches:
 *                 one entry per ancestor (the Gateway listener)
 */
public record GatewayApiStatus(Map<ObjectRef, List<GatewayCondition>> classes, Map<ObjectRef, GatewayStatus> gateways,
                               Map<ObjectRef, List<RouteParentStatus>> routes,
                               Map<ObjectRef, List<PolicyAncestorStatus>> policies) {

    /** The controller name of the GatewayClasses Jetway handles: Traefik's, so existing manifests work. */
    public static final String CONTROLLER_NAME = "traefik.io/gateway-controller";

    public static final GatewayApiStatus EMPTY = new GatewayApiStatus(Map.of(), Map.of(), Map.of(), Map.of());

    public GatewayApiStatus {
        classes = Map.copyOf(classes);
        gateways = Map.copyOf(gateways);
        routes = Map.copyOf(routes);
        policies = Map.copyOf(policies);
    }

    public GatewayApiStatus(Map<ObjectRef, List<GatewayCondition>> classes, Map<ObjectRef, GatewayStatus> gateways,
                            Map<ObjectRef, List<RouteParentStatus>> routes) {
        this(classes, gateways, routes, Map.of());
    }

    public boolean isEmpty() {
        return classes.isEmpty() && gateways.isEmpty() && routes.isEmpty() && policies.isEmpty();
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
        Map<ObjectRef, List<PolicyAncestorStatus>> p = new LinkedHashMap<>(policies);
        p.putAll(other.policies);
        return new GatewayApiStatus(c, g, r, p);
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

    /**
     * A policy's status for one ancestor.
     *
     * @param ancestorRef the ancestor (group, kind, namespace, name, sectionName)
     */
    public record PolicyAncestorStatus(Map<String, Object> ancestorRef, List<GatewayCondition> conditions) {
        public PolicyAncestorStatus {
            ancestorRef = Map.copyOf(ancestorRef);
            conditions = List.copyOf(conditions);
        }
    }
}
