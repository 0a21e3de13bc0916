package io.jetway.config;

/**
 * Options of the Kubernetes CRD provider (Traefik's {@code providers.kubernetesCRD}).
 *
 * @param allowCrossNamespace let resources reference objects in other namespaces
 * @param allowEmptyServices  keep routers whose services have no endpoints (they answer 503)
 * @param allowExternalNameServices let routes use Services of type ExternalName
 */
public record KubernetesCrdConfig(boolean allowCrossNamespace, boolean allowEmptyServices,
                                  boolean allowExternalNameServices) {

    public static final KubernetesCrdConfig DEFAULTS = new KubernetesCrdConfig(false, false, false);
}
