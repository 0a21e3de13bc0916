package io.jetway.server.control;

import io.jetway.build.RuntimeSnapshot;
import io.jetway.build.RuntimeSnapshotHolder;
import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterTls;
import io.jetway.kube.KubeObject;
import io.jetway.kube.Problem;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.routing.BalancerState;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.layer4.Layer4Builder;
import io.jetway.routing.layer4.Layer4State;
import io.jetway.routing.RoutingTableBuilder;
import io.jetway.server.observe.PrometheusMetrics;
import io.jetway.server.proxy.BackendTls;
import io.jetway.service.InternalService;
import io.jetway.service.health.ActiveHealthMonitor;
import io.jetway.tls.EntryPointTlsModel;
import io.jetway.tls.TlsHostOptions;
import io.jetway.tls.TlsManager;
import io.jetway.tls.acme.UnknownResolvers;
import io.jetway.translate.DefaultEntryPoints;
import io.jetway.translate.DynamicConfigMerger;
import io.jetway.translate.crd.CrdOptions;
import io.jetway.translate.crd.CrdTranslationCache;
import io.jetway.translate.gateway.GatewayOptions;
import io.jetway.translate.ingress.IngressOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * providers -> translate -> build -> swap. Each provider's latest snapshot replaces its previous
 * one; an unchanged input or an unchanged translation does not rebuild. The routing table and the
 * TLS state compiled from one configuration are swapped in as one {@link RuntimeSnapshot}. Never
 * throws into a provider: a failure keeps the last good snapshot serving.
 */
