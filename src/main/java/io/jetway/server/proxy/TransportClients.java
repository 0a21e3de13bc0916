package io.jetway.server.proxy;

import io.jetway.dynamic.ServersTransport;
import io.jetway.service.Backend;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The clients requests to backends go through: the proxy's own for a backend without a servers
 * transport, else one HttpClient per servers transport in use. Clients of the transports of a new routing table
 * are started when the table is swapped in; a client no table uses any more is retired, and
 * stopped once its last exchange has ended and a grace delay has passed (the delay covers a
 * request that picked its backend from the old table but has not asked for the client yet).
 */
final class TransportClients implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransportClients.class);

    /** How long a client no table uses any more stays up for requests that picked it just before. */
    private static final Duration RETIRED_CLIENT_GRACE = Duration.ofSeconds(10);

    private final HttpClient defaults;
    /** The threads of the transports' clients (null when the factory brings its own). */
    private final QueuedThreadPool threads;
    private final Function<ServersTransport, HttpClient> factory;
    private final Scheduler scheduler;
    private final long graceNanos;
    private final Map<ServersTransport, Lease> clients = new ConcurrentHashMap<>();
    private final AtomicBoolean reapScheduled = new AtomicBoolean();
    private volatile Set<ServersTransport> live = Set.of();

    /** {@code defaults}: the client of backends without a servers transport; {@code factory} starts the others. */
    TransportClients(HttpClient defaults, Function<ServersTransport, HttpClient> factory, Scheduler scheduler, Duration grace) {
        this(defaults, null, factory, scheduler, grace);
    }

    private TransportClients(HttpClient defaults, QueuedThreadPool threads, Function<ServersTransport, HttpClient> factory,
                             Scheduler scheduler, Duration grace) {
        this.defaults = defaults;
        this.threads = threads;
        this.factory = factory;
        this.scheduler = scheduler;
        this.graceNanos = grace.toNanos();
    }

    /**
     * The proxy's clients: its own ({@code defaults}, started by Jetty's proxy servlet) and the
     * transports' clients, set up like it, sharing its scheduler and buffers, each with the
     * proxy's 100-continue handler.
     *
     * @throws Exception when the transports' threads cannot start
     */
    static TransportClients forProxy(HttpClient defaults, ExpectContinueHandler continueHandler, int maxHeadBytes)
            throws Exception {
        // The threads of the transports' clients: each client's selector holds one, so not the server's pool.
        QueuedThreadPool threads = new QueuedThreadPool(256, 2);
        threads.setName("jetway-transport");
        threads.start();
        return new TransportClients(defaults, threads,
                transport -> BackendHttpClient.startedFor(transport, defaults, threads, continueHandler, maxHeadBytes),
                defaults.getScheduler(), RETIRED_CLIENT_GRACE);
    }

    /** A request to the backend through the client of its servers transport, in its HTTP version. */
    Request newRequest(Backend backend, String target) {
        ServersTransport transport = backend.transport();
        Lease lease = transport == null ? null : acquire(transport);
        HttpClient client = lease == null ? defaults : lease.client();
        Request request = client.newRequest(target);
        BackendProtocol.apply(request, backend);
        if (lease != null) {
            request.onComplete(result -> release(lease));
        }
        return request;
    }

    /**
     * The client for a mirror copy: its backend's transport. Not leased: should a reload retire
     * that client while the copy is on its way, the copy fails, and a mirror's failure is harmless.
     */
    HttpClient forMirror(Backend backend) {
        if (backend.transport() == null) {
            return defaults;
        }
        Lease lease = acquire(backend.transport());
        release(lease);
        return lease.client();
    }

    /** One transport's client and the count of exchanges using it; -1 once it is stopped. */
    static final class Lease {
        final ServersTransport transport;
        final HttpClient client;
        private final AtomicInteger uses = new AtomicInteger();
        private volatile long retiredAt;
        private volatile boolean retired;

        Lease(ServersTransport transport, HttpClient client) {
            this.transport = transport;
            this.client = client;
        }

        HttpClient client() {
            return client;
        }
    }

    /** The client for one exchange; {@link #release} it when the exchange ends. */
    Lease acquire(ServersTransport transport) {
        while (true) {
            Lease lease = clients.computeIfAbsent(transport, this::create);
            int n = lease.uses.get();
            if (n >= 0 && lease.uses.compareAndSet(n, n + 1)) {
                return lease;
            }
            if (n < 0) {
                clients.remove(transport, lease); // stopped under us: start a fresh one
            }
        }
    }

    void release(Lease lease) {
        if (lease.uses.decrementAndGet() == 0 && lease.retired) {
            scheduleReap();
        }
    }

    /** The transports of the table now being served: start the new ones, retire the others. */
    synchronized void use(Set<ServersTransport> transports) {
        live = Set.copyOf(transports);
        for (ServersTransport t : live) {
            Lease lease = clients.computeIfAbsent(t, this::create);
            lease.retired = false;
        }
        long now = System.nanoTime();
        for (Lease lease : clients.values()) {
            if (!live.contains(lease.transport) && !lease.retired) {
                lease.retiredAt = now;
                lease.retired = true;
            }
        }
        scheduleReap();
    }

    private Lease create(ServersTransport transport) {
        HttpClient client = factory.apply(transport);
        Lease lease = new Lease(transport, client);
        if (!live.contains(transport)) {
            // Asked for by a request of an older table after its client was stopped.
            lease.retiredAt = System.nanoTime();
            lease.retired = true;
            scheduleReap();
        }
        LOG.info("event=backend-client-started transport={}", transport.name());
        return lease;
    }

    private void scheduleReap() {
        if (clients.values().stream().anyMatch(l -> l.retired) && reapScheduled.compareAndSet(false, true)) {
            scheduler.schedule(this::reap, Math.max(graceNanos, TimeUnit.MILLISECONDS.toNanos(10)), TimeUnit.NANOSECONDS);
        }
    }

    private void reap() {
        reapScheduled.set(false);
        long now = System.nanoTime();
        for (Lease lease : clients.values()) {
            if (lease.retired && now - lease.retiredAt >= graceNanos && lease.uses.compareAndSet(0, -1)) {
                clients.remove(lease.transport, lease);
                stop(lease);
            }
        }
        scheduleReap();
    }

    /** Whether a client for the transport is running (for tests). */
    boolean isRunning(ServersTransport transport) {
        Lease lease = clients.get(transport);
        return lease != null && lease.client.isRunning();
    }

    private static void stop(Lease lease) {
        try {
            lease.client.stop();
            LOG.info("event=backend-client-stopped transport={}", lease.transport.name());
        } catch (Exception e) {
            LOG.warn("event=backend-client-stop-failed transport={} msg=\"{}\"", lease.transport.name(), e.toString());
        }
    }

    @Override
    public synchronized void close() {
        live = Set.of();
        for (Lease lease : clients.values()) {
            lease.uses.set(-1);
            stop(lease);
        }
        clients.clear();
        try {
            if (threads != null) {
                threads.stop();
            }
        } catch (Exception e) {
            LOG.debug("event=transport-threads-stop-failed", e);
        }
    }
}
