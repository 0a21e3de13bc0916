package io.jetway.tls.acme;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jetway.dynamic.TlsDomain;
import io.jetway.util.JsonProblems;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * ACME storage in a Kubernetes Secret shared by every replica ({@code secret:<namespace>/<name>}):
 * an Opaque Secret whose key {@code acme.json} holds the same text as the file storage (so it can be
 * copied between the two), plus {@code acme-challenges.json} with the HTTP-01 answers of orders in
 * progress, so whichever replica the ACME server reaches answers, and {@code acme-orders.json} with
 * the URL of each resolver's last order per domains, so a leader taking over continues an order
 * its predecessor left unfinished.
 *
 * <p>Reads come from an informer on this one Secret, so a certificate the leader stores reaches
 * every replica within a watch event; writes read the Secret fresh and update it with its
 * resourceVersion, again on a conflict (409). The Secret is created when missing. Only the Lease
 * holder orders ({@link #mayOrder()}). Lives with the other ACME storage; the client (the
 * Kubernetes provider's) and the election (the status writer's Lease) are handed in by the
 * composition root, so it knows neither, and the rest of the ACME code sees only
 * {@link CertificateStorage}. The Secret's content is never logged.
 */
public final class SecretCertificateStorage implements CertificateStorage, AutoCloseable {

    public static final String DATA_KEY = "acme.json";
    public static final String CHALLENGES_KEY = "acme-challenges.json";
    public static final String ORDERS_KEY = "acme-orders.json";
    private static final Logger LOG = LoggerFactory.getLogger(SecretCertificateStorage.class);
    private static final int MAX_ATTEMPTS = 10;
    private static final Duration SYNC_WAIT = Duration.ofSeconds(30);
    private static final Duration SHARE_WAIT = Duration.ofSeconds(5);
    private static final Duration DIRECT_READ_INTERVAL = Duration.ofMillis(200);
    private static final Duration DIRECT_READ_WAIT = Duration.ofSeconds(3);

    private final Supplier<KubernetesClient> client;
    private final String namespace;
    private final String name;
    private final BooleanSupplier leader;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final Object directLock = new Object();
    private DirectRead lastDirectRead;
    private SharedIndexInformer<Secret> informer;
    private boolean closed;
    /** The Secret as the informer last saw it (null when it does not exist) and its parsed challenges. */
    private volatile Seen seen;
    /** The resourceVersion of this replica's last write until the informer shows it; null when shown. */
    private String unseenWrite;

    private record Seen(Secret secret, Map<String, String> challenges, Map<String, String> orders) {
        @Override
        public String toString() {
            return "Seen[secret present=" + (secret != null) + "]"; // never the Secret's data
        }
    }

    /**
     * @param client the provider's client, null until the provider has started
     * @param leader whether this replica holds the Lease
     */
    public SecretCertificateStorage(Supplier<KubernetesClient> client, String namespace, String name, BooleanSupplier leader) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.leader = leader;
    }

    /** From the informer, once it shows this replica's own last write (never older than what was written). */
    @Override
    public StoredResolver load(String resolver) throws IOException {
        awaitSynced();
        return AcmeJson.resolver(text(awaitSeen(s -> unseenWrite == null, SHARE_WAIT).secret(), DATA_KEY), resolver, describe());
    }

    @Override
    public void save(String resolver, StoredResolver data) throws IOException {
        edit(secretData -> {
            String current = decode(secretData.get(DATA_KEY), DATA_KEY);
            secretData.put(DATA_KEY, encode(AcmeJson.withResolver(current, resolver, data, describe())));
            return secretData;
        });
    }

    /** Only on the Lease holder, and once this replica has seen the Secret (it must not order what is stored). */
    @Override
    public boolean mayOrder() {
        return leader.getAsBoolean() && seen != null;
    }

    @Override
    public void addListener(Runnable changed) {
        listeners.add(changed);
    }

    /** The Lease changed hands: the new leader orders what is missing, the old one stops. */
    public void leadershipChanged() {
        notifyListeners();
    }

    @Override
    public void shareHttpChallenge(String token, String keyAuthorization) throws IOException {
        editMap(CHALLENGES_KEY, challenges -> challenges.add(token, keyAuthorization));
        // The watch reaches every replica about when it reaches this one: answer once it has.
        awaitSeen(s -> unseenWrite == null, SHARE_WAIT);
    }

    @Override
    public void withdrawHttpChallenge(String token) throws IOException {
        editMap(CHALLENGES_KEY, challenges -> challenges.remove(token));
    }

    @Override
    public String pendingOrder(String resolver, TlsDomain domain) {
        Seen s = seen;
        return s == null ? null : s.orders().get(orderKey(resolver, domain));
    }

    @Override
    public void rememberOrder(String resolver, TlsDomain domain, String orderUrl) throws IOException {
        editMap(ORDERS_KEY, orders -> orders.add(orderKey(resolver, domain), orderUrl));
    }

    private static String orderKey(String resolver, TlsDomain domain) {
        return resolver + " " + String.join(",", CertificateDomains.names(domain));
    }

    /**
     * From the watch; for a token it does not know, from the API server (the watch may lag behind
     * the leader's write by the time the ACME server asks), at most once per {@link #DIRECT_READ_INTERVAL}
     * so that probing random tokens cannot flood the API server. The only blocking on a request
     * thread, for unknown tokens on the challenge path, bounded by {@link #DIRECT_READ_WAIT}.
     */
    @Override
    public String sharedKeyAuthorization(String token) {
        Seen s = seen;
        if (s == null) {
            return null;
        }
        String known = s.challenges().get(token);
        return known != null ? known : readDirectly().get(token);
    }

    /**
     * The challenges as the API server has them. Requests arriving together (an ACME server validates
     * from several places at once) share one read; a read younger than the interval is reused.
     */
    private Map<String, String> readDirectly() {
        long now = System.nanoTime();
        DirectRead read;
        boolean mine = false;
        synchronized (directLock) {
            read = lastDirectRead;
            if (read == null || now - read.startedNanos() > DIRECT_READ_INTERVAL.toNanos()) {
                read = new DirectRead(now, new CompletableFuture<>());
                lastDirectRead = read;
                mine = true;
            }
        }
        if (mine) {
            KubernetesClient api = client.get();
            try {
                read.challenges().complete(api == null ? Map.of()
                        : map(api.secrets().inNamespace(namespace).withName(name).get(), CHALLENGES_KEY));
            } catch (RuntimeException e) {
                LOG.debug("event=acme-secret-read-failed secret={}/{} msg=\"{}\"", namespace, name, firstLine(e.getMessage()));
                read.challenges().complete(Map.of());
            }
        }
        try {
            return read.challenges().get(DIRECT_READ_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
    }

    private record DirectRead(long startedNanos, CompletableFuture<Map<String, String>> challenges) {
    }

    @Override
    public String describe() {
        return "secret:" + namespace + "/" + name;
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    /** Changes one of the small JSON maps (string to string) kept beside acme.json. */
    private void editMap(String key, UnaryOperator<JsonObjectBuilder> change) throws IOException {
        edit(secretData -> {
            JsonObjectBuilder map = Json.createObjectBuilder();
            parseMap(decode(secretData.get(key), key), key).forEach(map::add);
            secretData.put(key, encode(change.apply(map).build().toString()));
            return secretData;
        });
    }

    private interface DataEdit {
        Map<String, String> apply(Map<String, String> base64Data) throws IOException;
    }

    /** Read fresh, change, write with the resourceVersion read; again on a conflict. Creates the Secret when missing. */
    private void edit(DataEdit change) throws IOException {
        KubernetesClient api = awaitClient();
        KubernetesClientException last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                Secret fresh = api.secrets().inNamespace(namespace).withName(name).get();
                if (fresh == null) {
                    Secret created = new SecretBuilder()
                            .withMetadata(new ObjectMetaBuilder().withNamespace(namespace).withName(name)
                                    .withLabels(Map.of("app.kubernetes.io/managed-by", "jetway")).build())
                            .withType("Opaque")
                            .withData(change.apply(new LinkedHashMap<>()))
                            .build();
                    written(api.secrets().inNamespace(namespace).resource(created).create());
                    LOG.info("event=acme-secret-created secret={}/{}", namespace, name);
                } else {
                    Map<String, String> data = new LinkedHashMap<>(fresh.getData() == null ? Map.of() : fresh.getData());
                    fresh.setData(change.apply(data));
                    written(api.secrets().inNamespace(namespace).resource(fresh).update());
                }
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw new IOException("cannot write Secret " + namespace + "/" + name + ": " + e.getCode() + " "
                            + firstLine(e.getMessage()), e);
                }
                last = e; // another replica wrote meanwhile (or created it first): read again
                LOG.debug("event=acme-secret-conflict secret={}/{} attempt={}", namespace, name, attempt);
            }
        }
        throw new IOException("cannot write Secret " + namespace + "/" + name + ": still conflicting after "
                + MAX_ATTEMPTS + " attempts", last);
    }

    private void written(Secret result) {
        synchronized (lock) {
            Seen s = seen;
            String version = result.getMetadata().getResourceVersion();
            unseenWrite = s != null && s.secret() != null && version.equals(s.secret().getMetadata().getResourceVersion())
                    ? null : version;
        }
    }

    private KubernetesClient awaitClient() throws IOException {
        long deadline = System.nanoTime() + SYNC_WAIT.toNanos();
        KubernetesClient api;
        while ((api = client.get()) == null) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the Kubernetes provider has not started");
            }
            pause();
        }
        return api;
    }

    /** Starts the informer once, then waits (bounded) until it has listed the Secret. */
    private Seen awaitSynced() throws IOException {
        Seen s = seen;
        if (s != null) {
            return s;
        }
        KubernetesClient api = awaitClient();
        synchronized (lock) {
            if (closed) {
                throw new IOException("closed");
            }
            if (informer == null) {
                informer = api.secrets().inNamespace(namespace).withName(name).runnableInformer(0);
                informer.addEventHandler(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Secret secret) {
                        observed(secret);
                    }

                    @Override
                    public void onUpdate(Secret before, Secret after) {
                        observed(after);
                    }

                    @Override
                    public void onDelete(Secret secret, boolean finalStateUnknown) {
                        observed(null);
                    }
                });
                informer.start().whenComplete((ok, error) -> {
                    if (error == null) {
                        onSynced();
                    } else {
                        LOG.warn("event=acme-secret-watch-failed secret={}/{} msg=\"{}\"", namespace, name,
                                firstLine(error.getMessage()));
                    }
                });
            }
        }
        return awaitSeen(x -> true, SYNC_WAIT);
    }

    /** After the first list: a Secret that does not exist yet is seen as empty. */
    private void onSynced() {
        boolean first;
        synchronized (lock) {
            first = seenFromStoreIfListed();
        }
        if (first) {
            notifyListeners();
        }
    }

    /** With the lock held: true when this sets {@link #seen} for the first time from the informer's list. */
    private boolean seenFromStoreIfListed() {
        if (seen != null || informer == null || !informer.hasSynced()) {
            return false;
        }
        List<Secret> listed = informer.getStore().list();
        seen = seen(listed.isEmpty() ? null : listed.get(0));
        lock.notifyAll();
        return true;
    }

    private void observed(Secret secret) {
        synchronized (lock) {
            seen = seen(secret);
            if (secret != null && secret.getMetadata().getResourceVersion().equals(unseenWrite)) {
                unseenWrite = null;
            }
            lock.notifyAll();
        }
        notifyListeners();
    }

    private Seen seen(Secret secret) {
        return new Seen(secret, map(secret, CHALLENGES_KEY), map(secret, ORDERS_KEY));
    }

    private Map<String, String> map(Secret secret, String key) {
        try {
            return parseMap(text(secret, key), key);
        } catch (IOException invalid) {
            LOG.warn("event=acme-secret-invalid secret={}/{} key={} msg=\"{}\"", namespace, name, key,
                    firstLine(invalid.getMessage()));
            return Map.of();
        }
    }

    private Seen awaitSeen(Predicate<Seen> condition, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (lock) {
            while (seen == null || !condition.test(seen)) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    unseenWrite = null; // a relist may skip the version written: do not wait for it again
                    if (seen != null) {
                        return seen; // the write went through; the watch is only slow
                    }
                    throw new IOException("Secret " + namespace + "/" + name + " not listed yet");
                }
                try {
                    lock.wait(Math.max(1, Math.min(left / 1_000_000, 100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("stopping");
                }
                seenFromStoreIfListed();
            }
            return seen;
        }
    }

    private void notifyListeners() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.error("event=acme-secret-listener-failed msg=\"{}\"", e.toString(), e);
            }
        }
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopping");
        }
    }

    private String text(Secret secret, String key) throws IOException {
        return secret == null || secret.getData() == null ? null : decode(secret.getData().get(key), key);
    }

    private Map<String, String> parseMap(String text, String key) throws IOException {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            JsonObject object = reader.readObject();
            Map<String, String> challenges = new HashMap<>();
            for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
                if (entry.getValue() instanceof JsonString s) {
                    challenges.put(entry.getKey(), s.getString());
                }
            }
            return Map.copyOf(challenges);
        } catch (JsonException | IllegalStateException invalid) {
            throw new IOException("Secret " + namespace + "/" + name + " key " + key + " is " + JsonProblems.describe(invalid), invalid);
        }
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The value of a data key; an error naming the Secret and key (never the value) when it is not base64. */
    private String decode(String base64, String key) throws IOException {
        try {
            return base64 == null ? null : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException invalid) {
            throw new IOException("Secret " + namespace + "/" + name + " key " + key + " is not base64");
        }
    }

    private static String firstLine(String message) {
        return String.valueOf(message).lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (informer != null) {
                informer.close();
            }
            lock.notifyAll();
        }
    }
}
