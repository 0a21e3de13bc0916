package io.jetway.translate.gateway;

import io.jetway.dynamic.GatewayCondition;
import io.jetway.dynamic.GatewayApiStatus;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.Layer4Config;
import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.dynamic.TlsCertificate;
import io.jetway.dynamic.TlsConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.LabelSelector;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The Gateway API objects of a snapshot into Traefik's dynamic configuration (provider
 * {@code kubernetesgateway}), in Traefik's order: GatewayClasses of Traefik's controller name,
 * their Gateways' listeners, then the routes attached to them.
 */
public final class GatewayTranslator {

    /**
     * Without any GatewayClass in the input (a manifests directory, where Traefik's Helm chart did
     * not install one), Gateways of these classes are handled, each with a warning that says so.
     */
    static final Set<String> CLUSTER_FREE_CLASSES = Set.of("traefik", "jetway");

    private GatewayTranslator() {
    }

    public static GatewayTranslation translate(ResourceSnapshot resources, GatewayOptions options) {
        List<Problem> problems = new ArrayList<>();
        Map<ObjectRef, List<GatewayCondition>> classStatuses = new LinkedHashMap<>();
        Set<String> handledClasses = new java.util.HashSet<>();
        List<KubeObject> classes = resources.ofKind("GatewayClass").stream().filter(GatewayTranslator::gatewayApi).toList();
        LabelSelector selector = LabelSelector.parse(options.labelSelector());
        for (KubeObject gatewayClass : classes) {
            if (GatewayOptions.CONTROLLER_NAME.equals(gatewayClass.spec().get("controllerName").string(""))
                    && selector.matches(labels(gatewayClass))) {
                handledClasses.add(gatewayClass.name());
                classStatuses.put(gatewayClass.ref(), List.of(GatewayCondition.isTrue("Accepted", "Handled",
                        "Handled by Jetway (controller " + GatewayOptions.CONTROLLER_NAME + ")")));
            }
        }
        boolean clusterFree = classes.isEmpty();

        Map<String, TlsCertificate> certificates = new TreeMap<>();
        Map<String, List<GatewayListener>> gateways = new LinkedHashMap<>();
        Map<ObjectRef, KubeObject> gatewayObjects = new LinkedHashMap<>();
        Listeners listeners = new Listeners(resources, options);
        for (KubeObject gateway : resources.ofKind("Gateway")) {
            if (!gatewayApi(gateway) || !watched(gateway, options)) {
                continue;
            }
            String className = gateway.spec().get("gatewayClassName").string("");
            if (!handledClasses.contains(className)) {
                if (!(clusterFree && CLUSTER_FREE_CLASSES.contains(className))) {
                    continue;
                }
                problems.add(Problem.warning(gateway.ref(), null, "GatewayClass " + className + " is not in the input;"
                        + " handled as if it named controller " + GatewayOptions.CONTROLLER_NAME + " (as Traefik's Helm chart installs it)"));
            }
            List<GatewayListener> loaded = listeners.load(gateway, certificates,
                    warning -> problems.add(Problem.warning(gateway.ref(), null, warning)));
            gateways.put(gateway.namespace() + "/" + gateway.name(), loaded);
            gatewayObjects.put(gateway.ref(), gateway);
        }

        HttpRoutes.Output out = new HttpRoutes.Output(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(),
                new LinkedHashMap<>(), new LinkedHashMap<>(), problems);
        HttpRoutes httpRoutes = new HttpRoutes(resources, options, out);
        for (KubeObject route : resources.ofKind(HttpRoutes.KIND)) {
            if (!gatewayApi(route) || !watched(route, options)) {
                continue;
            }
            List<RouteParents.Parent> parents = RouteParents.of(route, gateways);
            if (!parents.isEmpty()) {
                httpRoutes.translate(route, parents);
            }
        }
        Layer4Routes.Output layer4 = new Layer4Routes.Output(new TreeMap<>(), new TreeMap<>());
        translateOtherRoutes(resources, options, gateways, out, layer4, problems);
        UdpRoutes.Output udp = new UdpRoutes.Output(new TreeMap<>(), new TreeMap<>());
        UdpRoutes udpRoutes = new UdpRoutes(resources, options, udp, out);
        for (KubeObject route : routes(resources, UdpRoutes.KIND, options)) {
            if (!options.experimentalChannel()) {
                problems.add(Problem.warning(route.ref(), null, "ignored: UDPRoutes are read only with the experimental channel"
                        + " (--providers.kubernetesgateway.experimentalchannel=true)"));
                continue;
            }
            List<RouteParents.Parent> parents = RouteParents.of(route, gateways);
            if (!parents.isEmpty()) {
                udpRoutes.translate(route, parents);
            }
        }

        Map<ObjectRef, GatewayApiStatus.GatewayStatus> gatewayStatuses = new LinkedHashMap<>();
        gatewayObjects.forEach((ref, gateway) -> {
            List<GatewayListener> loaded = gateways.get(gateway.namespace() + "/" + gateway.name());
            gatewayStatuses.put(ref, gatewayStatus(loaded, out.attached()));
            for (GatewayListener listener : loaded) {
                if (!listener.conditions().isEmpty()) {
                    problems.add(Problem.warning(ref, null, "listener " + listener.name() + ": " + listener.conditions().stream()
                            .map(c -> c.type() + "=" + c.status() + " " + c.reason() + (c.message().isEmpty() ? "" : " (" + c.message() + ")"))
                            .collect(Collectors.joining("; "))));
                }
            }
        });
        out.statuses().forEach((ref, parents) -> {
            for (GatewayApiStatus.RouteParentStatus parent : parents) {
                for (GatewayCondition c : parent.conditions()) {
                    if (!c.holds()) {
                        String text = "parentRef " + parent.parentRef().get("name") + ": " + c.type() + "=False " + c.reason()
                                + (c.message().isEmpty() ? "" : " (" + c.message() + ")");
                        problems.add(c.type().equals("Accepted") ? new Problem(ref, null, text) : Problem.warning(ref, null, text));
                    }
                }
            }
        });

        Map<String, RouterConfig> routers = out.routers();
        Map<String, ServiceConfig> services = out.services();
        Map<String, MiddlewareConfig> middlewares = out.middlewares();
        GatewayApiStatus status = new GatewayApiStatus(classStatuses, gatewayStatuses, out.statuses(), httpRoutes.policyStatuses());
        return new GatewayTranslation(new DynamicConfig(routers, services, middlewares, problems, httpRoutes.transports(),
                new TlsConfig(new ArrayList<>(certificates.values())),
                new Layer4Config(layer4.routers(), layer4.services(), Map.of(), Map.of(), udp.routers(), udp.services()), status));
    }

