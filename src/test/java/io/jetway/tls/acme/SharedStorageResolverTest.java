package io.jetway.tls.acme;

import io.jetway.config.AcmeKeyType;
import io.jetway.config.CertificateResolverConfig;
import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.RouterTls;
import io.jetway.dynamic.TlsDomain;
import io.jetway.util.TestCertificates;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A resolver on a storage shared by replicas (the Secret storage's contract, in memory): it orders
 * only while the storage says it may, serves what another replica stores as soon as it is told, and
 * orders what is missing when it becomes the leader. The ACME server is down: any order attempt
 * shows as an error, so "no error" means "no attempt".
 */
class SharedStorageResolverTest {

    /** What another replica would write, and the Lease, under the test's control. */
    private static final class SharedStorage implements CertificateStorage {
        private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
        private volatile StoredResolver stored = StoredResolver.EMPTY;
        private volatile boolean leader;

        @Override
        public StoredResolver load(String resolver) {
            return stored;
        }

        @Override
        public void save(String resolver, StoredResolver data) {
            stored = data;
        }

        @Override
        public boolean mayOrder() {
            return leader;
        }

        @Override
        public void addListener(Runnable changed) {
            listeners.add(changed);
        }

        @Override
        public String sharedKeyAuthorization(String token) {
            return "shared".equals(token) ? "shared.thumbprint" : null;
        }

        @Override
        public String describe() {
            return "secret:test/acme";
        }

        void changed() {
            listeners.forEach(Runnable::run);
        }
    }

    private static RouterConfig router(String name, String host) {
        return new RouterConfig(name, List.of("websecure"), "Host(`" + host + "`)", 0, "v3", List.of(), "svc@file", null,
                List.of(), new RouterTls(null, "le", List.of()));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void followsTheLeaderUntilItLeadsThenOrdersWhatIsMissing() throws Exception {
        SharedStorage storage = new SharedStorage();
        CertificateResolverConfig config = new CertificateResolverConfig("le", null,
                new CertificateResolverConfig.Storage(null, "test", "acme"), "https://127.0.0.1:" + closedPort() + "/dir",
                "web", false, List.of(), AcmeKeyType.EC256, CertificateResolverConfig.DEFAULT_DURATION, null, null, null);
        TlsDomain app = new TlsDomain("app.example.com", List.of());
        TlsDomain next = new TlsDomain("next.example.com", List.of());
        try (CertificateResolvers resolvers = new CertificateResolvers(Map.of("le", config), List.of("web", "websecure"),
                Clock.systemUTC(), new Backoff(Duration.ofMinutes(1), Duration.ofMinutes(1)), secret -> storage)) {
            LinkedBlockingQueue<IssuedCertificate> served = new LinkedBlockingQueue<>();
            resolvers.certificates().addListener(served::add);
            resolvers.update(new DynamicConfig(Map.of("app", router("app", "app.example.com"),
                    "next", router("next", "next.example.com")), Map.of(), Map.of(), List.of()));
            AcmeResolver le = resolvers.resolver("le");

            le.checkNow().get(30, TimeUnit.SECONDS);
            assertEquals(DomainStatus.State.PENDING, le.statuses().get(app).state(), "a follower does not order");
            assertNull(le.statuses().get(app).error(), "no attempt was made");
            assertEquals("shared.thumbprint", resolvers.challenges().keyAuthorization("shared"),
                    "HTTP-01 answers shared by the leader are answered here too");

            // The leader stores a certificate: this replica serves it as soon as the storage tells.
            TestCertificates.Issued issued = TestCertificates.issue(TestCertificates.ca("Test ACME CA"), "app.example.com", false,
                    "app.example.com");
            storage.stored = StoredResolver.EMPTY.withCertificate(new StoredCertificate(app, issued.chainPem(),
                    issued.privateKeyPem(), StoredCertificate.DEFAULT_STORE));
            storage.changed();
            IssuedCertificate received = served.poll(30, TimeUnit.SECONDS);
            assertNotNull(received, "served without waiting for the next check");
            assertEquals(app, received.domain());
            assertEquals(IssuedCertificate.Origin.STORED, received.origin());
            le.checkNow().get(30, TimeUnit.SECONDS);
            assertEquals(DomainStatus.State.VALID, le.statuses().get(app).state());
            assertEquals(DomainStatus.State.PENDING, le.statuses().get(next).state());

            // The same content again (another key changed, e.g. a challenge): nothing is served twice.
            storage.changed();
            le.checkNow().get(30, TimeUnit.SECONDS);
            assertTrue(served.isEmpty(), "unchanged certificates are not served again: " + served);

            // This replica takes the Lease: it orders what is missing (and only that) without waiting for a check.
            storage.leader = true;
            storage.changed();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (le.statuses().get(next) == null || le.statuses().get(next).error() == null) {
                assertTrue(System.nanoTime() < deadline, "no attempt for the missing certificate: " + le.statuses());
                Thread.sleep(20);
            }
            assertEquals(DomainStatus.State.ERROR, le.statuses().get(next).state(), "attempted, and the server is down");
            assertEquals(DomainStatus.State.VALID, le.statuses().get(app).state(), "what is stored is not ordered again");
        }
    }
}
