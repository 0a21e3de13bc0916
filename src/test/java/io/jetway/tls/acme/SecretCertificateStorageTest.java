package io.jetway.tls.acme;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jetway.dynamic.TlsDomain;
import io.jetway.e2e.KubeApiMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Secret storage against fabric8's mock API server in CRUD mode: two replicas sharing one Secret. */
class SecretCertificateStorageTest {

    private static final String NAMESPACE = "jetway-system";
    private static final String NAME = "acme-certs";

    private KubeApiMock api;
    private KubernetesClient client;
    private final List<SecretCertificateStorage> storages = new ArrayList<>();

    @BeforeEach
    void cluster() throws Exception {
        api = KubeApiMock.onFreePort().start();
        client = api.client();
    }

    @AfterEach
    void stop() {
        storages.forEach(SecretCertificateStorage::close);
        client.close();
        api.close();
    }

    private SecretCertificateStorage replica(BooleanSupplier leader) {
        SecretCertificateStorage storage = new SecretCertificateStorage(() -> client, NAMESPACE, NAME, leader);
        storages.add(storage);
        return storage;
    }

    private static StoredResolver resolverWith(String main, String pem) {
        return new StoredResolver(new StoredAccount("ops@example.com", "ACCOUNT KEY PEM", "https://ca/acct/1"),
                List.of(new StoredCertificate(new TlsDomain(main, List.of("www." + main)), pem, "KEY PEM",
                        StoredCertificate.DEFAULT_STORE)));
    }

