package io.jetway.translate.gateway;

import io.jetway.dynamic.GatewayCondition;
import io.jetway.dynamic.GatewayApiStatus;

import io.jetway.kube.KubeObject;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * A route's status per parentRef and the listeners it attaches to, as Traefik's provider works them
 * out for GRPCRoutes, TLSRoutes and TCPRoutes (the same steps as {@link HttpRoutes}): each listener
 * the parentRef targets must admit the kind and namespace and, except for TCPRoutes, share a
 * hostname; {@code Accepted} says why not, {@code ResolvedRefs} is the first failing listener's
 * (every listener's share of the route is built, attached or not). A route's parts are merged only
 * for a listener it attaches to that is valid.
 */
final class RouteAttachment {

    /** One listener's share of a route and its ResolvedRefs condition. */
    record Loaded<P>(P parts, GatewayCondition resolvedRefs) {
    }

    private RouteAttachment() {
    }

    /**
     * @param matchHostnames whether the route's hostnames must meet the listener's (TCPRoutes have none)
     * @param load           a listener's share, given the route's hostnames on it (empty when none match)
     * @param merge          takes the share of a listener the route attaches to
     */
    static <P> void attach(KubeObject route, String kind, List<RouteParents.Parent> parents, boolean matchHostnames,
                           BiFunction<GatewayListener, List<String>, Loaded<P>> load, Consumer<P> merge, HttpRoutes.Output out) {
        List<String> routeHostnames = matchHostnames ? route.spec().get("hostnames").strings() : List.of();
        List<GatewayApiStatus.RouteParentStatus> statuses = new ArrayList<>();
        for (RouteParents.Parent parent : parents) {
            GatewayCondition accepted = GatewayCondition.isFalse("Accepted", "NoMatchingParent", "");
            GatewayCondition resolved = null;
            for (GatewayListener listener : parent.listeners()) {
                boolean ok = RouteParents.targets(parent.ref(), listener);
                if (ok && !listener.admits(route.namespace(), kind)) {
                    if (!accepted.holds()) {
                        accepted = GatewayCondition.isFalse("Accepted", "NotAllowedByListeners", "");
                    }
                    ok = false;
                }
                List<String> hostnames = matchHostnames ? RouteParents.hostnames(listener.hostname(), routeHostnames) : List.of();
                if (ok && hostnames == null) {
                    if (!accepted.holds()) {
                        accepted = GatewayCondition.isFalse("Accepted", "NoMatchingListenerHostname", "");
                    }
                    ok = false;
                }
                if (ok) {
                    // Counted even when the route's references do not resolve.
                    out.attached().merge(listener, 1, Integer::sum);
                }
                Loaded<P> loaded = load.apply(listener, hostnames == null ? List.of() : hostnames);
                if (resolved == null || resolved.holds()) {
                    resolved = loaded.resolvedRefs();
                }
                if (ok && listener.valid()) {
                    merge.accept(loaded.parts());
                    accepted = GatewayCondition.isTrue("Accepted", "Accepted", "");
                }
            }
            List<GatewayCondition> conditions = new ArrayList<>();
            conditions.add(accepted);
            if (resolved != null) {
                conditions.add(resolved);
            }
            statuses.add(new GatewayApiStatus.RouteParentStatus(parent.ref().map(), conditions));
        }
        if (!statuses.isEmpty()) {
            out.statuses().put(route.ref(), statuses);
        }
    }
}
