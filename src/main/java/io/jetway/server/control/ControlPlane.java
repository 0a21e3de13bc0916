package io.jetway.server.control;

import io.jetway.build.RuntimeSnapshotHolder;
import io.jetway.config.CertificateResolverConfig;
import io.jetway.config.EntryPointConfig;
import io.jetway.config.FileProviderConfig;
import io.jetway.config.KubernetesConnection;
import io.jetway.config.KubernetesGatewayConfig;
import io.jetway.config.KubernetesIngressConfig;
import io.jetway.config.StaticConfig;
import io.jetway.routing.layer4.Layer4Builder;
import io.jetway.dynamic.RouterTls;
import io.jetway.dynamic.TlsDomain;
import io.jetway.provider.Provider;
import io.jetway.provider.file.FileProvider;
import io.jetway.provider.kubernetes.KubernetesProvider;
import io.jetway.service.InternalService;
import io.jetway.status.IngressEndpoint;
import io.jetway.status.StatusWriter;
import io.jetway.tls.TlsManager;
import io.jetway.tls.acme.AcmeCertificates;
import io.jetway.tls.acme.Backoff;
import io.jetway.tls.acme.CertificateResolvers;
import io.jetway.tls.acme.CertificateStorage;
import io.jetway.tls.acme.IssuedCertificate;
import io.jetway.tls.acme.SecretCertificateStorage;
import io.jetway.translate.crd.CrdOptions;
import io.jetway.translate.gateway.GatewayOptions;
import io.jetway.translate.ingress.IngressOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.function.Function;

/**
 * The control plane: owns the providers, the configuration pipeline, the status writer and the
 * ACME resolvers for the life of the web application, started when the application starts,
 * stopped (threads and watches released) when it stops. Not named Gateway: that is a Gateway API kind.
 */