public final class ConfigurationPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationPipeline.class);

    private final RuntimeSnapshotHolder holder;
    private final List<String> entryPoints;
    private final CrdOptions crdOptions;
    /** Null when the Ingress provider is off: Ingresses in the snapshots are then ignored. */
    private final IngressOptions ingressOptions;
    private volatile GatewayOptions gatewayOptions;
    private final Set<String> internalServices;
    /** Null when metrics are off. */
    private final PrometheusMetrics metrics;
    private final TlsManager tls;
    private final Map<String, RouterTls> tlsByEntryPoint;
    private final BalancerState balancerState = new BalancerState();
    /** Checks reach servers as requests do: through their servers transport's TLS settings. */
    private final ActiveHealthMonitor healthMonitor =
            new ActiveHealthMonitor(transport -> transport == null ? BackendTls.defaults() : BackendTls.of(transport));
    private final Map<String, ResourceSnapshot> snapshots = new LinkedHashMap<>();
    /** The last translation per IngressRoute: a reload translates only those whose inputs changed. */
    private final CrdTranslationCache crdTranslations = new CrdTranslationCache();
    private DynamicConfig lastConfig;
    private volatile Set<String> certificateResolvers = Set.of();
    private final Layer4State layer4State = new Layer4State();
    /** Null until set: TCP routers then take the HTTP entry points, and there is no UDP entry point. */
    private volatile Layer4Builder.EntryPointNames layer4EntryPoints;
    private volatile List<String> defaultEntryPoints = List.of();
    private long reloads;
    /** Off for the warm-up's own pipeline: its reloads are not the user's. */
    private boolean reporting = true;

    public ConfigurationPipeline(RuntimeSnapshotHolder holder, List<String> entryPoints, CrdOptions crdOptions) {
        this(holder, entryPoints, crdOptions, Set.of(InternalService.NOOP));
    }

    /** @param internalServices the {@code @internal} services routers may use */
    public ConfigurationPipeline(RuntimeSnapshotHolder holder, List<String> entryPoints, CrdOptions crdOptions,
                                 Set<String> internalServices) {
        this(holder, entryPoints, crdOptions, internalServices, null);
    }

    /** @param metrics counts reloads and follows server health; null when metrics are off */
    public ConfigurationPipeline(RuntimeSnapshotHolder holder, List<String> entryPoints, CrdOptions crdOptions,
                                 Set<String> internalServices, PrometheusMetrics metrics) {
        this(holder, entryPoints, crdOptions, null, internalServices, metrics, null, Map.of());
    }

    /**
     * @param ingressOptions  the Ingress translator's options; null when the Ingress provider is off
     * @param tls             compiles the connectors' TLS state of each reload; null without TLS
     * @param tlsByEntryPoint the entry points with http.tls and the settings their routers take
     */
    public ConfigurationPipeline(RuntimeSnapshotHolder holder, List<String> entryPoints, CrdOptions crdOptions,
                                 IngressOptions ingressOptions, Set<String> internalServices,
                                 PrometheusMetrics metrics, TlsManager tls, Map<String, RouterTls> tlsByEntryPoint) {
        this.ingressOptions = ingressOptions;
        this.tls = tls;
        this.tlsByEntryPoint = Map.copyOf(tlsByEntryPoint);
        this.metrics = metrics;
        this.internalServices = Set.copyOf(internalServices);
        this.holder = holder;
        this.entryPoints = List.copyOf(entryPoints);
        this.crdOptions = crdOptions;
    }

    /** The Gateway API translator's options; null (the default) while the provider is off. */
    public void setGatewayOptions(GatewayOptions options) {
        gatewayOptions = options;
    }

    /** The entry points marked asDefault: routers that name none go there (empty: they go everywhere). */
    public void setDefaultEntryPoints(List<String> names) {
        defaultEntryPoints = List.copyOf(names);
    }

    /** Which entry points TCP and UDP routers may name, and which they get when they name none. */
    public void setLayer4EntryPoints(Layer4Builder.EntryPointNames names) {
        layer4EntryPoints = names;
    }

    /** The names of the configured certificates resolvers: routers naming another one get a warning. */
    public void setCertificateResolvers(Set<String> names) {
        certificateResolvers = Set.copyOf(names);
    }

    public synchronized void accept(String provider, ResourceSnapshot snapshot) {
        if (snapshot.equals(snapshots.get(provider))) {
            if (snapshots.size() == 1) {
                crdTranslations.sameAs(snapshot); // translated as it is: the next in-place edit is made from it
            }
            LOG.debug("event=reload-skipped provider={} reason=unchanged-resources", provider);
            return;
        }
        snapshots.put(provider, snapshot);
        long translateStart = System.nanoTime();
        try {
            DynamicConfig config = UnknownResolvers.withWarnings(TlsHostOptions.withConflictWarnings(EntryPointTlsModel.apply(
                    DefaultEntryPoints.apply(DynamicConfigMerger.translate(allResources(), crdOptions, ingressOptions,
                            crdTranslations, gatewayOptions), defaultEntryPoints), tlsByEntryPoint, entryPoints)), certificateResolvers);
            if (config.equals(lastConfig)) {
                LOG.debug("event=reload-skipped provider={} reason=unchanged-configuration", provider);
                return;
            }
            long start = System.nanoTime();
            long translateMillis = (start - translateStart) / 1_000_000;
            // Only what the change touches is compiled: the rest is taken from the table serving now.
            Layer4Builder.EntryPointNames layer4Names = layer4EntryPoints != null ? layer4EntryPoints
                    : new Layer4Builder.EntryPointNames(entryPoints, entryPoints, List.of());
            RoutingTable table = RoutingTableBuilder.build(config, entryPoints, balancerState, internalServices, holder.current(),
                            crdTranslations.changes())
                    .withLayer4(Layer4Builder.build(config.layer4(), config.tls().options().keySet(), layer4Names, layer4State));
            RuntimeSnapshot swapped = holder.reload(table, tls);
            healthMonitor.update(table.healthTargets());
            lastConfig = config;
            reloads++;
            if (reloads == 1 && config.routers().size() >= ReloadWarmUp.MIN_ROUTERS) {
                ReloadWarmUp.start(entryPoints, crdOptions);
            }
            if (metrics != null) {
                metrics.reloaded(table);
                if (tls != null) {
                    metrics.certificates(swapped.tls().certificates());
                }
            }
            if (reporting) {
                report(provider, table, translateMillis, (System.nanoTime() - start) / 1_000_000);
            }
        } catch (RuntimeException e) {
            if (metrics != null) {
                metrics.reloadFailed();
            }
            LOG.error("event=reload-failed provider={} msg=\"{}\" action=\"keeping the last good configuration\"",
                    provider, e.toString(), e);
        }
    }

    /** Every provider's objects in one snapshot; a lone provider's as it is (indexing thousands of objects again costs). */
    private ResourceSnapshot allResources() {
        if (snapshots.size() == 1) {
            return snapshots.values().iterator().next();
        }
        List<KubeObject> all = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        snapshots.values().forEach(s -> {
            all.addAll(s.objects());
            problems.addAll(s.problems());
        });
        return new ResourceSnapshot(all, problems);
    }

    /** Stops the health checks. */
    @Override
    public synchronized void close() {
        healthMonitor.close();
    }

    /** A pipeline that logs nothing of its reloads (the warm-up's, whose configuration is its own). */
    synchronized void quiet() {
        reporting = false;
    }

    /** Whether the last translation patched the IngressRoutes' part in place (tests). */
    synchronized boolean lastTranslationPatched() {
        return crdTranslations.patched();
    }

    public synchronized long reloads() {
        return reloads;
    }

    /** The problem's element, or - for a problem on the whole object (as the access log writes a missing field). */
    private static String elementOf(Problem p) {
        return p.element() == null ? "-" : p.element();
    }

    private static void report(String provider, RoutingTable table, long translateMillis, long buildMillis) {
        DynamicConfig config = table.config();
        long disabled = table.routerStatuses().stream().filter(s -> s.status().equals(RouterStatus.DISABLED)).count();
        LOG.info("event=reload provider={} routers={} disabled={} services={} middlewares={} problems={} translateMs={} buildMs={}",
                provider, config.routers().size(), disabled, config.services().size(), config.middlewares().size(),
                config.problems().size(), translateMillis, buildMillis);
        for (Problem p : config.problems()) {
            if (p.isWarning()) {
                LOG.warn("event=object-warning object=\"{}\" element={} msg=\"{}\"", p.object(), elementOf(p), p.text());
            } else {
                LOG.error("event=object-invalid object=\"{}\" element={} msg=\"{}\"", p.object(), elementOf(p), p.message());
            }
        }
        for (RouterStatus s : table.routerStatuses()) {
            if (s.status().equals(RouterStatus.DISABLED)) {
                LOG.error("event=router-disabled router={} errors=\"{}\"", s.name(), String.join("; ", s.errors()));
            }
            for (String w : s.warnings()) {
                LOG.warn("event=router-warning router={} msg=\"{}\"", s.name(), w);
            }
        }
    }
}
