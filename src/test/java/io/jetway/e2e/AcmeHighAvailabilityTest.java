package io.jetway.e2e;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jetway.dynamic.TlsDomain;
import io.jetway.status.StatusWriter;
import io.jetway.tls.acme.AcmeJson;
import io.jetway.tls.acme.AcmeResolver;
import io.jetway.tls.acme.DomainStatus;
import io.jetway.tls.acme.IssuedCertificate;
import io.jetway.tls.acme.PebbleServer;
import io.jetway.tls.acme.SecretCertificateStorage;
import io.jetway.tls.acme.StoredResolver;
import io.jetway.util.Pem;
import io.jetway.whoami.WhoamiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * ACME across replicas: Jetway instances sharing a {@code secret:} storage in the mock API server
 * and the status writer's Lease. Pebble's HTTP-01 validation is sent to the replica that does not
 * order (in a cluster the Service picks any replica), so the answer must come from the Secret.
 */
@Tag("tls")
class AcmeHighAvailabilityTest {

    private static final String SECRET = "acme-certs";
    /** {@code secret:<name>} is in Jetway's own namespace. */
    private static final String NAMESPACE = ownNamespace();

    @TempDir
    static Path pebbleDir;
    static PebbleServer pebble;
    static int challengePort;
    /** Holds the port pebble validates on until the follower binds it: no other server may take it meanwhile. */
    static ServerSocket challengePortHeld;
    static WhoamiServer backend;
    private KubeApiMock api;
    private KubernetesClient client;
    private static String apiUrl;
    private final List<JetwayHarness> replicas = new ArrayList<>();
    private final List<Replica> processes = new ArrayList<>();

    @BeforeAll
    static void startPebble() throws Exception {
        assumeTrue(PebbleServer.installed(), "pebble is not installed (apt-get install pebble)");
        challengePortHeld = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        challengePort = challengePortHeld.getLocalPort();
        pebble = PebbleServer.start(pebbleDir, challengePort, PebbleServer.freeTcpPort(), 3600);
        backend = WhoamiServer.start("127.0.0.1", 0, "app");
    }

