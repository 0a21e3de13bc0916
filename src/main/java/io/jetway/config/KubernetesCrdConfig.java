package io.jetway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Options of the Kubernetes CRD provider (Traefik's {@code providers.kubernetesCRD}).
 *
 * @param allowCrossNamespace let resources reference objects in other namespaces
 * @param allowEmptyServices  keep routers whose services have no endpoints (they answer 503)
 * @param allowExternalNameServices let routes use Services of type ExternalName
 * @param enabled          watch the API server (the three options above also apply to manifests
 *                         from the file provider, so they alone do not turn watching on)
 * @param endpoint         API server URL; null means in-cluster or the kubeconfig
 * @param token            bearer token; null means in-cluster or the kubeconfig
 * @param certAuthFilePath CA bundle that signs the API server's certificate; may be null
 * @param namespaces       namespaces to watch; empty means all
 * @param labelSelector    only objects of Traefik's kinds with these labels; null means all
 * @param ingressClass     the class (spec.ingressClassName, else the kubernetes.io/ingress.class
 *                         annotation) of the IngressRoutes (HTTP, TCP, UDP) this provider reads;
 *                         empty: those without a class and those of class "traefik", as Traefik
 * @param throttleDuration a burst of changes within this time gives one reload; zero reloads
 *                         after each burst the informers deliver together
 */
public record KubernetesCrdConfig(boolean allowCrossNamespace, boolean allowEmptyServices,
                                  boolean allowExternalNameServices, boolean enabled, String endpoint, String token,
                                  Path certAuthFilePath, List<String> namespaces, String labelSelector,
                                  Duration throttleDuration, String ingressClass) {

    public static final KubernetesCrdConfig DEFAULTS = new KubernetesCrdConfig(false, false, false);

    public KubernetesCrdConfig {
        namespaces = List.copyOf(namespaces);
        ingressClass = ingressClass == null ? "" : ingressClass;
    }

    public KubernetesCrdConfig(boolean allowCrossNamespace, boolean allowEmptyServices, boolean allowExternalNameServices,
                               boolean enabled, String endpoint, String token, Path certAuthFilePath, List<String> namespaces,
                               String labelSelector, Duration throttleDuration) {
        this(allowCrossNamespace, allowEmptyServices, allowExternalNameServices, enabled, endpoint, token, certAuthFilePath,
                namespaces, labelSelector, throttleDuration, "");
    }

    /** The translation options only; the provider does not watch a cluster. */
    public KubernetesCrdConfig(boolean allowCrossNamespace, boolean allowEmptyServices, boolean allowExternalNameServices) {
        this(allowCrossNamespace, allowEmptyServices, allowExternalNameServices, false, null, null, null, List.of(), null,
                Duration.ZERO);
    }

    /** This configuration with watching turned on. */
    public KubernetesCrdConfig watching() {
        return new KubernetesCrdConfig(allowCrossNamespace, allowEmptyServices, allowExternalNameServices, true, endpoint,
                token, certAuthFilePath, namespaces, labelSelector, throttleDuration, ingressClass);
    }

    /** How to reach the cluster: the connection options of this provider. */
    public KubernetesConnection connection() {
        return new KubernetesConnection(endpoint, token, certAuthFilePath, namespaces, labelSelector, throttleDuration);
    }
}
