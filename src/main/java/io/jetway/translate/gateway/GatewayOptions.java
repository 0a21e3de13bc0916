package io.jetway.translate.gateway;

import io.jetway.config.EntryPointConfig;
import io.jetway.config.KubernetesGatewayConfig;
import io.jetway.config.StaticConfig;
import io.jetway.dynamic.GatewayApiStatus;

import java.util.ArrayList;
import java.util.List;

/**
 * Options of the Gateway API provider (Traefik's {@code providers.kubernetesGateway}), plus what the
 * translation needs of the static configuration.
 *
 * @param experimentalChannel     TCPRoute (v1alpha2) and TCP listeners
 * @param namespaces              namespaces whose objects are read; empty for all
 * @param nativeLBByDefault       route to a Service's cluster IP instead of its endpoints
 * @param crossProviderNamespaces route namespaces that may name another provider's service
 *                                ({@code api@internal}); null for all, as Traefik's unset option
 * @param entryPoints             the entry points listeners are mapped onto, in configuration order
 * @param crdProvider             whether the CRD provider is on: ExtensionRef filters name its Middlewares
 * @param labelSelector           only GatewayClasses whose labels match are handled; empty for all
 */
public record GatewayOptions(boolean experimentalChannel, List<String> namespaces, boolean nativeLBByDefault,
                             List<String> crossProviderNamespaces, List<EntryPoint> entryPoints, boolean crdProvider,
                             String labelSelector) {

    /** The controller name of the GatewayClasses Jetway handles: Traefik's, so existing manifests work. */
    public static final String CONTROLLER_NAME = GatewayApiStatus.CONTROLLER_NAME;

    public GatewayOptions(boolean experimentalChannel, List<String> namespaces, boolean nativeLBByDefault,
                          List<String> crossProviderNamespaces, List<EntryPoint> entryPoints, boolean crdProvider) {
        this(experimentalChannel, namespaces, nativeLBByDefault, crossProviderNamespaces, entryPoints, crdProvider, "");
    }

    public GatewayOptions {
        labelSelector = labelSelector == null ? "" : labelSelector;
        namespaces = List.copyOf(namespaces);
        crossProviderNamespaces = crossProviderNamespaces == null ? null : List.copyOf(crossProviderNamespaces);
        entryPoints = List.copyOf(entryPoints);
    }

    /** The translator's options from the static configuration; null when the provider is off. */
    public static GatewayOptions from(StaticConfig config) {
        KubernetesGatewayConfig gateway = config.kubernetesGateway();
        if (!gateway.enabled()) {
            return null;
        }
        List<EntryPoint> entryPoints = entryPoints(config);
        boolean crd = config.kubernetesCrd().enabled() || config.fileProvider() != null;
        return new GatewayOptions(gateway.experimentalChannel(), gateway.namespaces(), gateway.nativeLBByDefault(),
                gateway.crossProviderNamespaces(), entryPoints, crd, gateway.labelSelector());
    }

    /**
     * For {@code jetway check} without entry point flags: web and websecure on the ports users
     * write in listeners, both the Service's (80, 443) and Traefik's Helm chart's own (8000, 8443).
     */
    public static final List<EntryPoint> CLUSTER_FREE_ENTRY_POINTS = List.of(new EntryPoint("web", 80, false, false),
            new EntryPoint("web", 8000, false, false), new EntryPoint("websecure", 443, false, false),
            new EntryPoint("websecure", 8443, false, false));

    /** The options {@code jetway check} translates with: the provider's flags when given, else its defaults. */
    public static GatewayOptions forCheck(StaticConfig config, boolean entryPointsGiven) {
        GatewayOptions configured = from(config);
        List<EntryPoint> entryPoints = entryPointsGiven ? entryPoints(config) : CLUSTER_FREE_ENTRY_POINTS;
        if (configured == null) {
            return new GatewayOptions(false, List.of(), false, null, entryPoints, true);
        }
        return new GatewayOptions(configured.experimentalChannel(), configured.namespaces(), configured.nativeLBByDefault(),
                configured.crossProviderNamespaces(), entryPoints, true, configured.labelSelector());
    }

    private static List<EntryPoint> entryPoints(StaticConfig config) {
        List<EntryPoint> entryPoints = new ArrayList<>();
        for (EntryPointConfig ep : config.entryPoints().values()) {
            entryPoints.add(new EntryPoint(ep.name(), ep.port(), ep.udp(), ep.tls() != null));
        }
        return entryPoints;
    }

    /**
     * An entry point as listeners see it.
     *
     * @param port    its listening port
     * @param udp     a {@code /udp} entry point
     * @param httpTls it sets {@code http.tls}: HTTP listeners skip it
     */
    public record EntryPoint(String name, int port, boolean udp, boolean httpTls) {
    }
}
