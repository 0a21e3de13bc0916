package io.jetway.tls.acme;

import io.jetway.config.AcmeKeyType;
import io.jetway.config.CertificateResolverConfig;
import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.RouterTls;
import io.jetway.dynamic.TlsDomain;
import io.jetway.util.Pem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A leader stops right after placing an order (pebble has it, pending); the next leader, sharing the
 * storage, continues that order with the same account instead of placing a new one.
 */
class AcmeOrderContinuedTest {

    @TempDir
    static Path pebbleDir;
    static PebbleServer pebble;
    static int tlsPort;

    @BeforeAll
    static void startPebble() throws Exception {
        assumeTrue(PebbleServer.installed(), "pebble is not installed (apt-get install pebble)");
        tlsPort = PebbleServer.freeTcpPort();
        pebble = PebbleServer.start(pebbleDir, PebbleServer.freeTcpPort(), tlsPort, 3600);
    }

    @AfterAll
    static void stopPebble() {
        if (pebble != null) {
            pebble.close();
        }
    }

    /** A shared storage (as the Secret's) whose replica "stops" when it has placed an order. */
    private static final class SharedStorage implements CertificateStorage {
        private final FileCertificateStorage file;
        private final Map<String, String> orders = new ConcurrentHashMap<>();
        private volatile boolean stopAfterPlacing = true;

        SharedStorage(Path file) {
            this.file = new FileCertificateStorage(file);
        }

        @Override
        public StoredResolver load(String resolver) throws IOException {
            return file.load(resolver);
        }

        @Override
        public void save(String resolver, StoredResolver data) throws IOException {
            file.save(resolver, data);
        }

        @Override
        public String pendingOrder(String resolver, TlsDomain domain) {
            return orders.get(resolver + " " + domain);
        }

        @Override
        public void rememberOrder(String resolver, TlsDomain domain, String orderUrl) {
            orders.put(resolver + " " + domain, orderUrl);
            if (stopAfterPlacing) {
                throw new IllegalStateException("the leader stopped");
            }
        }

        @Override
        public String describe() {
            return "shared";
        }
    }

    @Test
    void theNextLeaderContinuesTheOrderItsPredecessorPlaced(@TempDir Path dir) throws Exception {
        SharedStorage storage = new SharedStorage(dir.resolve("acme.json"));
        CertificateResolverConfig config = new CertificateResolverConfig("le", "ops@example.com",
                new CertificateResolverConfig.Storage(null, "test", "acme"), pebble.directoryUrl(), null, true,
                List.of(pebble.caFile()), AcmeKeyType.EC256, CertificateResolverConfig.DEFAULT_DURATION, null, null, null);
        RouterConfig router = new RouterConfig("app@file", List.of("websecure"), "Host(`app.example.com`)", 0, "v3", List.of(),
                "svc@file", null, List.of(), new RouterTls(null, "le", List.of()));
        DynamicConfig routers = new DynamicConfig(Map.of(router.name(), router), Map.of(), Map.of(), List.of());
        TlsDomain domain = new TlsDomain("app.example.com", List.of());

        StoredAccount account;
        try (CertificateResolvers first = new CertificateResolvers(Map.of("le", config), List.of("websecure"),
                Clock.systemUTC(), Backoff.DEFAULT, secret -> storage)) {
            first.update(routers);
            AcmeResolver resolver = first.resolver("le");
            DomainStatus stopped = PebbleServer.awaitSettled(resolver, domain);
            assertTrue(stopped.error() != null && stopped.error().contains("the leader stopped"), stopped.toString());
            assertEquals(1, resolver.ordersPlaced());
            account = storage.load("le").account();
            assertNotNull(account, "the new account is stored before the order, for the next leader");
            assertNotNull(storage.pendingOrder("le", domain));
        }

        storage.stopAfterPlacing = false;
        try (CertificateResolvers next = new CertificateResolvers(Map.of("le", config), List.of("websecure"),
                Clock.systemUTC(), Backoff.DEFAULT, secret -> storage);
             TlsAlpnChallengeServer server = TlsAlpnChallengeServer.start(tlsPort, next.challenges())) {
            next.update(routers);
            AcmeResolver resolver = next.resolver("le");
            DomainStatus status = PebbleServer.awaitSettled(resolver, domain);
            assertEquals(DomainStatus.State.VALID, status.state(), status.toString());
            assertEquals(0, resolver.ordersPlaced(), "the order was continued, not placed again");
            assertEquals(account, storage.load("le").account(), "with the same account");
            List<X509Certificate> chain = Pem.certificates(storage.load("le").certificate(domain).certificatePem());
            PKIXParameters toPebbleRoot = new PKIXParameters(Set.of(new TrustAnchor(pebble.root(), null)));
            toPebbleRoot.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), toPebbleRoot);
        }
    }

}
