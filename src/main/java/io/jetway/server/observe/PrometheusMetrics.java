package io.jetway.server.observe;

import io.jetway.config.MetricsConfig;
import io.jetway.routing.RoutingTable;
import io.jetway.server.tcp.Layer4Metrics;
import io.jetway.server.udp.UdpEntryPoint;
import io.jetway.util.CertifiedKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Traefik's Prometheus metrics, kept in a Micrometer registry that writes the exposition format.
 * Exists only when {@code --metrics.prometheus} is on: with metrics off nothing is created,
 * registered or counted.
 */
public final class PrometheusMetrics {

    /** The exposition format {@link #scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MetricsConfig config;
    private final Duration[] buckets;
    private final Counter reloads;
    private final AtomicLong lastReloadSuccess = new AtomicLong();
    private final MultiGauge serversUp;
    private final MultiGauge certsNotAfter;
    private final Layer4Meters layer4;
    private io.micrometer.core.instrument.binder.jvm.JvmGcMetrics gcMetrics;

    public PrometheusMetrics(MetricsConfig config) {
        this.config = config;
        this.buckets = config.buckets().stream().map(s -> Duration.ofNanos(Math.round(s * 1e9))).toArray(Duration[]::new);
        this.reloads = Counter.builder("traefik.config.reloads").description("Config reloads").register(registry);
        Gauge.builder("traefik.config.last.reload.success", lastReloadSuccess, AtomicLong::get)
                .description("Last config reload success (Unix time, seconds)").register(registry);
        this.serversUp = MultiGauge.builder("traefik.service.server.up")
                .description("Service server is up (1) or down (0)").register(registry);
        this.certsNotAfter = MultiGauge.builder("traefik.tls.certs.not.after")
                .description("Certificate expiration timestamp").register(registry);
        this.layer4 = new Layer4Meters(registry, config);
        bindRuntime();
    }

    /**
     * What a Java operator expects beside Traefik's families, under Micrometer's usual names: the
     * JVM (memory pools, GC, threads, classes) and the process (CPU, open files, start time, uptime;
     * {@code process_start_time_seconds} as Traefik's Go runtime exposes it too).
     */
    private void bindRuntime() {
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        gcMetrics = new io.micrometer.core.instrument.binder.jvm.JvmGcMetrics();
        gcMetrics.bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.FileDescriptorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
    }

    /** The registry, for meters of the embedded server ({@code bootstrap/JettyMeters}), which the WAR has not. */
    public io.micrometer.core.instrument.MeterRegistry registry() {
        return registry;
    }

    /** Stops following garbage collections (the server stops). */
    public void close() {
        if (gcMetrics != null) {
            gcMetrics.close();
        }
    }

    public MetricsConfig config() {
        return config;
    }

    /** A new routing table serves: counts the reload and follows its servers' health. */
    public void reloaded(RoutingTable table) {
        reloads.increment();
        lastReloadSuccess.set(System.currentTimeMillis() / 1000);
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (String service : table.config().services().keySet()) {
            for (String url : table.serverStatus(service).keySet()) {
                rows.add(MultiGauge.Row.of(Tags.of("service", service, "url", url), table,
                        t -> "UP".equals(t.serverStatus(service).get(url)) ? 1 : 0));
            }
        }
        serversUp.register(rows, true);
    }

    /**
     * Traefik's {@code traefik_tls_certs_not_after}: each loaded certificate's expiry (Unix
     * seconds), labelled with its common name, serial number and SANs.
     */
    public void certificates(List<CertifiedKey> certificates) {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (CertifiedKey c : certificates) {
            X509Certificate leaf = c.leaf();
            rows.add(MultiGauge.Row.of(Tags.of("cn", c.commonName(), "serial", leaf.getSerialNumber().toString(),
                    "sans", String.join(",", c.names())), leaf.getNotAfter().getTime() / 1000.0));
        }
        certsNotAfter.register(rows, true);
    }

    /** A request over TLS: Traefik's {@code traefik_entrypoint_requests_tls_total}, with Go's version names. */
    void tlsRequest(String entryPoint, String protocol, String cipher) {
        if (config.addEntryPointsLabels()) {
            String version = switch (protocol) {
                case "TLSv1.3" -> "1.3";
                case "TLSv1.2" -> "1.2";
                case "TLSv1.1" -> "1.1";
                case "TLSv1" -> "1.0";
                default -> protocol;
            };
            Counter.builder("traefik.entrypoint.requests.tls").description("How many HTTP requests with TLS were handled")
                    .tags("entrypoint", entryPoint, "tls_version", version, "tls_cipher", cipher == null ? "" : cipher)
                    .register(registry).increment();
        }
    }

    /** A reload that failed: counted, the last success time stays. */
    public void reloadFailed() {
        reloads.increment();
    }

