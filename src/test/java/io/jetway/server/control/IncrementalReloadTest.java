package io.jetway.server.control;

import io.jetway.build.RuntimeSnapshotHolder;
import io.jetway.kube.KubeObject;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.provider.file.ManifestReader;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.PlainGet;
import io.jetway.routing.SameTables;
import io.jetway.translate.crd.CrdOptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reload translates and builds only what a change touches, and what it makes is exactly what a
 * pipeline starting from scratch makes of the same objects: random sequences of added, changed and
 * removed IngressRoutes, Middlewares, TraefikServices, Services, EndpointSlices, TLSOptions and
 * ServersTransports, compared after each step (configuration, problems, routers in order with
 * their rules and priorities, statuses, errors, servers, health targets, and the router and
 * servers each sample request gets).
 */
class IncrementalReloadTest {

    private static final List<String> ENTRY_POINTS = List.of("web", "websecure");
    private static final int APPS = 12;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void aReloadAfterRandomChangesIsTheTableAFullBuildMakes(long seed) throws Exception {
        Random random = new Random(seed);
        assertRandomChangesGiveFullBuilds(new World(random, false), random, seed);
    }

    /**
     * The same with IngressRoutes of one Service each and no two routers of the same name, where a
     * manifest edited in place patches the IngressRoutes' part of the translation.
     */
    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22})
    void aPatchedTranslationIsTheOneAFullTranslationMakes(long seed) throws Exception {
        Random random = new Random(seed);
        int patched = assertRandomChangesGiveFullBuilds(new World(random, true), random, seed);
        assertTrue(patched > 0, "translations patched: " + patched);
    }

    private static int assertRandomChangesGiveFullBuilds(World world, Random random, long seed) throws Exception {
        RuntimeSnapshotHolder holder = new RuntimeSnapshotHolder();
        try (ConfigurationPipeline pipeline = new ConfigurationPipeline(holder, ENTRY_POINTS, CrdOptions.DEFAULTS,
                null, Set.of(), null, null, Map.of())) {
            int reused = 0;
            int patched = 0;
            for (int step = 0; step < 60; step++) {
                world.change();
                ResourceSnapshot snapshot = world.snapshot(random.nextInt(10) == 0);
                pipeline.accept("file", snapshot);
                RoutingTable scratch = fromScratch(snapshot);
                assertSameTable(scratch, holder.current(), world, "seed " + seed + " step " + step);
                reused += holder.current().buildCounts().routersReused();
                patched += pipeline.lastTranslationPatched() ? 1 : 0;
            }
            assertTrue(reused > 0, "later reloads reuse routers");
            assertTrue(world.replacements > 5, "some snapshots replace an edited manifest's objects: " + world.replacements);
            return patched;
        }
    }

    private static RoutingTable fromScratch(ResourceSnapshot snapshot) {
        RuntimeSnapshotHolder holder = new RuntimeSnapshotHolder();
        try (ConfigurationPipeline pipeline = new ConfigurationPipeline(holder, ENTRY_POINTS, CrdOptions.DEFAULTS,
                null, Set.of(), null, null, Map.of())) {
            pipeline.accept("file", snapshot);
            assertEquals(0, holder.current().buildCounts().routersReused(), "nothing to reuse from scratch");
            return holder.current();
        }
    }

    static void assertSameTable(RoutingTable expected, RoutingTable actual, World world, String where) {
        assertEquals(expected.config(), actual.config(), where + ": configuration");
        assertEquals(expected.config().problems(), actual.config().problems(), where + ": problems in order");
        List<PlainGet> requests = new ArrayList<>();
        for (String host : world.hosts()) {
            for (String path : List.of("/", "/api", "/api/x", "/health", "/other")) {
                requests.add(new PlainGet(host, path));
            }
        }
        SameTables.assertSameTable(expected, actual, ENTRY_POINTS, requests, where);
    }

    /** Manifests by identity; a change re-reads only the manifest it touched, as the file provider does. */
    static final class World {
        private final Random random;
        /** IngressRoutes of one Service each (or a missing one), no colliding names: nothing that is translated every time. */
        private final boolean plain;
        private final Map<String, String> manifests = new LinkedHashMap<>();
        private final Map<String, List<KubeObject>> parsed = new LinkedHashMap<>();
        private final Set<String> hosts = new TreeSet<>();

        World(Random random, boolean plain) throws Exception {
            this.random = random;
            this.plain = plain;
            for (int i = 0; i < APPS; i++) {
                put("Service/s" + i, service(i, random.nextInt(3)));
                put("EndpointSlice/s" + i, slice(i, random.nextInt(plain ? 2 : 4)));
                put("IngressRoute/r" + i, ingressRoute(i));
            }
            for (int m = 0; m < 3; m++) {
                put("Middleware/m" + m, middleware(m));
            }
            put("TraefikService/w", weighted());
            put("TLSOption/opts", tlsOption(false));
            put("ServersTransport/st", transport(0));
            if (!plain) {
                // Two IngressRoutes whose qualified route names collide (a-b/c and a/b-c).
                put("IngressRoute/a-b/c", collidingRoute("a-b", "c"));
                put("IngressRoute/a/b-c", collidingRoute("a", "b-c"));
            }
        }

        Set<String> hosts() {
            return hosts;
        }

        void change() throws Exception {
            int i = random.nextInt(APPS);
            switch (random.nextInt(12)) {
                case 0, 1, 2 -> put("IngressRoute/r" + i, ingressRoute(i));
                case 3 -> remove("IngressRoute/r" + i);
                case 4 -> put("Middleware/m" + random.nextInt(4), middleware(random.nextInt(4)));
                case 5 -> remove("Middleware/m" + random.nextInt(4));
                case 6 -> put("Service/s" + i, service(i, random.nextInt(3)));
                case 7 -> remove(random.nextBoolean() ? "Service/s" + i : "EndpointSlice/s" + i);
                case 8, 9 -> put("EndpointSlice/s" + i, slice(i, random.nextInt(plain ? 2 : 4)));
                case 10 -> put("TraefikService/w", weighted());
                default -> {
                    if (random.nextBoolean()) {
                        put("TLSOption/opts", tlsOption(random.nextBoolean()));
                    } else {
                        put("ServersTransport/st", transport(random.nextInt(2)));
                    }
                }
            }
        }

        /**
         * @param reread whether every manifest is parsed again (new objects with equal content);
         *               otherwise a manifest edited in place gives the last snapshot with its
         *               objects replaced, as the file provider makes it
         */
        ResourceSnapshot snapshot(boolean reread) throws Exception {
            ResourceSnapshot derived = !reread && last != null && replacedBefore != null
                    ? last.withReplaced(replacedBefore, replacedAfter) : null;
            replacedBefore = null;
            replacedAfter = null;
            if (derived != null) {
                replacements++;
                last = derived;
                return derived;
            }
            List<KubeObject> objects = new ArrayList<>();
            for (Map.Entry<String, String> e : manifests.entrySet()) {
                if (reread) {
                    parsed.put(e.getKey(), ManifestReader.read(e.getKey(), e.getValue()).objects());
                }
                objects.addAll(parsed.get(e.getKey()));
            }
            last = new ResourceSnapshot(objects);
            return last;
        }

        /** How many snapshots were made by replacing the objects of an edited manifest. */
        int replacements;
        private ResourceSnapshot last;
        private List<KubeObject> replacedBefore;
        private List<KubeObject> replacedAfter;

        private void put(String key, String yaml) throws Exception {
            List<KubeObject> before = parsed.get(key);
            manifests.put(key, yaml);
            parsed.put(key, ManifestReader.read(key, yaml).objects());
            if (before != null) {
                replacedBefore = before;
                replacedAfter = parsed.get(key);
            } else {
                last = null; // a new manifest: the next snapshot is made afresh
            }
        }

        private void remove(String key) {
            manifests.remove(key);
            parsed.remove(key);
            last = null;
        }

        private static String service(int i, int variant) {
            String ports = switch (variant) {
                case 0 -> "[{name: web, port: 80}]";
                case 1 -> "[{name: web, port: 80}, {name: admin, port: 81}]";
                default -> "[{name: other, port: 80}]"; // the slices' port name no longer matches: no servers
            };
            return """
                    apiVersion: v1
                    kind: Service
                    metadata: {name: s%d, namespace: default}
                    spec: {ports: %s}
                    """.formatted(i, ports);
        }

        private String slice(int i, int variant) {
            String endpoints = switch (variant) {
                case 0 -> "[{addresses: [10.0.0.%d], conditions: {ready: true}}]".formatted(i + 1);
                case 1 -> "[{addresses: [10.0.1.%d, 10.0.2.%d]}]".formatted(i + 1, random.nextInt(200) + 1);
                case 2 -> "[{addresses: [10.0.3.%d], conditions: {ready: false}}]".formatted(i + 1);
                default -> "[{addresses: [not-an-ip]}, {addresses: [10.0.4.%d]}]".formatted(i + 1);
            };
            return """
                    apiVersion: discovery.k8s.io/v1
                    kind: EndpointSlice
                    metadata: {name: s%1$d-x, namespace: default, labels: {kubernetes.io/service-name: s%1$d}}
                    addressType: IPv4
                    endpoints: %2$s
                    ports: [{name: web, port: 8080}]
                    """.formatted(i, endpoints);
        }

        private String ingressRoute(int i) {
            StringBuilder routes = new StringBuilder();
            int count = 1 + random.nextInt(3);
            for (int n = 0; n < count; n++) {
                String host = "h" + random.nextInt(APPS * 2) + ".test";
                hosts.add(host);
                String match = switch (random.nextInt(6)) {
                    case 0 -> "Host(`" + host + "`) && PathPrefix(`/api`)";
                    case 1 -> "Host(`" + host + "`) && Path(`/health`)";
                    case 2 -> "PathPrefix(`/api`)";
                    case 3 -> random.nextInt(4) == 0 ? "Host(`" + host + "` &&" : "Host(`" + host + "`)"; // sometimes broken
                    default -> "Host(`" + host + "`)";
                };
                String services = switch (plain ? (random.nextInt(3) == 0 ? 2 : 4) : random.nextInt(7)) {
                    case 0 -> "[{name: w, kind: TraefikService}]";
                    case 1 -> "[{name: s%d, port: 80}, {name: s%d, port: 80, weight: 2}]".formatted(i, random.nextInt(APPS));
                    case 2 -> "[{name: s%d, port: 80, serversTransport: st}]".formatted(random.nextInt(APPS));
                    case 3 -> "[{name: missing, port: 80}]";
                    default -> "[{name: s%d, port: 80}]".formatted(random.nextBoolean() ? i : random.nextInt(APPS));
                };
                String middlewares = random.nextBoolean() ? "[]" : "[{name: m%d}]".formatted(random.nextInt(4));
                String priority = random.nextInt(4) == 0 ? ", priority: " + random.nextInt(3) : "";
                routes.append("    - {match: \"").append(match).append("\", services: ").append(services)
                        .append(", middlewares: ").append(middlewares).append(priority).append("}\n");
            }
            String tls = switch (random.nextInt(4)) {
                case 0 -> "  tls: {options: {name: opts}}\n";
                case 1 -> "  tls: {}\n";
                default -> "";
            };
            String entryPoints = random.nextInt(3) == 0 ? "  entryPoints: [websecure]\n" : "";
            if (plain && random.nextInt(8) == 0) {
                entryPoints += "  bogusField: 1\n"; // an unknown field: a warning in the snapshot's order
            }
            return """
                    apiVersion: traefik.io/v1alpha1
                    kind: IngressRoute
                    metadata: {name: r%d, namespace: default}
                    spec:
                    %s%s  routes:
                    %s""".formatted(i, entryPoints, tls, routes);
        }

        private static String collidingRoute(String namespace, String name) {
            return """
                    apiVersion: traefik.io/v1alpha1
                    kind: IngressRoute
                    metadata: {name: %s, namespace: %s}
                    spec:
                      routes: [{match: "Host(`collide.test`)", services: [{name: s0, port: 80, namespace: default}]}]
                    """.formatted(name, namespace);
        }

        private String middleware(int m) {
            String spec = switch (random.nextInt(6)) {
                case 0 -> "stripPrefix: {prefixes: [/api]}";
                case 1 -> "headers: {customRequestHeaders: {X-Step: v%d}}".formatted(random.nextInt(5));
                case 2 -> "addPrefix: {prefix: /p%d}".formatted(random.nextInt(5));
                case 3 -> "chain: {middlewares: [{name: m%d}]}".formatted(random.nextInt(4));
                case 4 -> "stripPrefix: {prefixes: 5}"; // broken
                default -> "retry: {attempts: %d}".formatted(1 + random.nextInt(3));
            };
            return """
                    apiVersion: traefik.io/v1alpha1
                    kind: Middleware
                    metadata: {name: m%d, namespace: default}
                    spec: {%s}
                    """.formatted(m, spec);
        }

        private String weighted() {
            return """
                    apiVersion: traefik.io/v1alpha1
                    kind: TraefikService
                    metadata: {name: w, namespace: default}
                    spec:
                      weighted:
                        services: [{name: s%d, port: 80, weight: %d}, {name: s%d, port: 80}]
                    """.formatted(random.nextInt(APPS), random.nextInt(3), random.nextInt(APPS));
        }

        private static String tlsOption(boolean broken) {
            return """
                    apiVersion: traefik.io/v1alpha1
                    kind: TLSOption
                    metadata: {name: opts, namespace: default}
                    spec: {minVersion: %s}
                    """.formatted(broken ? "VersionTLS99" : "VersionTLS12");
        }

        private static String transport(int variant) {
            return """
                    apiVersion: traefik.io/v1alpha1
                    kind: ServersTransport
                    metadata: {name: st, namespace: default}
                    spec: {serverName: backend%d.internal}
                    """.formatted(variant);
        }
    }
}
