package io.jetway.provider.kubernetes;

import java.util.Map;
import java.util.Set;

/**
 * Which IngressRoutes (HTTP, TCP, UDP) the CRD provider reads, as Traefik decides: an object's
 * class is its {@code spec.ingressClassName}, else its {@code kubernetes.io/ingress.class}
 * annotation; the provider's class (providers.kubernetesCRD.ingressClass) must equal it, and a
 * provider without one reads objects without a class and those of class {@code traefik}.
 */
final class IngressRouteClass {

    static final Set<String> CLASSED_KINDS = Set.of("IngressRoute", "IngressRouteTCP", "IngressRouteUDP");
    private static final String ANNOTATION = "kubernetes.io/ingress.class";
    private static final String TRAEFIK_DEFAULT = "traefik";

    private IngressRouteClass() {
    }

    /** The object's class, "" when it names none. */
    @SuppressWarnings("unchecked")
    static String of(Map<String, Object> document) {
        if (document.get("spec") instanceof Map<?, ?> spec && spec.get("ingressClassName") instanceof String name) {
            return name;
        }
        if (document.get("metadata") instanceof Map<?, ?> metadata && metadata.get("annotations") instanceof Map<?, ?> annotations
                && annotations.get(ANNOTATION) instanceof String annotation) {
            return annotation;
        }
        return "";
    }

    static boolean read(String providerClass, String objectClass) {
        return providerClass.equals(objectClass) || (providerClass.isEmpty() && objectClass.equals(TRAEFIK_DEFAULT));
    }
}