@ApplicationScoped
public class ControlPlane {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);

    private final RuntimeSnapshotHolder holder;
    private final List<Provider> providers = new ArrayList<>();
    /** Created by {@link #prepare}, started by {@link #startProviders}. */
    private final List<Provider> pendingProviders = new ArrayList<>();
    private ConfigurationPipeline pipeline;
    private StatusWriter statusWriter;
    private volatile JetwayRuntime runtime;
    private volatile CertificateResolvers certificateResolvers;
    private final Map<String, SecretCertificateStorage> secretStorages = new LinkedHashMap<>();

    /**
     * The control plane that swaps its tables into {@code holder}: CDI's when the management API
     * is on (its resources inject both beans), the embedded server's own otherwise.
     */
    @Inject
    public ControlPlane(RuntimeSnapshotHolder holder) {
        this.holder = holder;
    }

    /** For CDI's client proxy only, which delegates every call to the bean. */
    protected ControlPlane() {
        this.holder = null;
    }

    /** {@link #prepare} then {@link #startProviders}: the first tables are live when it returns. */
    public synchronized void start(JetwayRuntime runtime) {
        prepare(runtime);
        startProviders();
    }

    /**
     * As {@link #layer4EntryPoints(StaticConfig, List)} for the tools ({@code check}, {@code explain}),
     * which have no running entry points: the routing ones are those of the static configuration
     * that are not UDP and not the management entry point.
     */
    public static Layer4Builder.EntryPointNames layer4EntryPoints(StaticConfig config) {
        String management = config.managementEntryPoint();
        List<String> routing = config.entryPoints().values().stream()
                .filter(ep -> !ep.udp() && !ep.name().equals(management)).map(EntryPointConfig::name).toList();
        return layer4EntryPoints(config, routing);
    }

    /** The routing entry points marked asDefault, in configuration order. */
    public static List<String> asDefault(StaticConfig config, List<String> routing) {
        return config.entryPoints().values().stream()
                .filter(ep -> !ep.udp() && ep.layer4().asDefault() && routing.contains(ep.name()))
                .map(EntryPointConfig::name).toList();
    }

    /**
     * TCP routers take the routing entry points (asDefault ones when they name none, else all);
     * UDP routers the {@code /udp} entry points.
     */
    public static Layer4Builder.EntryPointNames layer4EntryPoints(StaticConfig config, List<String> routing) {
        List<String> tcpDefault = asDefault(config, routing);
        List<String> udp = config.entryPoints().values().stream().filter(EntryPointConfig::udp)
                .map(EntryPointConfig::name).toList();
        return new Layer4Builder.EntryPointNames(routing, tcpDefault.isEmpty() ? routing : tcpDefault, udp);
    }

    /**
     * Everything but the providers: the reload pipeline, status writing, the ACME resolvers (which
     * the routing filter takes). Quick; no table is loaded yet.
     */
    public synchronized void prepare(JetwayRuntime runtime) {
        this.runtime = runtime;
        StaticConfig config = runtime.config();
        TlsManager tls = runtime.tls();
        if (tls != null) {
            tls.follow(holder.currentTls()); // handshakes use the TLS state of the snapshot serving now
        }
        CrdOptions crdOptions = new CrdOptions(config.kubernetesCrd().allowCrossNamespace(),
                config.kubernetesCrd().allowEmptyServices(), config.kubernetesCrd().allowExternalNameServices(), false);
        pipeline = new ConfigurationPipeline(holder, runtime.routingEntryPoints(), crdOptions,
                IngressOptions.from(config.kubernetesIngress()),
                InternalService.enabledBy(config.api(), config.ping(), config.metrics()), runtime.metrics(),
                runtime.tls(), tlsByEntryPoint(config));
        pipeline.setCertificateResolvers(config.certificateResolvers().keySet());
        pipeline.setLayer4EntryPoints(layer4EntryPoints(config, runtime.routingEntryPoints()));
        pipeline.setDefaultEntryPoints(asDefault(config, runtime.routingEntryPoints()));
        pipeline.setGatewayOptions(GatewayOptions.from(config));
        FileProviderConfig file = config.fileProvider();
        boolean fileOn = file != null && (file.directory() != null || file.filename() != null);
        boolean crdOn = config.kubernetesCrd().enabled();
        boolean ingressOn = readsIngressesFromCluster(config.kubernetesIngress(), fileOn, crdOn);
        boolean gatewayOn = readsGatewayFromCluster(config.kubernetesGateway(), fileOn, crdOn || ingressOn);
        KubernetesProvider kubernetes = null;
        if (crdOn || ingressOn || gatewayOn) {
            // Created (not started) before the resolvers: a Secret storage uses its client and its Lease.
            kubernetes = new KubernetesProvider(connection(config, crdOn), crdOn, ingressOn, gatewayOn,
                    config.kubernetesGateway().experimentalChannel()).readingClass(config.kubernetesCrd().ingressClass());
            statusWriter = StatusWriter.fromEnvironment(kubernetes,
                    ingressOn ? ingressEndpoint(config.kubernetesIngress()) : IngressEndpoint.NONE);
            if (gatewayOn) {
                KubernetesGatewayConfig.StatusAddress address = config.kubernetesGateway().statusAddress();
                statusWriter.writeGatewayApiStatus(new IngressEndpoint(emptyToNull(address.ip()), emptyToNull(address.hostname()),
                        emptyToNull(address.service())));
            }
        }
        if (!config.certificateResolvers().isEmpty()) {
            // Before the providers: the first table already tells the resolvers what to order.
            certificateResolvers = new CertificateResolvers(config.certificateResolvers(), runtime.routingEntryPoints(),
                    Clock.systemUTC(), Backoff.DEFAULT, secretStorages(kubernetes));
            certificateResolvers.setEntryPointResolvers(entryPointResolvers(config));
            certificateResolvers.setEntryPointDomains(entryPointDomains(config));
            if (tls != null) {
                if (config.certificateResolvers().values().stream().anyMatch(CertificateResolverConfig::tlsChallenge)) {
                    tls.setAcmeChallenges(certificateResolvers.challenges()); // before the swap below compiles factories
                }
                AcmeCertificates acme = certificateResolvers.certificates();
                acme.addListener(issued -> serveIssued(tls, acme));
                serveIssued(tls, acme);
            }
            holder.addSwapListener(certificateResolvers);
        }
        if (fileOn) {
            pendingProviders.add(new FileProvider(file.directory(), file.filename(), file.watch()));
        }
        if (kubernetes != null) {
            pendingProviders.add(kubernetes);
        }
        if (!fileOn && !crdOn && !ingressOn && !gatewayOn) {
            LOG.warn("event=no-provider msg=\"no provider configured: every request gets 404 (use --providers.file.directory)\"");
        }
    }

    /**
     * Starts the providers {@link #prepare} set up: the file provider reads, translates and swaps
     * in its first table before this returns; the Kubernetes provider's first table may come later
     * (readiness waits for it).
     */
    public synchronized void startProviders() {
        for (Provider provider : pendingProviders) {
            if (provider instanceof KubernetesProvider kubernetes) {
                startKubernetes(kubernetes);
            } else {
                startProvider(provider);
            }
        }
        pendingProviders.clear();
    }

    /**
     * Issued, renewed and stored certificates are served by SNI like the Secrets' ones: a snapshot
     * with the same routes and the TLS state compiled again with them, swapped as a reload's is.
     */
    private void serveIssued(TlsManager tls, AcmeCertificates acme) {
        holder.serveIssued(acme.snapshot().values().stream().map(IssuedCertificate::certificate).toList(), tls);
    }

    /**
     * ACME storage in Secrets, one instance per Secret, gated by the status writer's Lease (one
     * election for both jobs); {@code secret:<name>} is in Jetway's own namespace. Null storages
     * (reported "needs the Kubernetes provider") without a Kubernetes provider.
     */
    private Function<CertificateResolverConfig.Storage, CertificateStorage> secretStorages(KubernetesProvider kubernetes) {
        if (kubernetes == null) {
            return storage -> null;
        }
        StatusWriter election = statusWriter;
        return storage -> {
            String namespace = storage.secretNamespace() == null ? election.namespace() : storage.secretNamespace();
            return secretStorages.computeIfAbsent(namespace + "/" + storage.secretName(), key -> {
                SecretCertificateStorage secret = new SecretCertificateStorage(kubernetes::client, namespace,
                        storage.secretName(), election::isLeader);
                election.addLeadershipListener(secret::leadershipChanged);
                return secret;
            });
        };
    }

    /** Entry point name to the certificates resolver of its {@code http.tls.certresolver}. */
    private static Map<String, String> entryPointResolvers(StaticConfig config) {
        Map<String, String> resolvers = new LinkedHashMap<>();
        for (EntryPointConfig ep : config.entryPoints().values()) {
            if (ep.tls() != null && ep.tls().certResolver() != null && !ep.tls().certResolver().isEmpty()) {
                resolvers.put(ep.name(), ep.tls().certResolver());
            }
        }
        return resolvers;
    }

    /** Resolver name to the {@code http.tls.domains} of the entry points that use it. */
    private static Map<String, List<TlsDomain>> entryPointDomains(StaticConfig config) {
        Map<String, List<TlsDomain>> domains = new LinkedHashMap<>();
        for (EntryPointConfig ep : config.entryPoints().values()) {
            if (ep.tls() != null && ep.tls().certResolver() != null && !ep.tls().certResolver().isEmpty()) {
                domains.computeIfAbsent(ep.tls().certResolver(), r -> new ArrayList<>()).addAll(ep.tls().domains());
            }
        }
        return domains;
    }

    /** The entry points with http.tls, as the router tls section their routers take. */
    private static Map<String, RouterTls> tlsByEntryPoint(StaticConfig config) {
        Map<String, RouterTls> tls = new LinkedHashMap<>();
        for (EntryPointConfig ep : config.entryPoints().values()) {
            if (ep.tls() != null) {
                tls.put(ep.name(), new RouterTls(ep.tls().options(), ep.tls().certResolver(), ep.tls().domains()));
            }
        }
        return tls;
    }

    /**
     * Whether the Ingress provider watches a cluster. With the file provider and no connection
     * flag of its own, {@code --providers.kubernetesingress} translates the directory's Ingresses
     * only: a manifests directory without a cluster must not wait for an API server.
     */
    private static boolean readsIngressesFromCluster(KubernetesIngressConfig ingress, boolean fileOn, boolean crdOn) {
        if (!ingress.enabled()) {
            return false;
        }
        return crdOn || hasOwnConnection(ingress) || !fileOn;
    }

    /**
     * The Gateway API provider reads the cluster unless it runs beside the file provider alone
     * (then it translates the manifests directory's Gateway API objects), as the Ingress provider.
     */
    private static boolean readsGatewayFromCluster(KubernetesGatewayConfig gateway, boolean fileOn, boolean otherKubernetes) {
        if (!gateway.enabled()) {
            return false;
        }
        return otherKubernetes || !gateway.endpoint().isEmpty() || !gateway.token().isEmpty()
                || !gateway.certAuthFilePath().isEmpty() || !fileOn;
    }

    /** Whether the Ingress provider was given its own API server connection (endpoint, token or CA). */
    private static boolean hasOwnConnection(KubernetesIngressConfig ingress) {
        return !ingress.endpoint().isEmpty() || !ingress.token().isEmpty() || !ingress.certAuthFilePath().isEmpty();
    }

    private static IngressEndpoint ingressEndpoint(KubernetesIngressConfig ingress) {
        KubernetesIngressConfig.IngressEndpoint e = ingress.ingressEndpoint();
        return new IngressEndpoint(emptyToNull(e.ip()), emptyToNull(e.hostname()), emptyToNull(e.publishedService()));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** The CRD provider's connection, or the Ingress provider's own when only it is on and it has one. */
    private static KubernetesConnection connection(StaticConfig config, boolean readCrds) {
        KubernetesIngressConfig ingress = config.kubernetesIngress();
        KubernetesGatewayConfig gateway = config.kubernetesGateway();
        boolean gatewayConnection = gateway.enabled()
                && (!gateway.endpoint().isEmpty() || !gateway.token().isEmpty() || !gateway.certAuthFilePath().isEmpty());
        if (!readCrds && !hasOwnConnection(ingress) && gatewayConnection) {
            return new KubernetesConnection(emptyToNull(gateway.endpoint()), emptyToNull(gateway.token()),
                    gateway.certAuthFilePath().isEmpty() ? null : Path.of(gateway.certAuthFilePath()),
                    gateway.namespaces(), null, gateway.throttleDuration());
        }
        if (readCrds || !hasOwnConnection(ingress)) {
            return config.kubernetesCrd().connection();
        }
        return new KubernetesConnection(emptyToNull(ingress.endpoint()), emptyToNull(ingress.token()),
                ingress.certAuthFilePath().isEmpty() ? null : Path.of(ingress.certAuthFilePath()),
                ingress.namespaces(), emptyToNull(ingress.labelSelector()), ingress.throttleDuration());
    }

    /**
     * The Kubernetes provider (one set of informers for both the CRD and the Ingress provider)
     * and the status writer that reports back what became of each object.
     */
    private void startKubernetes(KubernetesProvider kubernetes) {
        statusWriter.subscribe(holder);
        startProvider(kubernetes);
    }

    private void startProvider(Provider provider) {
        Stopping readiness = runtime.stopping();
        if (provider.firstSnapshotLater()) {
            readiness.awaitFirstSync(provider.name());
        }
        try {
            provider.start(snapshot -> {
                pipeline.accept(provider.name(), snapshot);
                readiness.firstSyncDone(provider.name());
            });
            providers.add(provider);
            LOG.info("event=provider-started provider={}", provider.name());
        } catch (Exception e) {
            // Dynamic configuration never stops the process: serve without this provider.
            LOG.error("event=provider-failed provider={} msg=\"{}\"", provider.name(), e.toString());
        }
    }

    /** What the application was started with, or null before {@link #start}. */
    public JetwayRuntime runtime() {
        return runtime;
    }

    /** The ACME resolvers, or null when none is configured. */
    public CertificateResolvers certificateResolvers() {
        return certificateResolvers;
    }

    public synchronized void stop() {
        if (statusWriter != null) {
            statusWriter.close();
            statusWriter = null;
        }
        for (Provider p : providers) {
            p.close();
        }
        providers.clear();
        pendingProviders.forEach(Provider::close); // stopped before they started
        pendingProviders.clear();
        if (certificateResolvers != null) {
            holder.removeSwapListener(certificateResolvers);
            certificateResolvers.close();
        }
        secretStorages.values().forEach(SecretCertificateStorage::close);
        secretStorages.clear();
        if (pipeline != null) {
            pipeline.close();
        }
    }
}
