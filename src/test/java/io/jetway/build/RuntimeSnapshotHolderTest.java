package io.jetway.build;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.TlsCertificate;
import io.jetway.dynamic.TlsOptionsConfig;
import io.jetway.kube.ObjectRef;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.provider.file.ManifestReader;
import io.jetway.routing.BalancerState;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.RoutingTableBuilder;
import io.jetway.tls.TlsManager;
import io.jetway.tls.TlsState;
import io.jetway.translate.DynamicConfigMerger;
import io.jetway.translate.crd.CrdOptions;
import io.jetway.util.CertifiedKey;
import io.jetway.util.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One reload, one swap: the routes and the TLS state compiled from one configuration travel in one
 * snapshot, so whoever takes a snapshot (a request, a handshake, a listener) sees both of the same
 * generation, and a certificate from ACME swaps a new TLS state in beside the same routes.
 */
class RuntimeSnapshotHolderTest {

    private static TestCertificates.Issued ca;

    @BeforeAll
    static void authority() throws Exception {
        ca = TestCertificates.ca("snapshot test CA");
    }

    /**
     * A router for {@code <name>.example.com} on websecure, with a certificate for that name only
     * (always the Secret {@code cert}) and TLS options of its own.
     */
    private static RoutingTable routes(String name) throws Exception {
        TestCertificates.Issued leaf = TestCertificates.issue(ca, name, false, name + ".example.com");
        String yaml = """
                apiVersion: v1
                kind: Service
                metadata: {name: s, namespace: default}
                spec: {ports: [{port: 80}]}
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: s, namespace: default}
                subsets: [{addresses: [{ip: 10.0.0.1}], ports: [{port: 8080}]}]
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: cert, namespace: default}
                type: kubernetes.io/tls
                data: {tls.crt: %s, tls.key: %s}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: TLSOption
                metadata: {name: only-%s, namespace: default}
                spec: {minVersion: VersionTLS12}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r, namespace: default}
                spec:
                  entryPoints: [websecure]
                  routes: [{match: "Host(`%s.example.com`)", services: [{name: s, port: 80}]}]
                  tls: {secretName: cert, options: {name: only-%s}}
                """.formatted(TestCertificates.base64(leaf.certificatePem()), TestCertificates.base64(leaf.privateKeyPem()),
                name, name, name);
        DynamicConfig config = DynamicConfigMerger.translate(
                new ResourceSnapshot(ManifestReader.read(name + ".yaml", yaml).objects()), CrdOptions.DEFAULTS, null);
        assertEquals(List.of(), config.problems(), "the test's manifests translate cleanly");
        return RoutingTableBuilder.build(config, List.of("websecure"), new BalancerState());
    }

    /** The host name the table's only router matches. */
    private static String hostOf(RoutingTable routes) {
        String rule = routes.config().routers().values().iterator().next().rule();
        return rule.substring(rule.indexOf('`') + 1, rule.lastIndexOf('`'));
    }

    private static Set<String> namesOf(TlsState tls) {
        return tls.certificates().stream().flatMap(c -> c.names().stream()).collect(Collectors.toSet());
    }

    /** Whether the TLS state serves the routes' host: its certificate, and the options of its router. */
    private static boolean sameGeneration(RuntimeSnapshot snapshot) {
        String host = hostOf(snapshot.routes());
        return namesOf(snapshot.tls()).equals(Set.of(host))
                && !snapshot.tls().optionsForHost(host).equals(TlsOptionsConfig.DEFAULT_NAME);
    }

    private static TlsManager following(RuntimeSnapshotHolder holder) {
        TlsManager tls = new TlsManager();
        tls.follow(holder.currentTls());
        return tls;
    }

    @Test
    void aSnapshotKeepsTheRoutesAndTheTlsOfItsOwnReload() throws Exception {
        RuntimeSnapshotHolder holder = new RuntimeSnapshotHolder();
        TlsManager tls = following(holder);
        RuntimeSnapshot a = holder.reload(routes("a"), tls);
        RuntimeSnapshot b = holder.reload(routes("b"), tls);

        assertSame(b, holder.snapshot());
        assertEquals(a.generation() + 1, b.generation());
        assertEquals("a.example.com", hostOf(a.routes()));
        assertEquals(Set.of("a.example.com"), namesOf(a.tls()), "a reload after it changes nothing in an earlier snapshot");
        assertTrue(sameGeneration(a));
        assertEquals("b.example.com", hostOf(b.routes()));
        assertEquals(Set.of("b.example.com"), namesOf(b.tls()));
        assertTrue(sameGeneration(b));
        assertEquals(TlsOptionsConfig.DEFAULT_NAME, b.tls().optionsForHost("a.example.com"), "a's options left with a's router");
    }

