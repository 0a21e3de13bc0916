package io.jetway.provider.kubernetes;

import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jetway.config.KubernetesConnection;
import io.jetway.kube.KubeObject;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.provider.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches the Kubernetes API server with shared informers and emits a {@link ResourceSnapshot} of
 * everything it read after the first full sync and after every burst of changes. An unreachable
 * API server is retried with backoff; a lost watch is re-listed by the informers while the last
 * snapshot keeps serving; a CRD that is not installed is skipped.
 */
public final class KubernetesProvider implements Provider {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesProvider.class);
    /** With no throttle, events that arrive within this window still make one snapshot (kubectl apply of a file). */
    static final Duration BURST_WINDOW = Duration.ofMillis(30);
    static final Duration FIRST_RETRY = Duration.ofMillis(500);
    static final Duration MAX_RETRY = Duration.ofSeconds(10);
    static final Duration MISSING_KINDS_CHECK = Duration.ofSeconds(5);

    private final KubernetesConnection connection;
    private final List<WatchedKind> kinds;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jetway-kubernetes");
        t.setDaemon(true);
        return t;
    });
    /** Key (apiVersion/kind/namespace/name) -> the object as the translators see it. */
    /** Sorted by key, as snapshots list them: a snapshot is then a copy of the values, not a sort of thousands. */
    private final Map<String, KubeObject> objects = new java.util.concurrent.ConcurrentSkipListMap<>();
    /** Same key -> the object's status and generation as the cluster has them, for the status writer. */
    private final Map<String, ObservedStatus> observed = new ConcurrentHashMap<>();
    private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new CopyOnWriteArrayList<>();
    /** The kinds with informers; the others are not served (yet) by the API server. */
    private final Set<WatchedKind> watched = ConcurrentHashMap.newKeySet();
    private final List<Consumer<ResourceSnapshot>> snapshotListeners = new CopyOnWriteArrayList<>();
    private volatile KubernetesClient client;
    private volatile boolean closed;
    private volatile boolean synced;
    private Consumer<ResourceSnapshot> sink;
    private boolean emitScheduled;
    private volatile long lastEmitNanos;
    private ResourceSnapshot lastSnapshot;
    /**
     * Since the last snapshot: each object updated in place, by key, as that snapshot has it; and
     * whether any object came or went. Only updates: the next snapshot is the last one with those
     * objects replaced (so a reload translates only what they touch); else one made afresh.
     */
    private final Map<String, KubeObject> updatedSinceEmit = new java.util.HashMap<>();
    private boolean addedOrRemovedSinceEmit = true;
    private volatile String ingressClass = "";

    /**
     * @param readCrds      Traefik's kinds (both API groups)
     * @param readIngresses networking.k8s.io Ingresses and IngressClasses
     */
    public KubernetesProvider(KubernetesConnection connection, boolean readCrds, boolean readIngresses) {
        this(connection, kindsFor(readCrds, readIngresses));
    }

    /**
     * @param readGateway the Gateway API kinds (and Namespaces)
     * @param experimentalChannel with readGateway: TCPRoutes too
     */
    public KubernetesProvider(KubernetesConnection connection, boolean readCrds, boolean readIngresses, boolean readGateway,
                              boolean experimentalChannel) {
        this(connection, kindsFor(readCrds, readIngresses, readGateway, experimentalChannel));
    }

    /** The class of the IngressRoutes (HTTP, TCP, UDP) read ({@link IngressRouteClass}); "" by default. Before start. */
    public KubernetesProvider readingClass(String crdIngressClass) {
        this.ingressClass = crdIngressClass == null ? "" : crdIngressClass;
        return this;
    }

    KubernetesProvider(KubernetesConnection connection, List<WatchedKind> kinds) {
        this.connection = connection;
        this.kinds = List.copyOf(kinds);
    }

    static List<WatchedKind> kindsFor(boolean readCrds, boolean readIngresses) {
        return kindsFor(readCrds, readIngresses, false, false);
    }

    static List<WatchedKind> kindsFor(boolean readCrds, boolean readIngresses, boolean readGateway, boolean experimentalChannel) {
        List<WatchedKind> kinds = new ArrayList<>(WatchedKind.CORE);
        if (readGateway) {
            kinds.addAll(WatchedKind.gateway(experimentalChannel));
        }
        if (readCrds) {
            kinds.addAll(WatchedKind.traefik());
        }
        if (readIngresses) {
            kinds.addAll(WatchedKind.INGRESS);
        }
        return kinds;
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    /** Connecting may take long (the API server may be down): the first snapshot comes later, from this provider's thread. */
    @Override
    public boolean firstSnapshotLater() {
        return true;
    }

    @Override
    public void start(Consumer<ResourceSnapshot> sink) {
        this.sink = sink;
        this.client = KubernetesClients.create(connection);
        LOG.info("event=kubernetes-connecting url={} namespaces={} labelSelector={}", client.getMasterUrl(),
                connection.namespaces().isEmpty() ? "all" : String.join(",", connection.namespaces()),
                connection.labelSelector() == null ? "none" : connection.labelSelector());
        scheduler.execute(() -> connect(FIRST_RETRY));
    }

    /** The client this provider reads with (null before {@link #start}); the status writer shares it. */
    public KubernetesClient client() {
        return client;
    }

    /** Whether the first full list of every kind has arrived. */
    public boolean synced() {
        return synced;
    }

    /** Hears each snapshot after the sink, on the provider's thread. */
    public void addSnapshotListener(Consumer<ResourceSnapshot> listener) {
        snapshotListeners.add(listener);
    }

    /** The cluster's view of an object's status (what Jetway last wrote, or another writer). */
    public ObservedStatus observedStatus(String apiVersion, String kind, String namespace, String name) {
        return observed.get(key(apiVersion, kind, namespace, name));
    }

    private void connect(Duration retry) {
        if (closed) {
            return;
        }
        List<WatchedKind> available;
        try {
            available = availableKinds(kinds);
        } catch (RuntimeException e) {
            LOG.warn("event=kubernetes-unreachable msg=\"{}\" retryIn={}ms", firstLine(e), retry.toMillis());
            Duration next = retry.multipliedBy(2).compareTo(MAX_RETRY) > 0 ? MAX_RETRY : retry.multipliedBy(2);
            scheduler.schedule(() -> connect(next), retry.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        LOG.info("event=kubernetes-watching kinds={}", available.size());
        for (WatchedKind kind : kinds) {
            if (!available.contains(kind)) {
                LOG.info("event=kind-not-installed resource={} msg=\"skipped until the API server serves it\"", kind);
            }
        }
        watch(available).whenComplete((ok, error) -> {
            if (error == null && !closed) {
                scheduler.execute(this::firstSync);
            }
        });
        scheduleMissingKindsCheck();
    }

    /** Starts the informers of these kinds; completes when each has listed its objects. */
    private CompletableFuture<Void> watch(List<WatchedKind> available) {
        List<CompletableFuture<Void>> started = new ArrayList<>();
        for (WatchedKind kind : available) {
            watched.add(kind);
            for (FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
                    Resource<GenericKubernetesResource>> scope : scopes(kind)) {
                SharedIndexInformer<GenericKubernetesResource> informer = scope.runnableInformer(0);
                // Keep retrying, also before the first list succeeded (fabric8's default gives up then).
                informer.exceptionHandler((wasStarted, error) -> !closed);
                informer.addEventHandler(new Handler(kind));
                informers.add(informer);
                started.add(informer.start().toCompletableFuture());
            }
        }
        return CompletableFuture.allOf(started.toArray(CompletableFuture[]::new));
    }

    /** CRDs are often installed after the controller: kinds not served yet are looked for again. */
    private void scheduleMissingKindsCheck() {
        if (closed || watched.size() == kinds.size()) {
            return;
        }
        try {
            scheduler.schedule(this::watchMissingKinds, MISSING_KINDS_CHECK.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            LOG.debug("event=kind-check-skipped reason=closing");
        }
    }

    private void watchMissingKinds() {
        if (closed) {
            return;
        }
        List<WatchedKind> missing = kinds.stream().filter(k -> !watched.contains(k)).toList();
        try {
            List<WatchedKind> appeared = availableKinds(missing);
            if (!appeared.isEmpty()) {
                appeared.forEach(kind -> LOG.info("event=kind-installed resource={} msg=\"watching it from now on\"", kind));
                watch(appeared).whenComplete((ok, error) -> {
                    if (error == null && !closed) {
                        scheduler.execute(this::changed);
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.debug("event=kind-check-failed msg=\"{}\"", firstLine(e));
        }
        scheduleMissingKindsCheck();
    }

    /**
     * The kinds whose API exists, from the API server's discovery documents: one read per group
     * version, not one list per kind.
     */
    private List<WatchedKind> availableKinds(List<WatchedKind> candidates) {
        Map<String, Set<String>> servedByGroupVersion = new HashMap<>();
        List<WatchedKind> available = new ArrayList<>();
        for (WatchedKind kind : candidates) {
            if (servedByGroupVersion.computeIfAbsent(kind.apiVersion(), this::servedResources).contains(kind.plural())) {
                available.add(kind);
            }
        }
        return available;
    }

    /** The resources (plural names) the API server serves in a group version; none when it does not serve the group. */
    private Set<String> servedResources(String groupVersion) {
        APIResourceList list;
        try {
            list = client.getApiResources(groupVersion);
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
            list = null;
        }
        Set<String> served = new HashSet<>();
        if (list != null && list.getResources() != null) {
            list.getResources().forEach(r -> served.add(r.getName()));
        }
        return served;
    }

    private List<FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>>> scopes(WatchedKind kind) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op =
                client.genericKubernetesResources(kind.context());
        List<FilterWatchListDeletable<GenericKubernetesResource, GenericKubernetesResourceList,
                Resource<GenericKubernetesResource>>> scopes = new ArrayList<>();
        if (!kind.namespaced()) {
            scopes.add(op);
        } else if (connection.namespaces().isEmpty()) {
            scopes.add(op.inAnyNamespace());
        } else {
            connection.namespaces().forEach(ns -> scopes.add(op.inNamespace(ns)));
        }
        if (kind.selectable() && connection.labelSelector() != null) {
            scopes.replaceAll(scope -> scope.withLabelSelector(connection.labelSelector()));
        }
        return scopes;
    }

    private void firstSync() {
        synced = true;
        LOG.info("event=kubernetes-synced objects={}", objects.size());
        emit();
    }

    private final class Handler implements ResourceEventHandler<GenericKubernetesResource> {
        private final WatchedKind kind;

        Handler(WatchedKind kind) {
            this.kind = kind;
        }

        @Override
        public void onAdd(GenericKubernetesResource resource) {
            put(kind, resource);
        }

        @Override
        public void onUpdate(GenericKubernetesResource oldResource, GenericKubernetesResource newResource) {
            put(kind, newResource);
        }

        @Override
        public void onDelete(GenericKubernetesResource resource, boolean finalStateUnknown) {
            String key = key(kind.apiVersion(), kind.kind(), namespaceOf(resource), resource.getMetadata().getName());
            synchronized (updatedSinceEmit) {
                objects.remove(key);
                addedOrRemovedSinceEmit = true;
            }
            observed.remove(key);
            changed();
        }
    }

    private void put(WatchedKind kind, GenericKubernetesResource resource) {
        @SuppressWarnings("unchecked")
        Map<String, Object> document = client.getKubernetesSerialization().convertValue(resource, Map.class);
        String namespace = namespaceOf(resource);
        String name = resource.getMetadata().getName();
        String key = key(kind.apiVersion(), kind.kind(), namespace, name);
        if (IngressRouteClass.CLASSED_KINDS.contains(kind.kind())
                && !IngressRouteClass.read(ingressClass, IngressRouteClass.of(document))) {
            // Another controller's (or no longer ours after a class change): as if deleted.
            LOG.debug("event=kubernetes-other-class kind={} object={}/{} class=\"{}\"", kind.kind(), namespace, name,
                    IngressRouteClass.of(document));
            boolean removed;
            synchronized (updatedSinceEmit) {
                removed = objects.remove(key) != null;
                addedOrRemovedSinceEmit |= removed;
            }
            observed.remove(key);
            if (removed) {
                changed();
            }
            return;
        }
        observed.put(key, ObservedStatus.of(document));
        KubeObject object = new KubeObject(kind.apiVersion(), kind.kind(), namespace, name, translatorView(kind, document),
                "kubernetes " + kind.kind() + " " + namespace + "/" + name);
        KubeObject previous = objects.get(key);
        // A status write or a resync changes nothing the translators read: the object stays the
        // same one, which a reload recognises without comparing it.
        if (previous == null || !previous.document().equals(object.document())) {
            synchronized (updatedSinceEmit) {
                objects.put(key, object);
                if (previous == null) {
                    addedOrRemovedSinceEmit = true;
                } else {
                    updatedSinceEmit.putIfAbsent(key, previous);
                }
            }
            changed();
        }
    }

    /**
     * What translation reads: the object without the fields the server keeps changing
     * (resourceVersion, managedFields) and, for the kinds Jetway writes status on (Traefik's,
     * Ingress, the Gateway API's), without status: otherwise each status write comes back as a
     * change and the whole snapshot is translated again (2,000 times for 2,000 HTTPRoutes).
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> translatorView(WatchedKind kind, Map<String, Object> document) {
        Map<String, Object> copy = new LinkedHashMap<>(document);
        if (kind.isTraefik() || kind.kind().equals("Ingress") || kind.isGatewayApi()) {
            copy.remove("status");
        }
        if (copy.get("metadata") instanceof Map<?, ?> metadata) {
            Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) metadata);
            meta.remove("resourceVersion");
            meta.remove("managedFields");
            copy.put("metadata", meta);
        }
        return (Map<String, Object>) freeze(copy);
    }

    private static Object freeze(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), freeze(v)));
            return Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(freeze(v)));
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    /** Coalesces: at most one snapshot per burst window, and per throttle duration. */
    private void changed() {
        if (!synced || closed) {
            return;
        }
        synchronized (this) {
            if (emitScheduled) {
                return;
            }
            emitScheduled = true;
        }
        long sinceLast = System.nanoTime() - lastEmitNanos;
        long delay = Math.max(BURST_WINDOW.toNanos(), connection.throttleDuration().toNanos() - sinceLast);
        try {
            scheduler.schedule(this::emit, delay, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            LOG.debug("event=emit-skipped reason=closing");
        }
    }

    private void emit() {
        synchronized (this) {
            emitScheduled = false;
        }
        if (closed) {
            return;
        }
        lastEmitNanos = System.nanoTime();
        ResourceSnapshot snapshot = nextSnapshot();
        if (snapshot.equals(lastSnapshot)) {
            return;
        }
        lastSnapshot = snapshot;
        try {
            sink.accept(snapshot);
        } catch (RuntimeException e) {
            LOG.error("event=snapshot-failed msg=\"{}\"", e.toString(), e);
        }
        for (Consumer<ResourceSnapshot> listener : snapshotListeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                LOG.error("event=snapshot-listener-failed msg=\"{}\"", e.toString(), e);
            }
        }
    }

    /**
     * The last snapshot with the objects updated since replaced, when objects were only updated
     * (and the last snapshot still has each as it was); else one made afresh from every object.
     */
    private ResourceSnapshot nextSnapshot() {
        List<KubeObject> before = new ArrayList<>();
        List<KubeObject> after = new ArrayList<>();
        List<KubeObject> all;
        boolean afresh;
        synchronized (updatedSinceEmit) {
            afresh = addedOrRemovedSinceEmit || lastSnapshot == null;
            updatedSinceEmit.forEach((key, was) -> {
                before.add(was);
                after.add(objects.get(key));
            });
            updatedSinceEmit.clear();
            addedOrRemovedSinceEmit = false;
            all = afresh ? List.copyOf(objects.values()) : null;
        }
        ResourceSnapshot derived = afresh ? null : lastSnapshot.withReplaced(before, after);
        if (derived != null) {
            return derived;
        }
        synchronized (updatedSinceEmit) {
            return new ResourceSnapshot(all != null ? all : List.copyOf(objects.values()));
        }
    }

    @Override
    public void close() {
        closed = true;
        informers.forEach(SharedIndexInformer::stop);
        scheduler.shutdownNow();
        KubernetesClient c = client;
        if (c != null) {
            c.close();
        }
    }

    static String key(String apiVersion, String kind, String namespace, String name) {
        return apiVersion + "/" + kind + "/" + namespace + "/" + name;
    }

    private static String namespaceOf(GenericKubernetesResource resource) {
        String ns = resource.getMetadata().getNamespace();
        return ns == null || ns.isEmpty() ? "default" : ns;
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).replace('"', '\'');
    }
}
