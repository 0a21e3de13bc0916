package io.jetway.translate.crd;

import io.jetway.dynamic.UdpRouterConfig;
import io.jetway.dynamic.UdpServiceConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.Problem;

import java.util.List;
import java.util.Map;

/**
 * IngressRouteUDP to UDP routers and services. UDP routes have no rule, so Traefik names each by
 * its position: router = service = {@code <ns>-<name>-<route index>}, not normalized.
 */
final class UdpRouteTranslator {

    private final Layer4Services services;
    private final List<Problem> problems;
    private final Map<String, UdpRouterConfig> routers;
    private final Map<String, UdpServiceConfig> udpServices;

    UdpRouteTranslator(Layer4Services services, List<Problem> problems, Map<String, UdpRouterConfig> routers,
                       Map<String, UdpServiceConfig> udpServices) {
        this.services = services;
        this.problems = problems;
        this.routers = routers;
        this.udpServices = udpServices;
    }

    void translate(KubeObject o) {
        List<String> entryPoints = o.spec().get("entryPoints").strings();
        List<Node> routes = o.spec().get("routes").list();
        if (routes.isEmpty()) {
            problems.add(new Problem(o.ref(), null, "spec.routes: at least one route is required"));
        }
        for (int i = 0; i < routes.size(); i++) {
            String key = o.namespace() + "-" + o.name() + "-" + i;
            String name = CrdNames.qualify(key);
            routers.put(name, new UdpRouterConfig(name, entryPoints, name, o.ref()));
            try {
                services.translate(o, routes.get(i), key, backend -> loadBalancer(backend, o),
                        children -> new UdpServiceConfig.Weighted(children, o.ref()), udpServices);
            } catch (TranslationException | Node.InvalidFieldException e) {
                problems.add(new Problem(o.ref(), name, e.getMessage()));
            }
        }
    }

    private static UdpServiceConfig.LoadBalancer loadBalancer(Layer4Services.Backend backend, KubeObject o) {
        return new UdpServiceConfig.LoadBalancer(backend.addresses(), proxyProtocolVersion(backend.ref().get("proxyProtocol")), o.ref());
    }

    /**
     * Jetway's extension (Traefik #8613): {@code proxyProtocol: {version: 2}} sends each datagram to
     * the server behind a PROXY protocol v2 header naming the client. Only version 2 can say
     * "datagram"; an empty one means 2, as on an IngressRouteTCP service.
     */
    private static int proxyProtocolVersion(Node field) {
        if (field.isMissing()) {
            return 0;
        }
        Node version = field.get("version");
        int v = version.integer(2);
        if (v != 2) {
            throw new TranslationException(version.path() + ": must be 2 (only PROXY protocol v2 carries a UDP client's"
                    + " address), got " + v);
        }
        return v;
    }
}
