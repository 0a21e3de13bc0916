package io.jetway.config;

import java.util.List;

/**
 * Prometheus metrics (Traefik's {@code metrics.prometheus} section).
 *
 * @param prometheus            {@code --metrics.prometheus}, or any {@code --metrics.prometheus.*} option
 * @param entryPoint            where /metrics answers without a route; {@code traefik} by default
 * @param manualRouting         serve /metrics only through routes to {@code prometheus@internal}
 * @param buckets               upper bounds (seconds) of the request duration histograms
 * @param addEntryPointsLabels  record the {@code traefik_entrypoint_*} metrics
 * @param addRoutersLabels      record the {@code traefik_router_*} metrics
 * @param addServicesLabels     record the {@code traefik_service_*} request metrics
 * @param addInternals          count the requests Jetway answers itself (API, dashboard, ping,
 *                              metrics) too; off by default, as Traefik
 */
public record MetricsConfig(boolean prometheus, String entryPoint, boolean manualRouting, List<Double> buckets,
                            boolean addEntryPointsLabels, boolean addRoutersLabels, boolean addServicesLabels,
                            boolean addInternals) {

    public static final List<Double> DEFAULT_BUCKETS = List.of(0.1, 0.3, 1.2, 5.0);
    public static final MetricsConfig DISABLED = new MetricsConfig(false, ApiConfig.MANAGEMENT_ENTRY_POINT, false,
            DEFAULT_BUCKETS, true, false, true);

    public MetricsConfig {
        buckets = List.copyOf(buckets);
    }

    public MetricsConfig(boolean prometheus, String entryPoint, boolean manualRouting, List<Double> buckets,
                         boolean addEntryPointsLabels, boolean addRoutersLabels, boolean addServicesLabels) {
        this(prometheus, entryPoint, manualRouting, buckets, addEntryPointsLabels, addRoutersLabels, addServicesLabels, false);
    }

    /** Whether /metrics answers on {@code name} without a route. */
    public boolean servedOn(String name) {
        return prometheus && !manualRouting && entryPoint.equalsIgnoreCase(name);
    }
}