    /**
     * Traefik's {@code traefik_open_connections{entrypoint, protocol="TCP"}}: every connection
     * the entry point accepted and has not closed yet, whatever became of it (HTTP, HTTPS or a TCP
     * router), as Traefik's connection tracker counts them; read at each scrape.
     *
     * @param open the connector's open end points (one per accepted socket, not per Jetty connection)
     */
    public void tcpEntryPoint(String entryPoint, IntSupplier open) {
        openConnections(entryPoint, "TCP", open);
    }

    /**
     * A UDP entry point's sessions, read at each scrape. Jetway's: Traefik has no UDP metric.
     * {@code traefik_open_connections{entrypoint, protocol="UDP"}} (open sessions),
     * {@code traefik_udp_entrypoint_sessions_total{entrypoint}} and
     * {@code traefik_udp_entrypoint_dropped_datagrams_total{entrypoint, reason="no_route"|"other"}}.
     */
    /** The registry keeps {@code udp} weakly for the counters: whoever started it holds it until it closes. */
    public void udpEntryPoint(UdpEntryPoint udp) {
        String name = udp.name();
        openConnections(name, "UDP", udp::sessions);
        FunctionCounter.builder("traefik.udp.entrypoint.sessions", udp, u -> u.counters().sessionsOpened())
                .description("UDP sessions opened").tags("entrypoint", name).register(registry);
        FunctionCounter.builder("traefik.udp.entrypoint.dropped.datagrams", udp, u -> u.counters().droppedNoRoute())
                .description("UDP datagrams dropped").tags("entrypoint", name, "reason", "no_route").register(registry);
        FunctionCounter.builder("traefik.udp.entrypoint.dropped.datagrams", udp, u -> u.counters().droppedOther())
                .description("UDP datagrams dropped").tags("entrypoint", name, "reason", "other").register(registry);
    }

    private void openConnections(String entryPoint, String protocol, IntSupplier open) {
        // Strongly held: the supplier is often a lambda nothing else keeps.
        Gauge.builder("traefik.open.connections", open::getAsInt).strongReference(true)
                .description("How many open connections exist, by entry point and protocol")
                .tags("entrypoint", entryPoint, "protocol", protocol).register(registry);
    }

    /** What the TCP data plane reports about its tunnels (per router and service: Jetway's metrics). */
    public Layer4Metrics layer4() {
        return layer4;
    }

    /**
     * One finished exchange. {@code router} and {@code service} are null when none was reached.
     * The entry point's request count goes last: a scrape reads the meters one by one, so the one
     * that first sees that count may have missed the others, but every scrape after it sees them.
     */
    void exchange(String entryPoint, String method, String protocol, int status, long nanos,
                  long requestBytes, long responseBytes, String router, String service) {
        String code = Integer.toString(status);
        if (config.addServicesLabels() && service != null) {
            record("traefik.service", Tags.of("code", code, "method", method, "protocol", protocol,
                    "service", service), nanos, requestBytes, responseBytes);
        }
        if (config.addRoutersLabels() && router != null) {
            record("traefik.router", Tags.of("code", code, "method", method, "protocol", protocol,
                    "router", router, "service", service == null ? "" : service), nanos, requestBytes, responseBytes);
        }
        if (config.addEntryPointsLabels()) {
            record("traefik.entrypoint", Tags.of("code", code, "method", method, "protocol", protocol,
                    "entrypoint", entryPoint), nanos, requestBytes, responseBytes);
        }
    }

    /** A request the retry middleware sent {@code times} more times. */
    void retried(String service, int times) {
        if (config.addServicesLabels() && service != null) {
            Counter.builder("traefik.service.retries").description("Service request retries")
                    .tags("service", service).register(registry).increment(times);
        }
    }

    private void record(String prefix, Tags tags, long nanos, long requestBytes, long responseBytes) {
        Timer.builder(prefix + ".request.duration").tags(tags).serviceLevelObjectives(buckets)
                .register(registry).record(nanos, TimeUnit.NANOSECONDS);
        Counter.builder(prefix + ".requests.bytes").tags(tags).register(registry).increment(Math.max(requestBytes, 0));
        Counter.builder(prefix + ".responses.bytes").tags(tags).register(registry).increment(Math.max(responseBytes, 0));
        Counter.builder(prefix + ".requests").tags(tags).register(registry).increment();
    }

    /** The metrics in Prometheus' text exposition format. */
    public String scrape() {
        return registry.scrape();
    }

    /** Traefik's protocol label: websocket, sse, grpc or http. */
    static String protocol(String upgrade, String accept, String contentType) {
        if (upgrade != null && upgrade.equalsIgnoreCase("websocket")) {
            return "websocket";
        }
        if (accept != null && accept.contains("text/event-stream")) {
            return "sse";
        }
        if (contentType != null && contentType.startsWith("application/grpc")) {
            return contentType.startsWith("application/grpc-web") ? "grpc-web" : "grpc";
        }
        return "http";
    }
}
