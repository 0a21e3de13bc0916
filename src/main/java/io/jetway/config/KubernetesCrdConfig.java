package io.jetway.config;

/**
 * Options of the Kubernetes CRD provider (Traefik's {@code providers.kubernetesCRD}).
 *
 * @param allowCrossNamespace let resources reference objects in other namespaces
 * @param allowEmptyServices  keep routers whose services have no endpoints (they answer 503)
 */
public record KubernetesCrdConfig(boolean allowCrossNamespace, boolean allowEmptyServices) {

    public static final KubernetesCrdConfig DEFAULTS = new KubernetesCrdConfig(false, false);
}
