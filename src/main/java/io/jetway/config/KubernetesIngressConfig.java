package io.jetway.config;

import java.time.Duration;
import java.util.List;

/**
 * Options of the Kubernetes Ingress provider (Traefik's {@code providers.kubernetesIngress}).
 *
 * @param enabled          whether Ingresses are translated (with the file provider: those in its manifests)
 * @param ingressClass     only Ingresses of this class; empty: also Ingresses without a class
 * @param labelSelector    Kubernetes label selector the Ingresses must match; empty for all
 * @param namespaces       namespaces to watch; empty for all
 * @param throttleDuration minimum time between two reloads caused by cluster events
 * @param ingressEndpoint  what the provider writes into the Ingresses' status
 * @param endpoint         API server URL; empty: in-cluster or KUBECONFIG
 * @param token            bearer token for the API server; never logged ({@link #toString()} hides it)
 * @param certAuthFilePath CA certificate file for the API server
 */
public record KubernetesIngressConfig(boolean enabled, String ingressClass, boolean allowExternalNameServices,
                                      boolean allowEmptyServices, boolean nativeLBByDefault, String labelSelector,
                                      List<String> namespaces, Duration throttleDuration, IngressEndpoint ingressEndpoint,
                                      String endpoint, String token, String certAuthFilePath) {

    public static final KubernetesIngressConfig DISABLED = new KubernetesIngressConfig(false, "", false, false, false, "",
            List.of(), Duration.ZERO, IngressEndpoint.NONE, "", "", "");

    /**
     * Traefik's {@code ingressEndpoint}: the address published in Ingress status.
     *
     * @param publishedService {@code namespace/name} of the Service whose load-balancer address is copied
     */
    public record IngressEndpoint(String ip, String hostname, String publishedService) {
        public static final IngressEndpoint NONE = new IngressEndpoint("", "", "");
    }

    public KubernetesIngressConfig {
        namespaces = List.copyOf(namespaces);
    }

    @Override
    public String toString() {
        return "KubernetesIngressConfig[enabled=" + enabled + ", ingressClass=" + ingressClass
                + ", allowExternalNameServices=" + allowExternalNameServices + ", allowEmptyServices=" + allowEmptyServices
                + ", nativeLBByDefault=" + nativeLBByDefault + ", labelSelector=" + labelSelector + ", namespaces=" + namespaces
                + ", throttleDuration=" + throttleDuration + ", ingressEndpoint=" + ingressEndpoint + ", endpoint=" + endpoint
                + ", token=" + (token.isEmpty() ? "" : "<redacted>") + ", certAuthFilePath=" + certAuthFilePath + "]";
    }
}
