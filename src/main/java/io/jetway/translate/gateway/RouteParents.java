package io.jetway.translate.gateway;

import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which handled Gateways a route's parentRefs name, which of their listeners a parentRef targets,
 * and the hostnames a route gets on a listener.
 */
final class RouteParents {

    /** A parentRef naming a handled Gateway, with all that Gateway's listeners. */
    record Parent(Node ref, List<GatewayListener> listeners) {
    }

    private RouteParents() {
    }

    /** parentRefs to other controllers' Gateways (or to other kinds) are left out: they get no status from Jetway. */
    static List<Parent> of(KubeObject route, Map<String, List<GatewayListener>> gateways) {
        List<Parent> parents = new ArrayList<>();
        for (Node ref : route.spec().get("parentRefs").list()) {
            if (!ref.get("group").string(ReferenceGrants.GATEWAY_GROUP).equals(ReferenceGrants.GATEWAY_GROUP)
                    || !ref.get("kind").string("Gateway").equals("Gateway")) {
                continue;
            }
            String namespace = ref.get("namespace").string(route.namespace());
            List<GatewayListener> listeners = gateways.get(namespace + "/" + ref.get("name").string(""));
            if (listeners != null) {
                parents.add(new Parent(ref, listeners));
            }
        }
        return parents;
    }

    /** sectionName and port narrow a parentRef to some listeners. */
    static boolean targets(Node ref, GatewayListener listener) {
        String section = ref.get("sectionName").string("");
        if (!section.isEmpty() && !section.equals(listener.name())) {
            return false;
        }
        Node port = ref.get("port");
        return port.isMissing() || port.integer(0) == listener.port();
    }

    /**
     * The route's hostnames on a listener: the route's when the listener has none, the listener's
     * when the route has none, else their intersection (a {@code *.} wildcard on either side
     * admits the more specific name); null when they do not intersect.
     */
    static List<String> hostnames(String listenerHostname, List<String> routeHostnames) {
        if (listenerHostname == null) {
            return routeHostnames;
        }
        if (routeHostnames.isEmpty()) {
            return List.of(listenerHostname);
        }
        List<String> matches = new ArrayList<>();
        for (String routeHostname : routeHostnames) {
            String match = intersection(listenerHostname, routeHostname);
            if (match == null) {
                match = intersection(routeHostname, listenerHostname);
            }
            if (match != null) {
                matches.add(match);
            }
        }
        return matches.isEmpty() ? null : matches;
    }

    private static String intersection(String wide, String narrow) {
        if (wide.equals(narrow)) {
            return wide;
        }
        if (!wide.startsWith("*.")) {
            return null;
        }
        return narrow.endsWith(wide.substring(1)) ? narrow : null;
    }
}
