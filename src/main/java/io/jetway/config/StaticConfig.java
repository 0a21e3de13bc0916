package io.jetway.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The static configuration: what is fixed for the life of the process (entry points, providers,
 * logging). Names follow Traefik's static configuration.
 *
 * @param entryPoints   by name, in the order they were first configured
 * @param fileProvider  null when no file provider is configured
 * @param kubernetesCrd options of the Kubernetes CRD provider
 * @param log           logging options
 * @param configFile    the configuration file that was read, null if none
 * @param serversTransport how backends are reached by default
 * @param api           the management API and dashboard
 * @param ping          the /ping health check
 * @param metrics       Prometheus metrics
 * @param kubernetesIngress options of the Kubernetes Ingress provider
 * @param accessLog     the access log
 * @param certificateResolvers ACME certificates resolvers by name, in the order they were first configured
 * @param tlsEngine     which SSLEngine serves TLS (Jetway's own setting)
 * @param directForwarding whether bodiless HTTP/1.1 requests of routes without middlewares are
 *                      forwarded on Jetway's own backend connections instead of through the
 *                      servlet proxy (Jetway's own setting, off by default: the same behaviour, but
 *                      measured slower than the servlet proxy, docs/performance.md)
 * @param kubernetesGateway options of the Kubernetes Gateway API provider
 */
public record StaticConfig(Map<String, EntryPointConfig> entryPoints,
                           FileProviderConfig fileProvider,
                           KubernetesCrdConfig kubernetesCrd,
                           LogConfig log,
                           Path configFile,
                           ServersTransportConfig serversTransport,
                           ApiConfig api,
                           PingConfig ping,
                           MetricsConfig metrics,
                           KubernetesIngressConfig kubernetesIngress,
                           AccessLogConfig accessLog,
                           Map<String, CertificateResolverConfig> certificateResolvers,
                           TlsEngine tlsEngine,
                           boolean directForwarding,
                           KubernetesGatewayConfig kubernetesGateway,
                           List<String> withoutEffect) {

    public StaticConfig {
        Objects.requireNonNull(entryPoints, "entryPoints");
        Objects.requireNonNull(kubernetesCrd, "kubernetesCrd");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(serversTransport, "serversTransport");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(ping, "ping");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(kubernetesIngress, "kubernetesIngress");
        Objects.requireNonNull(accessLog, "accessLog");
        Objects.requireNonNull(tlsEngine, "tlsEngine");
        kubernetesGateway = kubernetesGateway == null ? KubernetesGatewayConfig.DISABLED : kubernetesGateway;
        withoutEffect = withoutEffect == null ? List.of() : List.copyOf(withoutEffect);
        // Map.copyOf loses the order, and the order is what users see in listings.
        entryPoints = Collections.unmodifiableMap(new LinkedHashMap<>(entryPoints));
        certificateResolvers = Collections.unmodifiableMap(new LinkedHashMap<>(certificateResolvers));
    }

    /** The enabled providers under Traefik's names (File, KubernetesCRD, KubernetesIngress, KubernetesGateway). */
    public List<String> providerNames() {
        List<String> names = new java.util.ArrayList<>();
        if (fileProvider != null) {
            names.add("File");
        }
        if (kubernetesCrd.enabled()) {
            names.add("KubernetesCRD");
        }
        if (kubernetesIngress.enabled()) {
            names.add("KubernetesIngress");
        }
        if (kubernetesGateway.enabled()) {
            names.add("KubernetesGateway");
        }
        return List.copyOf(names);
    }

    /** Without the Ingress provider, the access log and certificates resolvers. */
    public StaticConfig(Map<String, EntryPointConfig> entryPoints, FileProviderConfig fileProvider,
                        KubernetesCrdConfig kubernetesCrd, LogConfig log, Path configFile,
                        ServersTransportConfig serversTransport, ApiConfig api, PingConfig ping, MetricsConfig metrics) {
        this(entryPoints, fileProvider, kubernetesCrd, log, configFile, serversTransport, api, ping, metrics,
                KubernetesIngressConfig.DISABLED, AccessLogConfig.DISABLED, Map.of(), TlsEngine.AUTO, true,
                KubernetesGatewayConfig.DISABLED, List.of());
    }

    /** Without metrics. */
    public StaticConfig(Map<String, EntryPointConfig> entryPoints, FileProviderConfig fileProvider,
                        KubernetesCrdConfig kubernetesCrd, LogConfig log, Path configFile,
                        ServersTransportConfig serversTransport, ApiConfig api, PingConfig ping) {
        this(entryPoints, fileProvider, kubernetesCrd, log, configFile, serversTransport, api, ping,
                MetricsConfig.DISABLED);
    }

    /** Without the API, ping and metrics. */
    public StaticConfig(Map<String, EntryPointConfig> entryPoints, FileProviderConfig fileProvider,
                        KubernetesCrdConfig kubernetesCrd, LogConfig log, Path configFile,
                        ServersTransportConfig serversTransport) {
        this(entryPoints, fileProvider, kubernetesCrd, log, configFile, serversTransport, ApiConfig.DISABLED,
                PingConfig.DISABLED);
    }

    /**
     * The entry point that serves only management endpoints (/api, /dashboard/, /ping, /metrics),
     * or null: {@code traefik} when the insecure API, ping or metrics are served there.
     */
    public String managementEntryPoint() {
        boolean used = api.servedOnManagementEntryPoint()
                || (ping.enabled() && ping.entryPoint().equalsIgnoreCase(ApiConfig.MANAGEMENT_ENTRY_POINT))
                || metrics.servedOn(ApiConfig.MANAGEMENT_ENTRY_POINT);
        if (!used) {
            return null;
        }
        return entryPoints.keySet().stream().filter(n -> n.equalsIgnoreCase(ApiConfig.MANAGEMENT_ENTRY_POINT))
                .findFirst().orElse(null);
    }
}
