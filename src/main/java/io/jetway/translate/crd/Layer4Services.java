package io.jetway.translate.crd;

import io.jetway.dynamic.ServiceConfig.WeightedChild;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Node;
import io.jetway.kube.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What IngressRouteTCP and IngressRouteUDP share: each route's {@code services} resolved to the
 * addresses of their Kubernetes Services, and Traefik's shape of the route's service (one load
 * balancer, or a weighted service over one per Service).
 */
final class Layer4Services {

    private final CrdOptions options;
    private final ServiceServers servers;
    private final List<Problem> problems;

    /** One of a route's services, resolved; {@code ref} is its entry, for the fields only one layer reads. */
    record Backend(Node ref, String name, String port, int weight, List<String> addresses) {
    }

    Layer4Services(CrdOptions options, ServiceServers servers, List<Problem> problems) {
        this.options = options;
        this.servers = servers;
        this.problems = problems;
    }

    /**
     * Puts the route's service into {@code out} under the router's name: the load balancer of its one
     * service, or a weighted service over children {@code <router>-<service>-<port>}. As in Traefik, a
     * service that cannot be built is left out of the weighted one (a warning on the route); when none
     * can, each is an error and the router has no service.
     *
     * @param routerKey    the router's name without the provider
     * @param loadBalancer builds one service's load balancer; may throw {@link TranslationException}
     * @return whether the router's service exists
     */
    <S> boolean translate(KubeObject owner, Node route, String routerKey, Function<Backend, S> loadBalancer,
                          Function<List<WeightedChild>, S> weighted, Map<String, S> out) {
        String routerName = CrdNames.qualify(routerKey);
        List<Node> refs = route.get("services").list();
        if (refs.isEmpty()) {
            problems.add(new Problem(owner.ref(), routerName, route.get("services").path() + ": at least one service is required"));
            return false;
        }
        List<WeightedChild> children = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        servers.takeSkipped(); // what earlier resolutions skipped is not this route's
        for (Node ref : refs) {
            try {
                Backend backend = resolve(ref, owner.namespace());
                S built = loadBalancer.apply(backend);
                if (refs.size() == 1) {
                    out.put(routerName, built);
                } else {
                    String child = CrdNames.qualify(routerKey + "-" + backend.name() + "-" + backend.port());
                    out.put(child, built);
                    children.add(new WeightedChild(child, backend.weight()));
                }
            } catch (TranslationException | Node.InvalidFieldException e) {
                failures.add(e.getMessage());
            }
        }
        // Invalid endpoints are left out, as Traefik ignores them; the route serves with the others.
        servers.takeSkipped().forEach(skipped -> problems.add(Problem.warning(owner.ref(), routerName, "an endpoint is skipped: " + skipped)));
        boolean served = failures.isEmpty() || !children.isEmpty();
        for (String failure : failures) {
            problems.add(served ? Problem.warning(owner.ref(), routerName, failure + "; the route serves with its other services")
                    : new Problem(owner.ref(), routerName, failure));
        }
        if (!children.isEmpty()) {
            out.put(routerName, weighted.apply(children));
        }
        return served;
    }

    private Backend resolve(Node ref, String ownerNamespace) {
        String name = ref.get("name").requiredString();
        String namespace = ref.get("namespace").string("");
        namespace = namespace.isEmpty() ? ownerNamespace : namespace;
        if (!options.allowCrossNamespace() && !namespace.equals(ownerNamespace)) {
            throw new TranslationException(ref.path() + ": service " + namespace + "/" + name
                    + ": cross-namespace reference from namespace " + ownerNamespace
                    + " is not allowed (providers.kubernetescrd.allowcrossnamespace is false)");
        }
        String port = port(ref.get("port"));
        Node weightNode = ref.get("weight");
        int weight = weightNode.integer(1);
        if (weight < 0) {
            throw new TranslationException(weightNode.path() + ": must not be negative, got " + weight);
        }
        boolean nativeLB = ref.get("nativeLB").bool(options.nativeLBByDefault());
        boolean nodePortLB = ref.get("nodePortLB").bool(false);
        try {
            return new Backend(ref, name, port, weight, servers.addresses(namespace, name, port, nativeLB, nodePortLB));
        } catch (TranslationException e) {
            throw new TranslationException(ref.path() + ": " + e.getMessage());
        }
    }

    /**
     * A port number or name. Required, even for an ExternalName Service that has a port: Traefik's CRD
     * requires it and its provider refuses a service without one ("ingressRoute service port not
     * defined"), whatever its documentation's "port defined on the Service" example shows.
     */
    private static String port(Node port) {
        String value = port.string("");
        if (value.isEmpty() || value.equals("0")) {
            throw new TranslationException(port.path() + ": is required, also for an ExternalName Service"
                    + " (Traefik's IngressRouteTCP and IngressRouteUDP require it)" + port.lookalikeHint());
        }
        return value;
    }
}
