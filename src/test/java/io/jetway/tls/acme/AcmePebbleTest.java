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

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Resolvers against a real ACME server (pebble) answering TLS-ALPN-01 through a TLS connector that
 * uses {@link TlsAlpnChallengeKeyManager}: issuance, the chain, storage, and renewal driven by a
 * clock the test moves.
 */
class AcmePebbleTest {

    /** Pebble's certificates live an hour: renewal is due 20 minutes before expiry. */
    private static final long VALIDITY_SECONDS = 3600;

    @TempDir
    static Path pebbleDir;
    static PebbleServer pebble;
    static int tlsPort;

    @BeforeAll
    static void startPebble() throws Exception {
        assumeTrue(PebbleServer.installed(), "pebble is not installed (apt-get install pebble)");
        tlsPort = PebbleServer.freeTcpPort();
        pebble = PebbleServer.start(pebbleDir, PebbleServer.freeTcpPort(), tlsPort, VALIDITY_SECONDS);
    }

    @AfterAll
    static void stopPebble() {
        if (pebble != null) {
            pebble.close();
        }
    }

    private static CertificateResolverConfig tlsResolver(Path storage, AcmeKeyType keyType) {
        return new CertificateResolverConfig("le", "ops@example.com", CertificateResolverConfig.Storage.file(storage),
                pebble.directoryUrl(), null, true, List.of(pebble.caFile()), keyType,
                CertificateResolverConfig.DEFAULT_DURATION, null, null, null);
    }

    private static DynamicConfig routerWithResolver(String rule, List<TlsDomain> domains) {
        RouterConfig router = new RouterConfig("secure@file", List.of("websecure"), rule, 0, "v3", List.of(),
                "whoami@file", null, List.of(), new RouterTls(null, "le", domains));
        return new DynamicConfig(Map.of(router.name(), router), Map.of(), Map.of(), List.of());
    }

    /** Runs passes until the status is VALID (the order runs on the resolver's thread). */
    private static DomainStatus awaitValid(AcmeResolver resolver, TlsDomain domain) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        DomainStatus status = null;
        while (System.nanoTime() < deadline) {
            resolver.checkNow().get(90, TimeUnit.SECONDS);
            status = resolver.statuses().get(domain);
            if (status != null && status.state() == DomainStatus.State.VALID) {
                return status;
            }
            if (status != null && status.error() != null) {
                throw new AssertionError("the order failed: " + status);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no valid certificate for " + domain + ": " + status);
    }

    private static void assertChainsTo(X509Certificate root, List<X509Certificate> chain) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(chain), parameters);
    }

    private static List<String> dnsNames(X509Certificate certificate) throws Exception {
        List<String> names = new ArrayList<>();
        Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
        for (List<?> san : sans) {
            if ((Integer) san.get(0) == 2) {
                names.add((String) san.get(1));
            }
        }
        return names;
    }

    @Test
    void tlsAlpnOrderForRuleHostsGivesACertificateChainingToPebbleAndStoresIt(@TempDir Path dir) throws Exception {
        Path storage = dir.resolve("acme.json");
        MutableClock clock = new MutableClock(Instant.now());
        try (CertificateResolvers resolvers = new CertificateResolvers(Map.of("le", tlsResolver(storage, AcmeKeyType.EC384)),
                List.of("websecure"), clock, Backoff.DEFAULT);
             TlsAlpnChallengeServer server = TlsAlpnChallengeServer.start(tlsPort, resolvers.challenges())) {
            List<IssuedCertificate> heard = new CopyOnWriteArrayList<>();
            resolvers.certificates().addListener(heard::add);

            resolvers.update(routerWithResolver("Host(`b.example.com`) || Host(`a.example.com`)", List.of()));
            TlsDomain domain = new TlsDomain("a.example.com", List.of("b.example.com"));
            AcmeResolver resolver = resolvers.resolver("le");
            DomainStatus status = awaitValid(resolver, domain);

            IssuedCertificate issued = resolvers.certificates().get("le", domain);
            assertNotNull(issued);
            List<X509Certificate> chain = Pem.certificates(issued.certificate().certificatePem());
            assertChainsTo(pebble.root(), chain);
            assertEquals(Set.of("a.example.com", "b.example.com"), Set.copyOf(dnsNames(chain.get(0))));
            assertEquals("EC", Pem.privateKey(issued.certificate().keyPem()).getAlgorithm());
            assertEquals(issued.notAfter(), status.notAfter());
            assertEquals(1, resolver.ordersPlaced());
            assertEquals(List.of(IssuedCertificate.Origin.ISSUED), heard.stream().map(IssuedCertificate::origin).toList());
            assertEquals(issued, resolvers.certificates().forHost("B.example.com"));
            assertEquals(Map.of(), resolvers.routerErrors());
            // The challenge certificate is gone once the order is done.
            assertEquals(null, resolvers.challenges().tlsAlpnCertificate("a.example.com"));

            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(storage)));
            StoredResolver stored = new FileCertificateStorage(storage).load("le");
            assertEquals(issued.certificate().certificatePem(), stored.certificate(domain).certificatePem());
            assertNotNull(stored.account().location());
            String json = Files.readString(storage);
            assertTrue(json.contains("\"Certificates\"") && json.contains("\"main\"") && json.contains("\"Store\""), json);
        }
    }

    @Test
    void renewsWhenTheClockReachesTheLastThirdOfTheLifetime(@TempDir Path dir) throws Exception {
        MutableClock clock = new MutableClock(Instant.now());
        try (CertificateResolvers resolvers = new CertificateResolvers(
                Map.of("le", tlsResolver(dir.resolve("acme.json"), AcmeKeyType.EC256)), List.of("websecure"), clock, Backoff.DEFAULT);
             TlsAlpnChallengeServer server = TlsAlpnChallengeServer.start(tlsPort, resolvers.challenges())) {
            List<IssuedCertificate> heard = new CopyOnWriteArrayList<>();
            resolvers.certificates().addListener(heard::add);
            TlsDomain domain = new TlsDomain("renew.example.com", List.of());
            resolvers.update(routerWithResolver("Host(`ignored.example.com`)", List.of(domain)));
            AcmeResolver resolver = resolvers.resolver("le");
            IssuedCertificate first;
            awaitValid(resolver, domain);
            first = resolvers.certificates().get("le", domain);

            // Half way through the lifetime: nothing to do.
            clock.set(first.notBefore().plus(Duration.between(first.notBefore(), first.notAfter()).dividedBy(2)));
            resolver.checkNow().get(30, TimeUnit.SECONDS);
            assertEquals(1, resolver.ordersPlaced());
            assertEquals(DomainStatus.State.VALID, resolver.statuses().get(domain).state());

            // Ten minutes before expiry: inside the last third, so it renews.
            clock.set(first.notAfter().minus(Duration.ofMinutes(10)));
            awaitValid(resolver, domain);
            IssuedCertificate renewed = resolvers.certificates().get("le", domain);
            assertEquals(2, resolver.ordersPlaced());
            assertEquals(IssuedCertificate.Origin.RENEWED, renewed.origin());
            assertNotEquals(Pem.certificates(first.certificate().certificatePem()).get(0).getSerialNumber(),
                    Pem.certificates(renewed.certificate().certificatePem()).get(0).getSerialNumber());
            assertEquals(List.of(IssuedCertificate.Origin.ISSUED, IssuedCertificate.Origin.RENEWED),
                    heard.stream().map(IssuedCertificate::origin).toList());
        }
    }
}
