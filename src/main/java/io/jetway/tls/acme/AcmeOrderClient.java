package io.jetway.tls.acme;

import io.jetway.config.AcmeKeyType;
import io.jetway.config.CertificateResolverConfig;
import io.jetway.dynamic.TlsDomain;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.AcmeJsonResource;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Certificate;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Challenge;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.challenge.TlsAlpn01Challenge;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One resolver's conversation with its ACME server (acme4j): the account (its key created once and
 * kept in storage), then per certificate an order, the challenges (HTTP-01 or TLS-ALPN-01, as
 * configured, answered through {@link AcmeChallenges}), polling with backoff, finalisation with a
 * new key of the configured type, and the chain. Blocking: runs on the resolver's own thread.
 */
final class AcmeOrderClient {

    /** What an order leaves: the account used (new or as stored) and the certificate. */
    record Result(StoredAccount account, StoredCertificate certificate, X509Certificate leaf) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(AcmeOrderClient.class);
    private static final Duration POLL_LIMIT = Duration.ofMinutes(2);
    private static final Duration POLL_FIRST = Duration.ofMillis(100);
    private static final Duration POLL_MAX = Duration.ofSeconds(3);

    private final CertificateResolverConfig config;
    private final AcmeChallenges challenges;
    private final CertificateStorage storage;
    private Session session;

    AcmeOrderClient(CertificateResolverConfig config, AcmeChallenges challenges, CertificateStorage storage) {
        this.config = config;
        this.challenges = challenges;
        this.storage = storage;
    }

    /** What an order reports while it runs, so that a replica taking over can continue it. */
    interface Progress {
        /** The account is known to the server (new, or as stored): keep it before orders depend on it. */
        void account(StoredAccount account);

        /** The server accepted a new order (not called for one that is continued). */
        void placed(String orderUrl);
    }

    /**
     * Orders a certificate for the domain's names, or continues the order storage remembers for them
     * (placed by a leader that stopped before it finished).
     */
    Result order(TlsDomain domain, StoredAccount stored, Progress progress)
            throws AcmeException, IOException, GeneralSecurityException, InterruptedException {
        StoredAccount account = accountFor(stored);
        Login login = login(account);
        account = withLocation(account, login);
        progress.account(account);
        Order order = unfinished(login, domain);
        if (order == null) {
            order = login.newOrder().domains(CertificateDomains.names(domain)).create();
            progress.placed(order.getLocation().toString());
        } else {
            LOG.info("event=acme-order-continued resolver={} domains={} status={}", config.name(),
                    CertificateDomains.names(domain), order.getStatus());
        }
        for (Authorization authorization : order.getAuthorizations()) {
            authorize(authorization);
        }
        Status ready = poll(order, order::getStatus, Set.of(Status.READY, Status.VALID, Status.INVALID), "order");
        if (ready == Status.INVALID) {
            throw new AcmeException("order refused: " + problem(order.getError()));
        }
        KeyPair certificateKey = KeyPairs.generate(config.keyType());
        if (ready == Status.READY) {
            order.execute(certificateKey);
        }
        Status done = poll(order, order::getStatus, Set.of(Status.VALID, Status.INVALID), "certificate");
        if (done != Status.VALID) {
            throw new AcmeException("order failed: " + problem(order.getError()));
        }
        Certificate certificate = order.getCertificate();
        if (config.preferredChain() != null && !config.preferredChain().isBlank()) {
            certificate = certificate.findCertificate(config.preferredChain()).orElse(certificate);
        }
        List<X509Certificate> chain = certificate.getCertificateChain();
        StoredCertificate issued = new StoredCertificate(domain, KeyPairs.chainPem(chain),
                KeyPairs.privateKeyPem(certificateKey.getPrivate()), StoredCertificate.DEFAULT_STORE);
        return new Result(account, issued, chain.get(0));
    }

    /**
     * The order storage remembers for these names when the server still has it in progress (pending,
     * ready or processing) for this account; null otherwise (none, finished, failed, expired, foreign).
     */
    private Order unfinished(Login login, TlsDomain domain) {
        String url = storage.pendingOrder(config.name(), domain);
        if (url == null) {
            return null;
        }
        try {
            Order order = login.bindOrder(URI.create(url).toURL());
            order.fetch();
            Set<String> names = new HashSet<>();
            order.getIdentifiers().forEach(identifier -> names.add(identifier.getDomain()));
            if (names.equals(Set.copyOf(CertificateDomains.names(domain)))
                    && Set.of(Status.PENDING, Status.READY, Status.PROCESSING).contains(order.getStatus())) {
                return order;
            }
        } catch (AcmeException | RuntimeException | MalformedURLException gone) {
            LOG.debug("event=acme-order-not-continued resolver={} msg=\"{}\"", config.name(), gone.getMessage());
        }
        return null;
    }

    /** The stored account when its key can be read, otherwise a new key (registered on first login). */
    private StoredAccount accountFor(StoredAccount stored) {
        if (stored != null && stored.keyPairPem() != null) {
            try {
                KeyPairs.readKeyPair(stored.keyPairPem());
                return stored;
            } catch (IllegalArgumentException unreadable) {
                LOG.warn("event=acme-account-key-unreadable resolver={} msg=\"a new account key is created\"", config.name());
            }
        }
        return new StoredAccount(config.email(), KeyPairs.keyPairPem(KeyPairs.generate(AcmeKeyType.EC256)), null);
    }

