package io.jetway.tls.acme;

import io.jetway.config.AcmeKeyType;
import io.jetway.config.CertificateResolverConfig;
import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.RouterTls;
import io.jetway.dynamic.TlsDomain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An ACME server that is down or silent, storage that cannot be used, routers that cannot be served. */
class AcmeResolverFailuresTest {

    @TempDir
    Path dir;

    private CertificateResolverConfig resolver(String caServer, CertificateResolverConfig.Storage storage) {
        return new CertificateResolverConfig("le", null, storage, caServer, null, true, List.of(), AcmeKeyType.EC256,
                CertificateResolverConfig.DEFAULT_DURATION, null, null, null);
    }

    private static DynamicConfig routers(RouterConfig... routers) {
        Map<String, RouterConfig> byName = new java.util.HashMap<>();
        for (RouterConfig r : routers) {
            byName.put(r.name(), r);
        }
        return new DynamicConfig(byName, Map.of(), Map.of(), List.of());
    }

    private static RouterConfig router(String name, String rule, String resolver) {
        return new RouterConfig(name, List.of("websecure"), rule, 0, "v3", List.of(), "svc@file", null, List.of(),
                new RouterTls(null, resolver, List.of()));
    }

    @Test
    void aServerThatIsDownIsRetriedWithDoublingCappedBackoffAndReportedOnTheRouter() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        Backoff backoff = new Backoff(Duration.ofMinutes(1), Duration.ofMinutes(4));
        try (CertificateResolvers resolvers = new CertificateResolvers(Map.of("le", resolver(
                "https://127.0.0.1:" + closedPort + "/dir", CertificateResolverConfig.Storage.file(dir.resolve("acme.json")))),
                List.of("websecure"), clock, backoff)) {
            resolvers.update(routers(router("app@file", "Host(`app.example.com`)", "le")));
            AcmeResolver le = resolvers.resolver("le");
            TlsDomain domain = new TlsDomain("app.example.com", List.of());

            le.checkNow().get(30, TimeUnit.SECONDS);
            DomainStatus first = le.statuses().get(domain);
            assertEquals(DomainStatus.State.ERROR, first.state());
            assertEquals(1, first.failures());
            assertEquals(clock.instant().plus(Duration.ofMinutes(1)), first.nextAttempt());
            String routerError = resolvers.routerErrors().get("app@file");
            assertTrue(routerError.startsWith("certificate resolver le (app.example.com): "), routerError);

            // Not due yet: no new attempt.
            le.checkNow().get(30, TimeUnit.SECONDS);
            assertEquals(1, le.statuses().get(domain).failures());

            int[] expectedWaitMinutes = {2, 4, 4};
            Duration wait = Duration.ofMinutes(1);
            for (int i = 0; i < expectedWaitMinutes.length; i++) {
                clock.advance(wait);
                le.checkNow().get(30, TimeUnit.SECONDS);
                DomainStatus status = le.statuses().get(domain);
                assertEquals(i + 2, status.failures());
                wait = Duration.ofMinutes(expectedWaitMinutes[i]);
                assertEquals(clock.instant().plus(wait), status.nextAttempt(), "attempt " + (i + 2));
            }
            assertEquals(0, le.ordersPlaced());
            assertFalse(Files.exists(dir.resolve("acme.json")), "nothing to store");
        }
    }

    @Test
    void reloadsDoNotWaitForAnOrderInProgress() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            CountDownLatch connected = new CountDownLatch(1);
            AtomicReference<Socket> held = new AtomicReference<>();
            Thread acceptor = new Thread(() -> {
                try {
                    held.set(silent.accept());
                    connected.countDown();
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.start();
            MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
            try (CertificateResolvers resolvers = new CertificateResolvers(Map.of("le", resolver(
                    "https://127.0.0.1:" + silent.getLocalPort() + "/dir", CertificateResolverConfig.Storage.file(dir.resolve("acme.json")))),
                    List.of("websecure"), clock, Backoff.DEFAULT)) {
                resolvers.update(routers(router("a@file", "Host(`a.example.com`)", "le")));
                assertTrue(connected.await(30, TimeUnit.SECONDS), "the resolver reached the ACME server");

                // The resolver's thread is stuck on the silent server; a reload still returns.
                resolvers.update(routers(router("a@file", "Host(`a.example.com`)", "le"), router("b@file", "Host(`b.example.com`)", "le")));
                assertTrue(resolvers.resolver("le").statuses().isEmpty(), "the first pass is still running");

                silent.close(); // the server goes away: the attempt fails now, and the next pass sees both routers
                held.get().close();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (resolvers.resolver("le").statuses().size() < 2 && System.nanoTime() < deadline) {
                    resolvers.resolver("le").checkNow().get(30, TimeUnit.SECONDS);
                }
                assertEquals(2, resolvers.resolver("le").statuses().size());
                assertTrue(resolvers.resolver("le").statuses().values().stream().allMatch(s -> s.state() == DomainStatus.State.ERROR));
            }
            acceptor.join(5000);
        }
    }

    @Test
    void secretStorageReportsThatItNeedsTheKubernetesProvider() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (CertificateResolvers resolvers = new CertificateResolvers(Map.of("le", resolver("https://127.0.0.1:1/dir",
                new CertificateResolverConfig.Storage(null, "traefik", "acme"))), List.of("websecure"), clock, Backoff.DEFAULT)) {
            resolvers.update(routers(router("app@file", "Host(`app.example.com`)", "le")));
            resolvers.resolver("le").checkNow().get(30, TimeUnit.SECONDS);

            DomainStatus status = resolvers.resolver("le").statuses().get(new TlsDomain("app.example.com", List.of()));
            assertEquals(DomainStatus.State.ERROR, status.state());
            assertTrue(status.error().contains("secret:traefik/acme") && status.error().contains("needs the Kubernetes provider"),
                    status.error());
            assertTrue(resolvers.routerErrors().get("app@file").contains("needs the Kubernetes provider"));
            assertEquals(0, resolvers.resolver("le").ordersPlaced());
        }
    }

    @Test
    void routersWithAnUnknownResolverOrNoHostAreReported() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        try (CertificateResolvers resolvers = new CertificateResolvers(Map.of("le", resolver("https://127.0.0.1:1/dir",
                CertificateResolverConfig.Storage.file(dir.resolve("acme.json")))), List.of("websecure"), clock, Backoff.DEFAULT)) {
            resolvers.update(routers(router("typo@file", "Host(`a.example.com`)", "lee"),
                    router("nohost@file", "PathPrefix(`/api`)", "le")));

            Map<String, String> errors = resolvers.routerErrors();
            assertEquals("certificate resolver \"lee\" does not exist", errors.get("typo@file"));
            assertTrue(errors.get("nohost@file").startsWith("no domain for certificate resolver le"), errors.get("nohost@file"));
        }
    }
}