    private String secretText(String key) {
        Secret secret = client.secrets().inNamespace(NAMESPACE).withName(NAME).get();
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    @Test
    void aMissingSecretIsEmptyThenCreatedAsOpaqueWithTheFileStoragesText(@TempDir Path dir) throws Exception {
        SecretCertificateStorage storage = replica(() -> true);
        assertEquals(StoredResolver.EMPTY, storage.load("le"));
        assertNull(client.secrets().inNamespace(NAMESPACE).withName(NAME).get(), "reading creates nothing");

        StoredResolver data = resolverWith("example.com", "CERT PEM");
        storage.save("le", data);

        Secret secret = client.secrets().inNamespace(NAMESPACE).withName(NAME).get();
        assertEquals("Opaque", secret.getType());
        String text = secretText(SecretCertificateStorage.DATA_KEY);
        assertEquals(data, AcmeJson.resolver(text, "le", "test"));
        // The same text as a file storage: users move between the two by copying it.
        Path file = dir.resolve("acme.json");
        Files.writeString(file, text);
        assertEquals(data, new FileCertificateStorage(file).load("le"));
    }

    @Test
    void whatOneReplicaSavesReachesTheOtherThroughItsWatch() throws Exception {
        SecretCertificateStorage leader = replica(() -> true);
        SecretCertificateStorage follower = replica(() -> false);
        AtomicInteger followerHeard = new AtomicInteger();
        follower.addListener(followerHeard::incrementAndGet);
        assertEquals(StoredResolver.EMPTY, follower.load("le"));
        assertFalse(follower.mayOrder());
        assertEquals(StoredResolver.EMPTY, leader.load("le"));
        assertTrue(leader.mayOrder());

        int before = followerHeard.get();
        leader.save("le", resolverWith("example.com", "FIRST"));
        await(() -> followerHeard.get() > before);
        assertEquals("FIRST", follower.load("le").certificates().get(0).certificatePem());

        leader.save("le", resolverWith("example.com", "RENEWED"));
        await(() -> {
            try {
                return "RENEWED".equals(follower.load("le").certificates().get(0).certificatePem());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void concurrentWritersKeepEachOthersEntries() throws Exception {
        SecretCertificateStorage one = replica(() -> true);
        SecretCertificateStorage two = replica(() -> true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<Void>> writers = new ArrayList<>();
            for (SecretCertificateStorage storage : List.of(one, two)) {
                String prefix = storage == one ? "a" : "b";
                writers.add(() -> {
                    for (int i = 0; i < 5; i++) {
                        storage.save(prefix + i, resolverWith(prefix + i + ".example.com", "PEM " + prefix + i));
                    }
                    return null;
                });
            }
            for (Future<Void> done : pool.invokeAll(writers)) {
                done.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // Each save read the Secret fresh and wrote with its resourceVersion: a conflict was retried, nothing lost.
        String text = secretText(SecretCertificateStorage.DATA_KEY);
        for (String prefix : List.of("a", "b")) {
            for (int i = 0; i < 5; i++) {
                assertEquals("PEM " + prefix + i, AcmeJson.resolver(text, prefix + i, "test").certificates().get(0).certificatePem());
            }
        }
    }

    @Test
    void anHttpChallengeSharedByTheLeaderIsAnsweredByTheFollowerUntilWithdrawn() throws Exception {
        SecretCertificateStorage leader = replica(() -> true);
        SecretCertificateStorage follower = replica(() -> false);
        leader.load("le");
        follower.load("le");

        leader.shareHttpChallenge("token-1", "token-1.thumbprint");
        await(() -> "token-1.thumbprint".equals(follower.sharedKeyAuthorization("token-1")));
        assertNull(follower.sharedKeyAuthorization("other"));
        leader.save("le", resolverWith("example.com", "CERT"));
        assertTrue(secretText(SecretCertificateStorage.CHALLENGES_KEY).contains("token-1"), "saving keeps the challenges");

        // A replica whose watch lags behind (here: stopped) still answers, reading the Secret itself.
        SecretCertificateStorage lagging = replica(() -> false);
        lagging.load("le");
        lagging.close();
        leader.shareHttpChallenge("token-2", "token-2.thumbprint");
        assertEquals("token-2.thumbprint", lagging.sharedKeyAuthorization("token-2"));

        leader.withdrawHttpChallenge("token-1");
        await(() -> follower.sharedKeyAuthorization("token-1") == null);
        assertEquals("CERT", AcmeJson.resolver(secretText(SecretCertificateStorage.DATA_KEY), "le", "test")
                .certificates().get(0).certificatePem(), "withdrawing keeps the certificates");
    }

    @Test
    void theOrderALeaderPlacedIsKnownToTheNextAndALoadAfterASaveSeesIt() throws Exception {
        SecretCertificateStorage leader = replica(() -> true);
        SecretCertificateStorage next = replica(() -> false);
        leader.load("le");
        next.load("le");
        TlsDomain domain = new TlsDomain("example.com", List.of("www.example.com"));

        leader.rememberOrder("le", domain, "https://ca/order/7");
        await(() -> "https://ca/order/7".equals(next.pendingOrder("le", domain)));
        assertNull(next.pendingOrder("le", new TlsDomain("example.com", List.of())), "per resolver and domains");
        assertNull(next.pendingOrder("other", domain));

        // Reads come from the watch, but never from before this replica's own last write.
        for (int i = 0; i < 3; i++) {
            leader.save("le", resolverWith("example.com", "PEM " + i));
            assertEquals("PEM " + i, leader.load("le").certificates().get(0).certificatePem());
        }
    }

    @Test
    void aSecretThatIsNotBase64IsAnErrorNamingTheKeyNotItsValue() throws Exception {
        client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder()
                .withNewMetadata().withNamespace(NAMESPACE).withName(NAME).endMetadata()
                .withData(Map.of(SecretCertificateStorage.DATA_KEY, "s3cr3t-not-base64!")).build()).create();
        SecretCertificateStorage storage = replica(() -> true);
        IOException error = assertThrows(IOException.class, () -> storage.load("le"));
        assertTrue(error.getMessage().contains(NAMESPACE + "/" + NAME) && error.getMessage().contains("acme.json"),
                error.getMessage());
        assertFalse(error.getMessage().contains("s3cr3t"), error.getMessage());
    }

    @Test
    void onlyTheLeaderMayOrderAndALeadershipChangeIsHeard() throws Exception {
        AtomicBoolean leads = new AtomicBoolean();
        SecretCertificateStorage storage = replica(leads::get);
        AtomicInteger heard = new AtomicInteger();
        storage.addListener(heard::incrementAndGet);
        assertFalse(storage.mayOrder(), "not before the Secret was listed, and not without the Lease");
        storage.load("le");
        assertFalse(storage.mayOrder());

        leads.set(true);
        int before = heard.get();
        storage.leadershipChanged();
        assertTrue(storage.mayOrder());
        assertEquals(before + 1, heard.get());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }
}