    @Test
    void handshakesReadTheTlsStateOfTheCurrentSnapshot() throws Exception {
        RuntimeSnapshotHolder holder = new RuntimeSnapshotHolder();
        TlsManager tls = following(holder);
        CertifiedKey generated = tls.defaultCertificate();
        assertEquals(List.of(), tls.certificates(), "before the first reload: no certificate but the generated one");

        RuntimeSnapshot a = holder.reload(routes("a"), tls);
        assertEquals(a.tls().certificates(), tls.certificates());
        assertEquals(a.tls().optionsForHost("a.example.com"), tls.optionsForHost("a.example.com"));
        assertNotEquals(TlsOptionsConfig.DEFAULT_NAME, tls.optionsForHost("a.example.com"));
        assertNotSame(tls.contextFactoryFor(null), tls.contextFactoryFor("a.example.com"), "a's own options");

        RuntimeSnapshot b = holder.reload(routes("b"), tls);
        assertEquals(b.tls().certificates(), tls.certificates());
        assertEquals(TlsOptionsConfig.DEFAULT_NAME, tls.optionsForHost("a.example.com"));
        assertSame(tls.contextFactoryFor(null), tls.contextFactoryFor("a.example.com"), "a's name now gets the default options");
        assertSame(generated, tls.defaultCertificate(), "no TLSStore: the same generated default throughout");
    }

    @Test
    void aCertificateFromAcmeSwapsTheTlsStateAndKeepsTheRoutes() throws Exception {
        RuntimeSnapshotHolder holder = new RuntimeSnapshotHolder();
        TlsManager tls = following(holder);
        List<RoutingTable> heard = new CopyOnWriteArrayList<>();
        holder.addSwapListener(heard::add);
        RuntimeSnapshot a = holder.reload(routes("a"), tls);

        TestCertificates.Issued acme = TestCertificates.issue(ca, "acme", false, "c.example.com");
        TlsCertificate issued = new TlsCertificate(acme.certificatePem(), acme.privateKeyPem(),
                new ObjectRef("CertificateResolver", "le", "c.example.com"), List.of("default"));
        RuntimeSnapshot withIssued = holder.serveIssued(List.of(issued), tls);

        assertSame(a.routes(), withIssued.routes(), "the same routes");
        assertEquals(a.generation() + 1, withIssued.generation());
        assertEquals(Set.of("a.example.com", "c.example.com"), namesOf(withIssued.tls()));
        assertEquals(Set.of("a.example.com"), namesOf(a.tls()), "the snapshot before it is unchanged");
        assertEquals(List.of(RoutingTable.EMPTY, a.routes()), heard, "the routes' listeners are not told the same routes again");

        RuntimeSnapshot b = holder.reload(routes("b"), tls);
        assertEquals(Set.of("b.example.com", "c.example.com"), namesOf(b.tls()), "a reload keeps the issued certificates");
        assertEquals(List.of(RoutingTable.EMPTY, a.routes(), b.routes()), heard);
    }

    @Test
    void aListenerSeesTheSnapshotItsTableCameIn() throws Exception {
        RuntimeSnapshotHolder holder = new RuntimeSnapshotHolder();
        TlsManager tls = following(holder);
        List<Boolean> consistent = new ArrayList<>();
        holder.addSwapListener(table -> {
            if (table != RoutingTable.EMPTY) {
                RuntimeSnapshot now = holder.snapshot();
                consistent.add(now.routes() == table && sameGeneration(now)
                        && tls.optionsForHost(hostOf(table)).equals(now.tls().optionsForHost(hostOf(table))));
            }
        });
        holder.reload(routes("a"), tls);
        holder.reload(routes("b"), tls);
        holder.reload(routes("a"), tls);
        assertEquals(List.of(true, true, true), consistent);
    }

    @Test
    void aReaderNeverSeesTheRoutesOfOneReloadWithTheTlsOfAnother() throws Exception {
        RuntimeSnapshotHolder holder = new RuntimeSnapshotHolder();
        TlsManager tls = following(holder);
        List<RoutingTable> tables = List.of(routes("a"), routes("b"));
        holder.reload(tables.get(0), tls);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong reads = new AtomicLong();
        AtomicLong mixed = new AtomicLong();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                if (!sameGeneration(holder.snapshot())) {
                    mixed.incrementAndGet();
                }
                reads.incrementAndGet();
            }
        });
        reader.start();
        while (reads.get() == 0) {
            Thread.onSpinWait();
        }
        for (int i = 1; i <= 200; i++) {
            holder.reload(tables.get(i % 2), tls);
        }
        done.set(true);
        reader.join();
        assertEquals(0, mixed.get(), "snapshots read during 200 reloads mixing one reload's routes with another's TLS");
    }
}
