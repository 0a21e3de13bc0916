package io.jetway.provider.kubernetes;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

import java.util.ArrayList;
import java.util.List;

/**
 * One kind the Kubernetes provider watches: where it lives in the API, and whether the label
 * selector applies to it (Traefik's kinds and Ingresses; not Services, EndpointSlices, Secrets).
 */
public record WatchedKind(String group, String version, String kind, String plural, boolean namespaced,
                          boolean selectable) {

    static final String GATEWAY_API_GROUP = "gateway.networking.k8s.io";

    /** Traefik's kinds, read from both API groups. */
    static final List<String> TRAEFIK_KINDS = List.of("IngressRoute", "Middleware", "TraefikService", "ServersTransport",
            "TLSOption", "TLSStore", "IngressRouteTCP", "IngressRouteUDP", "MiddlewareTCP", "ServersTransportTCP");
    static final List<String> TRAEFIK_GROUPS = List.of("traefik.io", "traefik.containo.us");

    /** What every Kubernetes provider needs to resolve backends and secrets. */
    static final List<WatchedKind> CORE = List.of(
            new WatchedKind("", "v1", "Service", "services", true, false),
            new WatchedKind("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, false),
            new WatchedKind("", "v1", "Secret", "secrets", true, false),
            new WatchedKind("", "v1", "Node", "nodes", false, false));

    static final List<WatchedKind> INGRESS = List.of(
            new WatchedKind("networking.k8s.io", "v1", "Ingress", "ingresses", true, true),
            new WatchedKind("networking.k8s.io", "v1", "IngressClass", "ingressclasses", false, false));

    /**
     * The Gateway API kinds (Traefik v3.7 reads these versions), Namespaces for listeners'
     * namespace selectors; TCPRoute only from the experimental channel. The provider's label
     * selector is for Traefik's kinds: Gateway API objects are all read.
     */
    static List<WatchedKind> gateway(boolean experimentalChannel) {
        String group = GATEWAY_API_GROUP;
        List<WatchedKind> kinds = new ArrayList<>(List.of(
                new WatchedKind(group, "v1", "GatewayClass", "gatewayclasses", false, false),
                new WatchedKind(group, "v1", "Gateway", "gateways", true, false),
                new WatchedKind(group, "v1", "HTTPRoute", "httproutes", true, false),
                new WatchedKind(group, "v1", "GRPCRoute", "grpcroutes", true, false),
                new WatchedKind(group, "v1", "TLSRoute", "tlsroutes", true, false),
                new WatchedKind(group, "v1beta1", "ReferenceGrant", "referencegrants", true, false),
                new WatchedKind(group, "v1", "BackendTLSPolicy", "backendtlspolicies", true, false),
                new WatchedKind("", "v1", "Namespace", "namespaces", false, false),
                // BackendTLSPolicies name CA certificates in ConfigMaps.
                new WatchedKind("", "v1", "ConfigMap", "configmaps", true, false)));
        if (experimentalChannel) {
            kinds.add(new WatchedKind(group, "v1alpha2", "TCPRoute", "tcproutes", true, false));
            kinds.add(new WatchedKind(group, "v1alpha2", "UDPRoute", "udproutes", true, false));
        }
        return List.copyOf(kinds);
    }

    static List<WatchedKind> traefik() {
        List<WatchedKind> kinds = new ArrayList<>();
        for (String group : TRAEFIK_GROUPS) {
            for (String kind : TRAEFIK_KINDS) {
                kinds.add(new WatchedKind(group, "v1alpha1", kind, kind.toLowerCase() + "s", true, true));
            }
        }
        return List.copyOf(kinds);
    }

    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public boolean isGatewayApi() {
        return group.equals(GATEWAY_API_GROUP);
    }

    public boolean isTraefik() {
        return TRAEFIK_GROUPS.contains(group);
    }

    public ResourceDefinitionContext context() {
        return new ResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withKind(kind)
                .withPlural(plural).withNamespaced(namespaced).build();
    }

    @Override
    public String toString() {
        return plural + (group.isEmpty() ? "" : "." + group);
    }
}
