package io.jetway.tls.acme;

import io.jetway.config.CertificateResolverConfig;
import io.jetway.dynamic.TlsCertificate;
import io.jetway.dynamic.TlsDomain;
import io.jetway.kube.ObjectRef;
import io.jetway.util.Pem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One certificates resolver at work. It is told which certificates the routers want ({@link #want});
 * on its own thread it loads what storage holds (served at once), orders what is missing, renews
 * what has a third of its lifetime left, and retries failures with capped exponential backoff.
 * Reloads and requests never wait for it: {@link #want} only hands over a set. Time comes from an
 * injected {@link Clock}, so tests can move it.
 */
public final class AcmeResolver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AcmeResolver.class);

    private final CertificateResolverConfig config;
    private final CertificateStorage storage;
    private final AcmeCertificates certificates;
    private final AcmeOrderClient client;
    private final Clock clock;
    private final Backoff backoff;
    private final Duration checkInterval;
    private final ScheduledExecutorService worker;
    private final AtomicInteger ordersPlaced = new AtomicInteger();
    private final AtomicBoolean reloadRequested = new AtomicBoolean();

    private volatile Set<TlsDomain> wanted = Set.of();
    private volatile Map<TlsDomain, DomainStatus> statuses = Map.of();

    // Touched only on the worker thread.
    private StoredResolver stored;
    private final Map<TlsDomain, Failures> failures = new HashMap<>();
    private Failures loadFailures;
    private boolean loadedOnce;
    private ScheduledFuture<?> nextPass;

    /** Consecutive failures of one certificate (or of loading storage) and when to try again. */
    private record Failures(int count, Instant nextAttempt, String error) {
    }

    public AcmeResolver(CertificateResolverConfig config, CertificateStorage storage, AcmeCertificates certificates,
                        AcmeChallenges challenges, Clock clock, Backoff backoff) {
        this.config = config;
        this.storage = storage;
        this.certificates = certificates;
        this.client = new AcmeOrderClient(config, challenges, storage);
        this.clock = clock;
        this.backoff = backoff;
        this.checkInterval = checkIntervalFor(config.certificatesDuration());
        this.worker = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "jetway-acme-" + config.name());
            thread.setDaemon(true);
            return thread;
        });
        // A shared storage changed (another replica stored a certificate, or this one now leads): read it again.
        storage.addListener(() -> {
            reloadRequested.set(true);
            checkNow();
        });
    }

    /** As Traefik: daily checks for 90-day certificates, more often for shorter ones (at least every minute). */
    static Duration checkIntervalFor(Duration certificatesDuration) {
        Duration interval = certificatesDuration.dividedBy(90);
        if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
            return Duration.ofMinutes(1);
        }
        return interval.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : interval;
    }

    public String name() {
        return config.name();
    }

    public CertificateResolverConfig config() {
        return config;
    }

    /** The certificates the routers need now; the resolver works towards them in the background. */
    public void want(Set<TlsDomain> domains) {
        wanted = Set.copyOf(domains);
        checkNow();
    }

    /**
     * Runs a pass now (load, order, renew, retry what is due by the clock). The future completes when
     * the pass has finished, which tests use after moving the clock.
     */
    public Future<?> checkNow() {
        try {
            return worker.submit(this::pass);
        } catch (RejectedExecutionException closed) {
            return CompletableFuture.completedFuture(null);
        }
    }

    /** Orders the server accepted since this resolver started (new and renewal orders). */
    public int ordersPlaced() {
        return ordersPlaced.get();
    }

    /** Whether this replica may order now (false on a replica that serves what the leader stores). */
    public boolean mayOrder() {
        return storage.mayOrder();
    }

    /** The state of every wanted certificate, as of the last pass. */
    public Map<TlsDomain, DomainStatus> statuses() {
        return statuses;
    }

    private void pass() {
        Set<TlsDomain> domains = wanted;
        Map<TlsDomain, DomainStatus> next = new LinkedHashMap<>();
        Instant nextDue = clock.instant().plus(checkInterval);
        try {
            if (reloadRequested.getAndSet(false)) {
                stored = null;
                loadFailures = null;
            }
            if (stored == null && !load(domains, next)) {
                nextDue = loadFailures.nextAttempt();
                return;
            }
            failures.keySet().retainAll(domains);
            for (TlsDomain domain : domains.stream().sorted(Comparator.comparing(TlsDomain::main)).toList()) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                DomainStatus status = check(domain);
                next.put(domain, status);
                if (status.nextAttempt() != null && status.nextAttempt().isBefore(nextDue)) {
                    nextDue = status.nextAttempt();
                }
            }
        } catch (RuntimeException unexpected) {
            LOG.error("event=acme-pass-failed resolver={} msg=\"{}\"", config.name(), oneLine(unexpected), unexpected);
        } finally {
            statuses = Map.copyOf(next);
            schedule(nextDue);
        }
    }

    /** Reads storage once and serves what it holds; on failure every wanted domain reports it. */
    private boolean load(Set<TlsDomain> domains, Map<TlsDomain, DomainStatus> next) {
        Instant now = clock.instant();
        if (loadFailures != null && now.isBefore(loadFailures.nextAttempt())) {
            domains.forEach(d -> next.put(d, errorStatus(d, loadFailures, null)));
            return false;
        }
        try {
            stored = storage.load(config.name());
            loadFailures = null;
        } catch (IOException e) {
            int count = loadFailures == null ? 1 : loadFailures.count() + 1;
            Duration wait = backoff.after(count);
            loadFailures = new Failures(count, now.plus(wait), "storage " + storage.describe() + ": " + oneLine(e));
            LOG.warn("event=acme-storage-failed resolver={} attempt={} retryIn={}s msg=\"{}\"", config.name(), count,
                    wait.toSeconds(), loadFailures.error());
            domains.forEach(d -> next.put(d, errorStatus(d, loadFailures, null)));
            return false;
        }
        for (StoredCertificate certificate : stored.certificates()) {
            IssuedCertificate held = certificates.get(config.name(), certificate.domain());
            if (held != null && held.certificate().certificatePem().equals(certificate.certificatePem())) {
                continue; // served already (reloaded after a change)
            }
            try {
                publish(certificate, IssuedCertificate.Origin.STORED);
            } catch (IllegalArgumentException unreadable) {
                LOG.warn("event=acme-stored-certificate-invalid resolver={} domain={} msg=\"{}\"", config.name(),
                        certificate.domain().main(), unreadable.getMessage());
            }
        }
        if (loadedOnce) {
            // Read again after a change of a shared storage: routine, every replica does it.
            LOG.debug("event=acme-storage-reloaded resolver={} storage={} certificates={}", config.name(), storage.describe(),
                    stored.certificates().size());
        } else {
            LOG.info("event=acme-storage-loaded resolver={} storage={} certificates={}", config.name(), storage.describe(),
                    stored.certificates().size());
            loadedOnce = true;
        }
        return true;
    }

    private DomainStatus check(TlsDomain domain) {
        Instant now = clock.instant();
        IssuedCertificate held = certificates.get(config.name(), domain);
        Instant renewAt = held == null ? null : renewalTime(held);
        if (held != null && now.isBefore(renewAt)) {
            return new DomainStatus(config.name(), domain, DomainStatus.State.VALID, null, 0, renewAt, held.notAfter());
        }
        Failures previous = failures.get(domain);
        if (previous != null && now.isBefore(previous.nextAttempt())) {
            return errorStatus(domain, previous, held);
        }
        if (!storage.mayOrder()) {
            // Another replica orders; this one serves what storage holds.
            return new DomainStatus(config.name(), domain, held == null ? DomainStatus.State.PENDING : DomainStatus.State.RENEWING,
                    null, 0, null, held == null ? null : held.notAfter());
        }
        return attempt(domain, held);
    }

    private DomainStatus attempt(TlsDomain domain, IssuedCertificate held) {
        boolean renewal = held != null;
        // Debug: a failed attempt is one warning line, a successful one the issued line.
        LOG.debug("event=acme-order resolver={} domains={} renewal={}", config.name(), CertificateDomains.names(domain), renewal);
        try {
            AcmeOrderClient.Result result = client.order(domain, stored.account(), progress(domain));
            stored = stored.withAccount(result.account()).withCertificate(result.certificate());
            try {
                storage.save(config.name(), stored);
            } catch (IOException e) {
                // Served anyway; the next issuance or restart tries to store again.
                LOG.error("event=acme-storage-failed resolver={} storage={} msg=\"{}\"", config.name(), storage.describe(), oneLine(e));
            }
            failures.remove(domain);
            IssuedCertificate issued = publish(result.certificate(),
                    renewal ? IssuedCertificate.Origin.RENEWED : IssuedCertificate.Origin.ISSUED);
            LOG.info("event=acme-certificate-issued resolver={} domains={} notAfter={}", config.name(),
                    CertificateDomains.names(domain), issued.notAfter());
            return new DomainStatus(config.name(), domain, DomainStatus.State.VALID, null, 0, renewalTime(issued), issued.notAfter());
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            return new DomainStatus(config.name(), domain, DomainStatus.State.PENDING, null, 0, null, null);
        } catch (Exception e) {
            Failures previous = failures.get(domain);
            int count = previous == null ? 1 : previous.count() + 1;
            Duration wait = backoff.after(count);
            Failures now = new Failures(count, clock.instant().plus(wait), oneLine(e));
            failures.put(domain, now);
            LOG.warn("event=acme-order-failed resolver={} domains={} attempt={} retryIn={}s msg=\"{}\"", config.name(),
                    CertificateDomains.names(domain), count, wait.toSeconds(), now.error());
            return errorStatus(domain, now, held);
        }
    }

    /** Keeps a new account and the order's URL in storage at once: a replica taking over continues with them. */
    private AcmeOrderClient.Progress progress(TlsDomain domain) {
        return new AcmeOrderClient.Progress() {
            @Override
            public void account(StoredAccount account) {
                if (account.equals(stored.account())) {
                    return;
                }
                stored = stored.withAccount(account);
                try {
                    storage.save(config.name(), stored);
                } catch (IOException e) {
                    LOG.warn("event=acme-storage-failed resolver={} storage={} msg=\"{}\"", config.name(), storage.describe(), oneLine(e));
                }
            }

            @Override
            public void placed(String orderUrl) {
                ordersPlaced.incrementAndGet();
                try {
                    storage.rememberOrder(config.name(), domain, orderUrl);
                } catch (IOException e) {
                    LOG.warn("event=acme-storage-failed resolver={} storage={} msg=\"{}\"", config.name(), storage.describe(), oneLine(e));
                }
            }
        };
    }

    private DomainStatus errorStatus(TlsDomain domain, Failures failure, IssuedCertificate held) {
        return new DomainStatus(config.name(), domain, held == null ? DomainStatus.State.ERROR : DomainStatus.State.RENEWING,
                failure.error(), failure.count(), failure.nextAttempt(), held == null ? null : held.notAfter());
    }

    /** Renewal starts when a third of the certificate's lifetime is left (30 days of 90). */
    private static Instant renewalTime(IssuedCertificate certificate) {
        Duration lifetime = Duration.between(certificate.notBefore(), certificate.notAfter());
        return certificate.notAfter().minus(lifetime.dividedBy(3));
    }

    private IssuedCertificate publish(StoredCertificate certificate, IssuedCertificate.Origin origin) {
        List<X509Certificate> chain = Pem.certificates(certificate.certificatePem());
        X509Certificate leaf = chain.get(0);
        TlsCertificate tls = new TlsCertificate(certificate.certificatePem(), certificate.keyPem(),
                new ObjectRef("CertificateResolver", config.name(), certificate.domain().main()),
                List.of(certificate.store()));
        IssuedCertificate issued = new IssuedCertificate(config.name(), certificate.domain(), tls,
                leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(), origin);
        certificates.put(issued);
        return issued;
    }

    private void schedule(Instant at) {
        if (nextPass != null) {
            nextPass.cancel(false);
        }
        Duration delay = Duration.between(clock.instant(), at);
        if (delay.isNegative()) {
            delay = Duration.ZERO;
        }
        if (delay.compareTo(checkInterval) > 0) {
            delay = checkInterval;
        }
        try {
            nextPass = worker.schedule(this::pass, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            nextPass = null;
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.strip().replaceAll("\\s*\\R\\s*", " ").replace('"', '\'');
    }

    /** Stops the worker; an order in progress is abandoned (the next start resumes from storage). */
    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
