package io.jetway.kube;

import java.util.Set;

/**
 * The API groups, versions and kinds Jetway reads; anything else in a manifest is skipped with one
 * log line. Traefik's kinds are read at {@code v1alpha1}, the only version Traefik serves.
 */
public final class KnownKinds {

    public static final Set<String> TRAEFIK_GROUPS = Set.of("traefik.io", "traefik.containo.us");
    public static final String TRAEFIK_VERSION = "v1alpha1";

    private static final Set<String> TRAEFIK_KINDS = Set.of("IngressRoute", "Middleware", "TraefikService", "ServersTransport",
            "TLSOption", "TLSStore", "IngressRouteTCP", "IngressRouteUDP", "MiddlewareTCP", "ServersTransportTCP");
    private static final Set<String> CORE_KINDS = Set.of("Service", "Endpoints", "Secret", "ConfigMap", "Node", "Namespace");
    public static final String GATEWAY_GROUP = "gateway.networking.k8s.io";
    /** The Gateway API kinds read at v1 (ReferenceGrant also at v1beta1, where Traefik reads it). */
    private static final Set<String> GATEWAY_V1_KINDS = Set.of("GatewayClass", "Gateway", "HTTPRoute", "GRPCRoute",
            "TLSRoute", "ReferenceGrant", "BackendTLSPolicy");
    /** The experimental channel's kinds, read at v1alpha2 (as Traefik, which translates them only with that channel on). */
    private static final Set<String> GATEWAY_V1ALPHA2_KINDS = Set.of("TCPRoute", "UDPRoute");
    private static final Set<String> DISCOVERY_KINDS = Set.of("EndpointSlice");
    private static final Set<String> NETWORKING_KINDS = Set.of("Ingress", "IngressClass");

    private KnownKinds() {
    }

    public static boolean isKnown(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        if (TRAEFIK_GROUPS.contains(group)) {
            return version.equals(TRAEFIK_VERSION) && TRAEFIK_KINDS.contains(kind);
        }
        if (group.isEmpty()) {
            return version.equals("v1") && CORE_KINDS.contains(kind);
        }
        if (group.equals("networking.k8s.io")) {
            // v1beta1 Ingresses still appear in older manifests (seed 004 shows both shapes).
            return (version.equals("v1") || version.equals("v1beta1")) && NETWORKING_KINDS.contains(kind);
        }
        if (group.equals(GATEWAY_GROUP)) {
            return version.equals("v1") && GATEWAY_V1_KINDS.contains(kind)
                    || version.equals("v1beta1") && kind.equals("ReferenceGrant")
                    || version.equals("v1alpha2") && GATEWAY_V1ALPHA2_KINDS.contains(kind);
        }
        if (group.equals("extensions")) {
            return version.equals("v1beta1") && kind.equals("Ingress");
        }
        return group.equals("discovery.k8s.io") && version.equals("v1") && DISCOVERY_KINDS.contains(kind);
    }

    /** True for an object of Traefik's API groups that Jetway skips: most likely a mistake, worth a warning. */
    public static boolean isMistakenTraefikObject(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        return slash > 0 && TRAEFIK_GROUPS.contains(apiVersion.substring(0, slash)) && !isKnown(apiVersion, kind);
    }

    /** Why an object that {@link #isKnown} refuses is skipped, in the user's terms. */
    public static String skippedBecause(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        if (TRAEFIK_GROUPS.contains(group) && TRAEFIK_KINDS.contains(kind)) {
            return "skipped: Jetway reads " + kind + " as " + group + "/" + TRAEFIK_VERSION + ", not " + apiVersion;
        }
        return "skipped: Jetway does not read " + apiVersion + " " + kind;
    }
}