    /**
     * Registers the key or finds its account: the server answers with the existing account for a
     * known key, so this is also how a stored account is looked up after a restart.
     */
    private Login login(StoredAccount account) throws AcmeException, IOException, GeneralSecurityException {
        KeyPair key = KeyPairs.readKeyPair(account.keyPairPem());
        AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(key);
        if (config.email() != null && !config.email().isBlank()) {
            builder.addEmail(config.email());
        }
        if (config.eabKid() != null) {
            builder.withKeyIdentifier(config.eabKid(), config.eabHmacEncoded());
        }
        return builder.createLogin(session());
    }

    private Session session() throws IOException, GeneralSecurityException {
        if (session == null) {
            SSLContext tls = AcmeTrust.context(config.caCertificates());
            session = new Session(URI.create(config.caServer()), new TrustingProvider(tls));
        }
        return session;
    }

    /** The account with the URL the server gave it, for storage. */
    private static StoredAccount withLocation(StoredAccount account, Login login) {
        return new StoredAccount(account.email(), account.keyPairPem(), login.getAccountLocation().toString());
    }

    private void authorize(Authorization authorization) throws AcmeException, InterruptedException, IOException {
        if (authorization.getStatus() == Status.VALID) {
            return; // the server reused an earlier authorization
        }
        String domain = authorization.getIdentifier().getDomain();
        Challenge challenge = choose(authorization);
        Cleanup cleanup;
        if (challenge instanceof Http01Challenge http) {
            challenges.putHttp(http.getToken(), http.getAuthorization());
            cleanup = () -> {
                challenges.removeHttp(http.getToken());
                storage.withdrawHttpChallenge(http.getToken());
            };
            try {
                // Other replicas answer too: the ACME server may reach any of them.
                storage.shareHttpChallenge(http.getToken(), http.getAuthorization());
            } catch (IOException e) {
                challenges.removeHttp(http.getToken());
                throw e;
            }
        } else {
            TlsAlpn01Challenge tls = (TlsAlpn01Challenge) challenge;
            // RSA: acme4j signs the challenge certificate with SHA256withRSA unless BouncyCastle's provider is installed.
            KeyPair keys = KeyPairs.generate(AcmeKeyType.RSA2048);
            challenges.putTlsAlpn(domain, new AcmeChallenges.TlsAlpnCertificate(
                    tls.createCertificate(keys, authorization.getIdentifier()), keys));
            cleanup = () -> challenges.removeTlsAlpn(domain);
        }
        try {
            if (challenge.getStatus() == Status.PENDING) {
                challenge.trigger(); // not again when continuing an order whose challenge is being validated
            }
            Status status = poll(challenge, challenge::getStatus, Set.of(Status.VALID, Status.INVALID), challenge.getType() + " challenge");
            if (status != Status.VALID) {
                throw new AcmeException(challenge.getType() + " challenge for " + domain + " failed: " + problem(challenge.getError()));
            }
        } finally {
            try {
                cleanup.run();
            } catch (IOException e) {
                LOG.warn("event=acme-challenge-cleanup-failed resolver={} domain={} msg=\"{}\"", config.name(), domain,
                        String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
        }
    }

    private interface Cleanup {
        void run() throws IOException;
    }

    /** HTTP-01 when an entry point answers it, otherwise (or when the server does not offer it) TLS-ALPN-01. */
    private Challenge choose(Authorization authorization) throws AcmeException {
        String domain = authorization.getIdentifier().getDomain();
        if (config.httpChallengeEntryPoint() != null) {
            Optional<Http01Challenge> http = authorization.findChallenge(Http01Challenge.class);
            if (http.isPresent()) {
                return http.get();
            }
        }
        if (config.tlsChallenge()) {
            Optional<TlsAlpn01Challenge> tls = authorization.findChallenge(TlsAlpn01Challenge.class);
            if (tls.isPresent()) {
                return tls.get();
            }
        }
        throw new AcmeException("the server offers no configured challenge for " + domain);
    }

    /** Fetches the resource until its status is one of {@code done}, waiting longer each time (capped). */
    private static Status poll(AcmeJsonResource resource, Supplier<Status> status, Set<Status> done, String what)
            throws AcmeException, InterruptedException, IOException {
        Instant deadline = Instant.now().plus(POLL_LIMIT);
        Duration wait = POLL_FIRST;
        while (true) {
            Status current = status.get();
            if (done.contains(current)) {
                return current;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IOException("timed out waiting for the " + what + " (status " + current + ")");
            }
            Thread.sleep(wait.toMillis());
            Optional<Instant> retryAfter = resource.fetch();
            Duration suggested = retryAfter.map(at -> Duration.between(Instant.now(), at)).orElse(Duration.ZERO);
            wait = min(max(wait.multipliedBy(2), suggested), POLL_MAX);
        }
    }

    private static String problem(Optional<Problem> problem) {
        return problem.map(p -> p.getDetail().orElse(p.getType().toString())).orElse("no reason given");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** acme4j's generic provider with the resolver's trust (JVM CAs plus caCertificates). */
    private static final class TrustingProvider extends GenericAcmeProvider {
        private final SSLContext tls;

        TrustingProvider(SSLContext tls) {
            this.tls = tls;
        }

        @Override
        public HttpClient createHttpClient(NetworkSettings settings) {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(settings.getTimeout())
                    .proxy(settings.getProxySelector())
                    .sslContext(tls);
            if (settings.getAuthenticator() != null) {
                builder.authenticator(settings.getAuthenticator());
            }
            return builder.build();
        }
    }
}
