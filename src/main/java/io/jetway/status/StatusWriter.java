package io.jetway.status;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.jetway.kube.KubeObject;
import io.jetway.kube.ObjectRef;
import io.jetway.dynamic.GatewayApiStatus;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.provider.kubernetes.KubernetesProvider;
import io.jetway.provider.kubernetes.ObservedStatus;
import io.jetway.provider.kubernetes.WatchedKind;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.RoutingTableHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes what Jetway made of each object back to the cluster, through the status subresource:
 * a Ready condition on IngressRoutes, Middlewares, TraefikServices and the layer-4 kinds
 * ({@link ReadyConditions#statusKinds()}), and the load-balancer
 * address on routed Ingresses when an ingress endpoint is configured. Only the replica holding
 * the Lease {@code jetway} writes; a status the cluster already has is not written again. The same
 * Lease picks the replica that places ACME orders ({@link io.jetway.tls.acme.SecretCertificateStorage}).
 *
 * <p>Reads what the build made (the routing table) and what the provider saw (its snapshots and
 * the status the cluster holds); neither the provider nor the build knows this class.
 */
public final class StatusWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusWriter.class);
    public static final String LEASE_NAME = "jetway";
    private static final long RETRY_SECONDS = 5;

    private final KubernetesProvider provider;
    private final IngressEndpoint ingressEndpoint;
    private final String namespace;
    private final String identity;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "jetway-status");
        t.setDaemon(true);
        return t;
    });
    private volatile RoutingTable table;
    private volatile ResourceSnapshot snapshot;
    private volatile boolean leader;
    private volatile boolean closed;
    private volatile CompletableFuture<?> election;
    private boolean pending;
    /** What this replica wrote last per object, until the informer shows it: no second write meanwhile. */
    private final Map<String, List<Object>> lastWritten = new java.util.concurrent.ConcurrentHashMap<>();
    private boolean electionStarted;
    private final List<Runnable> leadershipListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Consumer<RoutingTable> tableListener = this::tableChanged;
    private volatile RoutingTableHolder holder;
    /** Whether Gateway API objects get their status written (the provider reads the cluster). */
    private volatile boolean gatewayApi;
    /** What Gateways publish in status.addresses (statusAddress: an IP, a hostname or a Service's). */
    private volatile IngressEndpoint gatewayAddresses = IngressEndpoint.NONE;
    /** What was last written to a Gateway API object, times left out: the informer may not have seen it yet. */
    private final Map<String, Object> lastGatewayWrites = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * @param ingressEndpoint what to publish in Ingress status; {@link IngressEndpoint#NONE} for nothing
     * @param namespace       where the Lease lives ({@code POD_NAMESPACE})
     * @param identity        this replica's name in the Lease (the pod name)
     */
    public StatusWriter(KubernetesProvider provider, IngressEndpoint ingressEndpoint, String namespace, String identity) {
        this.provider = provider;
        this.ingressEndpoint = ingressEndpoint;
        this.namespace = namespace;
        this.identity = identity;
    }

    /** With the Lease in {@code $POD_NAMESPACE} (default {@code default}) and the pod name (or host name) as identity. */
    public static StatusWriter fromEnvironment(KubernetesProvider provider, IngressEndpoint ingressEndpoint) {
        String ns = System.getenv().getOrDefault("POD_NAMESPACE", "default");
        String pod = System.getenv("POD_NAME");
        if (pod == null || pod.isBlank()) {
            pod = System.getenv("HOSTNAME");
            if (pod == null || pod.isBlank()) {
                try {
                    pod = InetAddress.getLocalHost().getHostName();
                } catch (UnknownHostException e) {
                    pod = "jetway";
                }
            }
            // Without POD_NAME two instances on one host would share an identity, and both would lead.
            pod = pod + "-" + Long.toString(ThreadLocalRandom.current().nextLong() >>> 28, 36);
        }
        return new StatusWriter(provider, ingressEndpoint, ns.isBlank() ? "default" : ns, pod);
    }

    /** Competes for the Lease from the first snapshot on (the API server answers by then). */
    private synchronized void startElection() {
        if (!electionStarted && !closed) {
            electionStarted = true;
            executor.execute(this::elect);
        }
    }

    public boolean isLeader() {
        return leader;
    }

    /** The namespace of the Lease: Jetway's own. */
    public String namespace() {
        return namespace;
    }

    /** Runs (on the election's thread; it must return at once) whenever this replica gains or loses the Lease. */
    public void addLeadershipListener(Runnable listener) {
        leadershipListeners.add(listener);
    }

    private void leadershipChanged() {
        for (Runnable listener : leadershipListeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.error("event=leadership-listener-failed msg=\"{}\"", e.toString(), e);
            }
        }
    }

    /**
     * Follows the provider's snapshots and the holder's table swaps (the current table at once)
     * until {@link #close}; before the provider starts, so the first snapshot is heard.
     */
    public void subscribe(RoutingTableHolder tables) {
        provider.addSnapshotListener(this::snapshotChanged);
        holder = tables;
        tables.addSwapListener(tableListener);
    }

    /**
     * Gateway API objects of the cluster get the conditions their translation gave them from now on.
     *
     * @param addresses what Gateways publish in {@code status.addresses} ({@link IngressEndpoint#NONE}: nothing)
     */
    public void writeGatewayApiStatus(IngressEndpoint addresses) {
        gatewayAddresses = addresses;
        gatewayApi = true;
        schedule();
    }

    /** A new routing table was swapped in. */
    private void tableChanged(RoutingTable newTable) {
        table = newTable;
        schedule();
    }

    /** The Kubernetes provider produced a new snapshot. */
    void snapshotChanged(ResourceSnapshot newSnapshot) {
        snapshot = newSnapshot;
        startElection();
        schedule();
    }

    private void elect() {
        KubernetesClient client = provider.client();
        if (closed || client == null) {
            return;
        }
        LeaderCallbacks callbacks = new LeaderCallbacks(() -> {
            leader = true;
            LOG.info("event=leader-elected identity={} lease={}/{}", identity, namespace, LEASE_NAME);
            schedule();
            leadershipChanged();
        }, () -> {
            leader = false;
            lastWritten.clear(); // another replica writes from now on
            LOG.info("event=leader-lost identity={}", identity);
            leadershipChanged();
        }, newLeader -> LOG.debug("event=leader-observed leader={}", newLeader));
        CompletableFuture<?> run = client.leaderElector()
                .withConfig(new LeaderElectionConfigBuilder().withName(LEASE_NAME)
                        .withLock(new LeaseLock(namespace, LEASE_NAME, identity))
                        .withLeaseDuration(Duration.ofSeconds(15)).withRenewDeadline(Duration.ofSeconds(10))
                        .withRetryPeriod(Duration.ofSeconds(2)).withReleaseOnCancel(true)
                        .withLeaderCallbacks(callbacks).build())
                .build().start();
        election = run;
        // A lost lease ends the elector: compete again, so another replica's failure brings it back.
        run.whenComplete((ok, error) -> {
            leader = false;
            if (!closed) {
                try {
                    executor.schedule(this::elect, 2, TimeUnit.SECONDS);
                } catch (RejectedExecutionException closing) {
                    LOG.debug("event=election-stopped reason=closing");
                }
            }
        });
    }

    private synchronized void schedule() {
        if (pending || closed) {
            return;
        }
        pending = true;
        try {
            executor.schedule(this::writeAll, 50, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            pending = false;
        }
    }

    private void writeAll() {
        synchronized (this) {
            pending = false;
        }
        RoutingTable t = table;
        ResourceSnapshot s = snapshot;
        if (!leader || t == null || s == null || closed) {
            return;
        }
        Map<ObjectRef, Set<String>> errors = ReadyConditions.errorsByObject(t);
        boolean allWritten = true;
        for (String kind : ReadyConditions.statusKinds()) {
            for (KubeObject object : s.ofKind(kind)) {
                if (closed || !leader) {
                    return;
                }
                allWritten &= writeReady(object, ReadyConditions.of(object.ref(), errors));
            }
        }
        if (!ingressEndpoint.isNone()) {
            Set<ObjectRef> routed = ReadyConditions.routedObjects(t, "Ingress");
            List<Map<String, Object>> addresses = ingressEndpoint.addresses(s);
            for (KubeObject ingress : s.ofKind("Ingress")) {
                if (routed.contains(ingress.ref()) && !addresses.isEmpty()) {
                    allWritten &= writeLoadBalancer(ingress, addresses);
                }
            }
        }
        if (gatewayApi) {
            allWritten &= writeGatewayStatuses(s, t.config().gatewayStatus());
        }
        if (!allWritten && !closed) {
            // The API server may be away for a while: try again later even if nothing changes.
            executor.schedule(this::schedule, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    private boolean writeReady(KubeObject object, ReadyConditions.Ready ready) {
        ObservedStatus seen = provider.observedStatus(object.apiVersion(), object.kind(), object.namespace(), object.name());
        long generation = seen == null ? 0 : seen.generation();
        Map<String, Object> current = seen == null ? null : seen.readyCondition();
        String status = ready.ready() ? "True" : "False";
        String writtenKey = object.apiVersion() + " " + object.ref();
        List<Object> fingerprint = List.of(status, ready.reason(), ready.message(), generation);
        if (fingerprint.equals(lastWritten.get(writtenKey))) {
            return true;
        }
        if (current != null && status.equals(current.get("status")) && ready.reason().equals(current.get("reason"))
                && ready.message().equals(current.get("message"))
                && current.get("observedGeneration") instanceof Number n && n.longValue() == generation) {
            return true;
        }
        String transition = current != null && status.equals(current.get("status")) && current.get("lastTransitionTime") != null
                ? String.valueOf(current.get("lastTransitionTime"))
                : Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", "Ready");
        condition.put("status", status);
        condition.put("reason", ready.reason());
        condition.put("message", ready.message());
        condition.put("lastTransitionTime", transition);
        condition.put("observedGeneration", generation);
        boolean written = edit(object, resource -> {
            Map<String, Object> newStatus = statusOf(resource);
            List<Object> conditions = new ArrayList<>();
            if (newStatus.get("conditions") instanceof List<?> old) {
                old.stream().filter(c -> !(c instanceof Map<?, ?> m && "Ready".equals(m.get("type")))).forEach(conditions::add);
            }
            conditions.add(condition);
            newStatus.put("conditions", conditions);
            return newStatus;
        });
        if (written) {
            lastWritten.put(writtenKey, fingerprint);
            LOG.info("event=status-written object=\"{}\" ready={} reason={}", object.ref(), status, ready.reason());
        }
        return written;
    }

    /**
     * GatewayClasses, Gateways, routes and BackendTLSPolicies of the cluster, with the conditions their translation
     * gives them; written only when that differs from what the object has.
     */
    private boolean writeGatewayStatuses(ResourceSnapshot s, GatewayApiStatus translation) {
        boolean allWritten = true;
        List<Map<String, Object>> addresses = new ArrayList<>();
        for (Map<String, Object> a : gatewayAddresses.addresses(s)) {
            addresses.add(a.containsKey("ip") ? Map.of("type", "IPAddress", "value", a.get("ip"))
                    : Map.of("type", "Hostname", "value", a.get("hostname")));
        }
        for (var e : translation.classes().entrySet()) {
            allWritten &= writeGateway(s, e.getKey(), (current, generation) -> GatewayStatuses.gatewayClass(current, e.getValue(), generation));
        }
        for (var e : translation.gateways().entrySet()) {
            allWritten &= writeGateway(s, e.getKey(), (current, generation) -> GatewayStatuses.gateway(current, e.getValue(), generation,
                    addresses));
        }
        for (var e : translation.routes().entrySet()) {
            allWritten &= writeGateway(s, e.getKey(), (current, generation) -> GatewayStatuses.route(current, e.getValue(), generation));
        }
        for (var e : translation.policies().entrySet()) {
            allWritten &= writeGateway(s, e.getKey(), (current, generation) -> GatewayStatuses.policy(current, e.getValue(), generation));
        }
        return allWritten;
    }

    private interface GatewayStatusOf {
        Map<String, Object> of(Map<String, Object> current, long generation);
    }

    private boolean writeGateway(ResourceSnapshot s, ObjectRef ref, GatewayStatusOf statusOf) {
        if (closed || !leader) {
            return true;
        }
        KubeObject object = s.find(ref.kind(), ref.namespace(), ref.name()).orElse(null);
        if (object == null) {
            return true;
        }
        ObservedStatus seen = provider.observedStatus(object.apiVersion(), object.kind(), object.namespace(), object.name());
        long generation = seen == null ? 0 : seen.generation();
        Map<String, Object> current = seen == null ? Map.of() : seen.status();
        Map<String, Object> desired = statusOf.of(current, generation);
        Object fingerprint = StatusMaps.withoutTimes(desired);
        String key = object.apiVersion() + " " + object.ref();
        if (StatusMaps.same(desired, current) || fingerprint.equals(lastGatewayWrites.get(key))) {
            return true;
        }
        boolean written = edit(object, resource -> statusOf.of(statusOf(resource), generation));
        if (written) {
            lastGatewayWrites.put(key, fingerprint);
            LOG.info("event=status-written object=\"{}\" kind=gateway-api", object.ref());
        }
        return written;
    }

    private boolean writeLoadBalancer(KubeObject ingress, List<Map<String, Object>> addresses) {
        ObservedStatus seen = provider.observedStatus(ingress.apiVersion(), ingress.kind(), ingress.namespace(), ingress.name());
        if (seen != null && Objects.equals(seen.loadBalancerIngress(), addresses)) {
            return true;
        }
        boolean written = edit(ingress, resource -> {
            Map<String, Object> newStatus = statusOf(resource);
            newStatus.put("loadBalancer", Map.of("ingress", addresses));
            return newStatus;
        });
        if (written) {
            LOG.info("event=status-written object=\"{}\" loadBalancer={}", ingress.ref(), addresses);
        }
        return written;
    }

    private interface StatusEdit {
        Map<String, Object> apply(GenericKubernetesResource resource);
    }

    /** False when the write failed (logged); the next change or build tries again. */
    private boolean edit(KubeObject object, StatusEdit edit) {
        KubernetesClient client = provider.client();
        String group = object.group();
        String version = object.apiVersion().substring(object.apiVersion().indexOf('/') + 1);
        boolean namespaced = !CLUSTER_SCOPED.contains(object.kind());
        WatchedKind kind = new WatchedKind(group, version, object.kind(), plural(object.kind()), namespaced, false);
        try {
            var resources = client.genericKubernetesResources(kind.context());
            (namespaced ? resources.inNamespace(object.namespace()).withName(object.name()) : resources.withName(object.name()))
                    .editStatus(resource -> {
                        resource.setAdditionalProperty("status", edit.apply(resource));
                        return resource;
                    });
            return true;
        } catch (KubernetesClientException e) {
            LOG.warn("event=status-write-failed object=\"{}\" code={} msg=\"{}\"", object.ref(), e.getCode(),
                    String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> statusOf(GenericKubernetesResource resource) {
        Object status = resource.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    }

    private static final Set<String> CLUSTER_SCOPED = Set.of("GatewayClass", "IngressClass");

    private static String plural(String kind) {
        return switch (kind) {
            case "Ingress" -> "ingresses";
            case "GatewayClass" -> "gatewayclasses";
            case "BackendTLSPolicy" -> "backendtlspolicies";
            default -> kind.toLowerCase(java.util.Locale.ROOT) + "s";
        };
    }

    @Override
    public void close() {
        RoutingTableHolder tables = holder;
        if (tables != null) {
            tables.removeSwapListener(tableListener);
        }
        closed = true;
        CompletableFuture<?> run = election;
        if (run != null) {
            run.cancel(true); // releases the Lease, so another replica takes over at once
        }
        executor.shutdownNow();
    }
}
