package io.jetway.server;

import io.jetway.model.ServersTransport;
import org.eclipse.jetty.client.HttpClient;
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
 * One HttpClient per servers transport in use. Clients of the transports of a new routing table
 * are started when the table is swapped in; a client no table uses any more is retired, and
 * stopped once its last exchange has ended and a grace delay has passed (the delay covers a
 * request that picked its backend from the old table but has not asked for the client yet).
 */
final class TransportClients implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TransportClients.class);

    private final Function<ServersTransport, HttpClient> factory;
    private final Scheduler scheduler;
    private final long graceNanos;
    private final Map<ServersTransport, Lease> clients = new ConcurrentHashMap<>();
    private final AtomicBoolean reapScheduled = new AtomicBoolean();
    private volatile Set<ServersTransport> live = Set.of();

    TransportClients(Function<ServersTransport, HttpClient> factory, Scheduler scheduler, Duration grace) {
        this.factory = factory;
        this.scheduler = scheduler;
        this.graceNanos = grace.toNanos();
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
    }
}
