package io.jetway.translate.gateway;

import io.jetway.dynamic.GatewayCondition;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.UdpRouterConfig;
import io.jetway.dynamic.UdpServiceConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.ResourceSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * UDPRoutes (v1alpha2, experimental channel), beyond Traefik, which has none: each rule of a route
 * on a UDP listener becomes a UDP router on the listener's entry point, its backendRefs a weighted
 * service of load balancers; names follow Traefik's scheme for TCPRoutes.
 */
final class UdpRoutes {

    static final String KIND = "UDPRoute";

    /** Where the UDP routers and services go. */
    record Output(Map<String, UdpRouterConfig> routers, Map<String, UdpServiceConfig> services) {
    }

    private final ResourceSnapshot resources;
    private final HttpBackends backends;
    private final Output out;
    private final HttpRoutes.Output statuses;

    UdpRoutes(ResourceSnapshot resources, GatewayOptions options, Output out, HttpRoutes.Output statuses) {
        this.resources = resources;
        this.backends = new HttpBackends(resources, options);
        this.out = out;
        this.statuses = statuses;
    }

    void translate(KubeObject route, List<RouteParents.Parent> parents) {
        RouteAttachment.attach(route, KIND, parents, false, (listener, hostnames) -> load(route, listener), this::merge, statuses);
    }

    private static final class Parts {
        final Map<String, UdpRouterConfig> routers = new LinkedHashMap<>();
        final Map<String, UdpServiceConfig> services = new LinkedHashMap<>();
    }

    private void merge(Parts parts) {
        out.routers().putAll(parts.routers);
        out.services().putAll(parts.services);
    }

    private RouteAttachment.Loaded<Parts> load(KubeObject route, GatewayListener listener) {
        Parts parts = new Parts();
        GatewayCondition condition = GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", "");
        String entryPoint = listener.entryPoint() == null ? "" : listener.entryPoint();
        List<Node> rules = route.spec().get("rules").list();
        for (int ri = 0; ri < rules.size(); ri++) {
            List<Node> refs = rules.get(ri).get("backendRefs").list();
            if (refs.isEmpty()) {
                continue;
            }
            String routerName = GatewayNames.qualify(GatewayNames.routerName(GatewayNames.routeKey(KIND, route.namespace(), route.name(),
                    listener.gatewayNamespace(), listener.gatewayName(), entryPoint, ri), ""));
            List<ServiceConfig.WeightedChild> children = new ArrayList<>();
            for (int bi = 0; bi < refs.size(); bi++) {
                Node ref = refs.get(bi);
                String namespace = ref.get("namespace").string(route.namespace());
                String name = ref.get("name").string("");
                String childName = routerName.replace("@" + GatewayNames.PROVIDER, "") + "-svc-" + namespace + "-" + name + "-" + bi;
                String group = ref.get("group").string("");
                String kind = ref.get("kind").string("Service");
                try {
                    if (!(group.isEmpty() || group.equals("core")) || !kind.equals("Service")) {
                        throw new HttpBackends.BackendException("InvalidKind", "Cannot load UDPRoute BackendRef " + namespace + "/"
                                + name + ": unsupported kind " + (group.isEmpty() ? "core" : group) + "/" + kind);
                    }
                    if (!ReferenceGrants.granted(resources, KIND, route.namespace(), "", "Service", name, namespace)) {
                        throw new HttpBackends.BackendException("RefNotPermitted", "Cannot load UDPRoute BackendRef " + namespace + "/"
                                + name + ": missing ReferenceGrant");
                    }
                    int port = ref.get("port").integer(0);
                    if (port == 0) {
                        throw new HttpBackends.BackendException("UnsupportedProtocol", "Cannot load UDPRoute BackendRef " + namespace
                                + "/" + name + ": port is required");
                    }
                    parts.services.put(GatewayNames.qualify(childName), backends.udpLoadBalancer(namespace, name, port, route.ref()));
                } catch (HttpBackends.BackendException e) {
                    condition = GatewayCondition.isFalse("ResolvedRefs", e.reason, e.getMessage());
                    // No server: datagrams for this share are dropped.
                    parts.services.put(GatewayNames.qualify(childName), new UdpServiceConfig.LoadBalancer(List.of(), 0, route.ref()));
                }
                children.add(new ServiceConfig.WeightedChild(GatewayNames.qualify(childName), ref.get("weight").integer(1)));
            }
            parts.services.put(routerName, new UdpServiceConfig.Weighted(children, route.ref()));
            parts.routers.put(routerName, new UdpRouterConfig(routerName, List.of(entryPoint), routerName, route.ref()));
        }
        return new RouteAttachment.Loaded<>(parts, condition);
    }
}