    /**
     * GRPCRoutes, TLSRoutes (then Traefik's deny-unknown-host router) and, with the experimental
     * channel, TCPRoutes, in Traefik's order, after the HTTPRoutes.
     */
    private static void translateOtherRoutes(ResourceSnapshot resources, GatewayOptions options,
                                             Map<String, List<GatewayListener>> gateways, HttpRoutes.Output out,
                                             Layer4Routes.Output layer4, List<Problem> problems) {
        GrpcRoutes grpcRoutes = new GrpcRoutes(resources, options, out);
        for (KubeObject route : routes(resources, GrpcRoutes.KIND, options)) {
            List<RouteParents.Parent> parents = RouteParents.of(route, gateways);
            if (!parents.isEmpty()) {
                grpcRoutes.translate(route, parents);
            }
        }
        Layer4Routes layer4Routes = new Layer4Routes(resources, options, layer4, out);
        for (KubeObject route : routes(resources, Layer4Routes.TLS_KIND, options)) {
            List<RouteParents.Parent> parents = RouteParents.of(route, gateways);
            if (!parents.isEmpty()) {
                layer4Routes.translateTls(route, parents);
            }
        }
        layer4Routes.denyUnknownHosts();
        for (KubeObject route : routes(resources, Layer4Routes.TCP_KIND, options)) {
            if (!options.experimentalChannel()) {
                // Traefik does not read them at all; say why nothing happens.
                problems.add(Problem.warning(route.ref(), null, "ignored: TCPRoutes are read only with the experimental channel"
                        + " (--providers.kubernetesgateway.experimentalchannel=true)"));
                continue;
            }
            List<RouteParents.Parent> parents = RouteParents.of(route, gateways);
            if (!parents.isEmpty()) {
                layer4Routes.translateTcp(route, parents);
            }
        }
    }

    private static List<KubeObject> routes(ResourceSnapshot resources, String kind, GatewayOptions options) {
        return resources.ofKind(kind).stream().filter(o -> gatewayApi(o) && watched(o, options)).toList();
    }

    private static GatewayApiStatus.GatewayStatus gatewayStatus(List<GatewayListener> listeners,
                                                                  Map<GatewayListener, Integer> attached) {
        List<GatewayApiStatus.ListenerStatus> statuses = new ArrayList<>();
        boolean allValid = true;
        for (GatewayListener listener : listeners) {
            List<GatewayCondition> conditions = listener.conditions();
            if (conditions.isEmpty()) {
                conditions = List.of(GatewayCondition.isTrue("Accepted", "Accepted", ""),
                        GatewayCondition.isTrue("ResolvedRefs", "ResolvedRefs", ""),
                        GatewayCondition.isTrue("Programmed", "Programmed", "No error found"));
            } else {
                allValid = false;
            }
            statuses.add(new GatewayApiStatus.ListenerStatus(listener.name(), listener.allowedKinds(),
                    attached.getOrDefault(listener, 0), conditions));
        }
        List<GatewayCondition> conditions = allValid
                ? List.of(GatewayCondition.isTrue("Accepted", "Accepted", "Gateway successfully scheduled"),
                        GatewayCondition.isTrue("Programmed", "Programmed", "Gateway successfully scheduled"))
                : List.of(GatewayCondition.isFalse("Accepted", "ListenersNotValid", "All Listeners must be valid"));
        return new GatewayApiStatus.GatewayStatus(conditions, statuses);
    }

    private static Map<String, String> labels(KubeObject o) {
        Map<String, String> labels = new LinkedHashMap<>();
        o.root().get("metadata").get("labels").map().forEach((k, v) -> labels.put(k, String.valueOf(v)));
        return labels;
    }

    private static boolean gatewayApi(KubeObject o) {
        return o.group().equals(ReferenceGrants.GATEWAY_GROUP);
    }

    private static boolean watched(KubeObject o, GatewayOptions options) {
        return options.namespaces().isEmpty() || options.namespaces().contains(o.namespace());
    }
}