    @AfterAll
    static void stopPebble() throws Exception {
        if (challengePortHeld != null) {
            challengePortHeld.close();
        }
        if (pebble != null) {
            pebble.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (Replica process : processes) {
            process.stop();
        }
        for (JetwayHarness replica : replicas) {
            replica.close();
        }
        if (client != null) {
            client.close();
        }
        if (api != null) {
            api.close();
        }
    }

    private static String ownNamespace() {
        String namespace = System.getenv("POD_NAMESPACE");
        return namespace == null || namespace.isBlank() ? "default" : namespace;
    }

    private static List<String> flags(int webPort, int securePort) {
        return List.of("--log.level=INFO", "--entrypoints.web.address=127.0.0.1:" + webPort,
                "--entrypoints.websecure.address=127.0.0.1:" + securePort,
                "--entrypoints.websecure.http.tls=true",
                "--providers.kubernetescrd",
                "--providers.kubernetescrd.endpoint=" + apiUrl,
                "--providers.kubernetescrd.token=test-token",
                "--certificatesresolvers.le.acme.email=ops@example.com",
                "--certificatesresolvers.le.acme.storage=secret:" + SECRET,
                "--certificatesresolvers.le.acme.caserver=" + pebble.directoryUrl(),
                "--certificatesresolvers.le.acme.cacertificates=" + pebble.caFile(),
                "--certificatesresolvers.le.acme.httpchallenge.entrypoint=web");
    }

    private JetwayHarness replica(Path manifests, int webPort) throws Exception {
        List<String> flags = new ArrayList<>(flags(webPort, 0));
        JetwayHarness replica = JetwayHarness.start(manifests, flags.toArray(String[]::new));
        replicas.add(replica);
        return replica;
    }

    private static Path manifests(Path dir, String name, String... hosts) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve(name));
        StringBuilder yaml = new StringBuilder(Manifests.service("app", backend.port()));
        for (String host : hosts) {
            yaml.append(route(host));
        }
        Files.writeString(manifests.resolve("app.yaml"), yaml.toString());
        return manifests;
    }

    /** An IngressRoute on websecure whose certificate comes from the resolver. */
    private static String route(String host) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: %s}
                spec:
                  entryPoints: [websecure]
                  routes:
                    - match: Host(`%s`)
                      kind: Rule
                      services: [{name: app, port: 80}]
                  tls: {certResolver: le}
                ---
                """.formatted(host.substring(0, host.indexOf('.')), host);
    }

    private static AcmeResolver resolver(JetwayHarness replica) {
        return replica.server.certificateResolvers().resolver("le");
    }

    @Test
    void oneReplicaOrdersEveryReplicaServesAndAnotherTakesOverWhenItStops(@TempDir Path dir) throws Exception {
        api = KubeApiMock.onFreePort().start();
        apiUrl = api.url();
        client = api.client();
        TlsDomain app = new TlsDomain("app.example.com", List.of());
        TlsDomain next = new TlsDomain("next.example.com", List.of());

        // The in-process replica starts first and wants nothing yet, so it takes the Lease.
        JetwayHarness leader = replica(manifests(dir, "leader"), PebbleServer.freeTcpPort());
        await(() -> resolver(leader).mayOrder(), "the first replica takes the Lease");
        // The other replica is a process of its own (an embedded server's CDI beans are one per JVM) and
        // gets the port pebble validates on: in a cluster the Service may send the challenge to any replica.
        Path followerManifests = manifests(dir, "follower", "app.example.com");
        Replica follower = process(dir, followerManifests, challengePortHeld, "jetway-follower");
        follower.awaitLog("event=acme-storage-loaded");

        // The leader's routers now want the certificate: it orders, the follower answers HTTP-01 from the Secret.
        leader.write("app.yaml", Manifests.service("app", backend.port()) + route("app.example.com"));
        DomainStatus issued = awaitState(resolver(leader), app, DomainStatus.State.VALID);
        assertEquals(1, resolver(leader).ordersPlaced(), issued.toString());

        StoredResolver stored = storedInSecret();
        assertNotNull(stored.account(), "the account key is shared");
        X509Certificate leaf = chainToPebble(stored.certificate(app).certificatePem());
        assertEquals(leaf.getSerialNumber(), servedSerial(leader.server.port("websecure"), "app.example.com"));
        await(() -> leaf.getSerialNumber().equals(follower.servedSerial("app.example.com")), "the follower serves it");
        assertEquals(0, follower.count("event=acme-certificate-issued"), "the follower never orders");
        assertFalse(storedChallenges().contains("."), "answers are withdrawn after the order: " + storedChallenges());

        // The follower's routers want a name the leader's do not: nobody orders it while the leader lives.
        Files.writeString(followerManifests.resolve("next.yaml"), route("next.example.com"));
        await(() -> follower.status("next.example.com") == 200, "the follower routes the new name");
        assertNull(storedInSecret().certificate(next));
        // The leader stops (releasing the Lease): the follower takes over and, on becoming leader, orders
        // what is still missing, with the account from the Secret.
        leader.close();
        replicas.remove(leader);
        await(() -> "jetway-follower".equals(leaseHolder()), "the follower takes the Lease");
        await(() -> storedInSecret().certificate(next) != null, "the new leader orders the missing name");
        X509Certificate nextLeaf = chainToPebble(storedInSecret().certificate(next).certificatePem());
        await(() -> nextLeaf.getSerialNumber().equals(follower.servedSerial("next.example.com")), "the new leader serves it");
        assertEquals(1, follower.count("event=acme-certificate-issued"), "one order, for the new name");
        assertEquals(leaf.getSerialNumber(), follower.servedSerial("app.example.com"));
        assertEquals(stored.account().keyPairPem(), storedInSecret().account().keyPairPem(), "the same ACME account");

        // A new replica (a restart) serves both from the Secret and orders nothing.
        JetwayHarness restarted = replica(manifests(dir, "restarted", "app.example.com", "next.example.com"),
                PebbleServer.freeTcpPort());
        awaitState(resolver(restarted), app, DomainStatus.State.VALID);
        awaitState(resolver(restarted), next, DomainStatus.State.VALID);
        assertEquals(0, resolver(restarted).ordersPlaced());
        assertFalse(resolver(restarted).mayOrder(), "the Lease stays with the running replica");
        IssuedCertificate reused = restarted.server.certificateResolvers().certificates().get("le", app);
        assertEquals(IssuedCertificate.Origin.STORED, reused.origin());
        assertEquals(leaf.getSerialNumber(), servedSerial(restarted.server.port("websecure"), "app.example.com"));
        assertEquals(nextLeaf.getSerialNumber(), servedSerial(restarted.server.port("websecure"), "next.example.com"));
    }

    private String leaseHolder() {
        Lease lease = client.leases().inNamespace(NAMESPACE).withName(StatusWriter.LEASE_NAME).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    /** Jetway as its own process, with its pod name, its log in a file. */
    private Replica process(Path dir, Path manifests, ServerSocket webPortHeld, String podName) throws Exception {
        int securePort = PebbleServer.freeTcpPort();
        int webPort = webPortHeld.getLocalPort();
        webPortHeld.close();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.jetway.Jetway",
                "--providers.file.directory=" + manifests));
        command.addAll(flags(webPort, securePort));
        Path log = Files.createDirectories(Path.of("target", "acme-ha")).resolve(podName + ".log"); // kept for a failure
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("POD_NAME", podName);
        builder.environment().put("POD_NAMESPACE", NAMESPACE);
        Replica replica = new Replica(builder.start(), log, securePort);
        processes.add(replica);
        return replica;
    }

    private record Replica(Process process, Path log, int securePort) {

        void awaitLog(String text) throws Exception {
            await(() -> count(text) > 0, text + " in " + log.getFileName());
        }

        int count(String text) {
            try {
                return (int) Files.readAllLines(log).stream().filter(line -> line.contains(text)).count();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        /** The serial served for the name, null while the handshake fails (still starting). */
        BigInteger servedSerial(String serverName) {
            try {
                return AcmeHighAvailabilityTest.servedSerial(securePort, serverName);
            } catch (Exception notYet) {
                return null;
            }
        }

        /** The status of GET / over TLS for the host, 0 while that fails. */
        int status(String host) {
            try {
                return TlsClient.get(TlsClient.trustAll(), securePort, host, host, "/").status();
            } catch (Exception notYet) {
                return 0;
            }
        }

        void stop() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private StoredResolver storedInSecret() throws Exception {
        return AcmeJson.resolver(secretText(SecretCertificateStorage.DATA_KEY), "le", "test");
    }

    private String storedChallenges() {
        String text = secretText(SecretCertificateStorage.CHALLENGES_KEY);
        return text == null ? "" : text;
    }

    private String secretText(String key) {
        Secret secret = client.secrets().inNamespace(NAMESPACE).withName(SECRET).get();
        assertNotNull(secret, "Secret " + NAMESPACE + "/" + SECRET);
        String value = secret.getData().get(key);
        return value == null ? null : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }

    /** The leaf, after checking the chain leads to pebble's root. */
    private static X509Certificate chainToPebble(String pem) throws Exception {
        List<X509Certificate> chain = Pem.certificates(pem);
        PKIXParameters toPebbleRoot = new PKIXParameters(Set.of(new TrustAnchor(pebble.root(), null)));
        toPebbleRoot.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), toPebbleRoot);
        return chain.get(0);
    }

    private static BigInteger servedSerial(int port, String serverName) throws Exception {
        return ((X509Certificate) TlsClient.handshake(TlsClient.trustAll(), port, serverName, null, null)
                .getPeerCertificates()[0]).getSerialNumber();
    }

    private static DomainStatus awaitState(AcmeResolver resolver, TlsDomain domain, DomainStatus.State state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        DomainStatus status = null;
        while (System.nanoTime() < deadline) {
            resolver.checkNow().get(90, TimeUnit.SECONDS);
            status = resolver.statuses().get(domain);
            if (status != null && status.state() == state) {
                return status;
            }
            if (status != null && status.error() != null) {
                throw new AssertionError("failed: " + status);
            }
            Thread.sleep(50);
        }
        throw new AssertionError(domain + " not " + state + ": " + status);
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not within 60 s");
            }
            Thread.sleep(50);
        }
    }
}
