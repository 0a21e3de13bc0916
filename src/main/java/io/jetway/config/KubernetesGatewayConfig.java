package io.jetway.config;

import java.time.Duration;
import java.util.List;

/**
 * Options of the Kubernetes Gateway API provider (Traefik's {@code providers.kubernetesGateway}).
 *
 * @param enabled                 translate Gateway API objects (from the cluster and from manifests)
 * @param experimentalChannel     TCPRoute and TCP listeners (Gateway API's experimental channel)
 * @param namespaces              namespaces whose objects are read; empty for all
 * @param labelSelector           only GatewayClasses whose labels match; empty for all
 * @param throttleDuration        a burst of changes within this time gives one reload
 * @param nativeLBByDefault       route to a Service's cluster IP unless its annotation says otherwise
 * @param crossProviderNamespaces namespaces whose routes may name another provider's service; null for all
 * @param statusAddress           what Gateways' {@code status.addresses} say
 */
public record KubernetesGatewayConfig(boolean enabled, boolean experimentalChannel, List<String> namespaces,
                                      String labelSelector, Duration throttleDuration, boolean nativeLBByDefault,
                                      List<String> crossProviderNamespaces, StatusAddress statusAddress,
                                      String endpoint, String token, String certAuthFilePath) {

    public static final KubernetesGatewayConfig DISABLED = new KubernetesGatewayConfig(false, false, List.of(), "",
            Duration.ZERO, false, null, StatusAddress.NONE, "", "", "");

    public KubernetesGatewayConfig {
        namespaces = List.copyOf(namespaces);
        crossProviderNamespaces = crossProviderNamespaces == null ? null : List.copyOf(crossProviderNamespaces);
    }

    /**
     * @param service namespace/name of a Service whose LoadBalancer ingress addresses are published; empty for none
     */
    public record StatusAddress(String ip, String hostname, String service) {
        public static final StatusAddress NONE = new StatusAddress("", "", "");
    }
}
