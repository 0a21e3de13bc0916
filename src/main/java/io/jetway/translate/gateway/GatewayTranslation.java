package io.jetway.translate.gateway;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.kube.ObjectRef;

import java.util.List;
import java.util.Map;

/**
 * What the Gateway API objects become: the dynamic configuration, and the status each handled
 * object would get (written by the status writer on a cluster, printed by {@code jetway check}).
 *
 * @param classes  handled GatewayClasses: their conditions
 * @param gateways handled Gateways: conditions and listeners
 * @param routes   routes naming a handled Gateway: one entry per such parentRef
 */
public record GatewayTranslation(DynamicConfig config, Map<ObjectRef, List<GatewayCondition>> classes,
                                 Map<ObjectRef, GatewayStatus> gateways, Map<ObjectRef, List<RouteParentStatus>> routes) {

    public GatewayTranslation {
        classes = Map.copyOf(classes);
        gateways = Map.copyOf(gateways);
        routes = Map.copyOf(routes);
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
