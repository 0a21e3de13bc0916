package io.jetway.e2e;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.provider.file.DuplicateObjects;
import io.jetway.provider.file.ManifestReader;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.RoutingTableBuilder;
import io.jetway.service.InternalService;
import io.jetway.translate.DynamicConfigMerger;
import io.jetway.translate.crd.CrdOptions;
import io.jetway.translate.ingress.IngressOptions;
import io.jetway.whoami.WhoamiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 16, "done means": random and mutated YAML and JSON never make an exception escape the
 * manifest reader, the translators or the builder, and a good route in another file keeps
 * serving. Seeded (-Djetway.fuzz.seed=N replays a run) and bounded in time, not in count.
 */
class ManifestFuzzTest {

    private static final long SEED = Long.getLong("jetway.fuzz.seed", 16_2026L);
    private static final Duration IN_PROCESS = Duration.ofSeconds(12);
    private static final Duration ON_A_RUNNING_JETWAY = Duration.ofSeconds(8);
    private static final String GOOD_HOST = "good.test";

    /** Well-formed inputs to mutate: each kind Jetway reads, in YAML and JSON, with the constructs YAML allows. */
    private static final List<String> CORPUS = List.of(
            Manifests.route("fz-route", "Host(`fz.test`) && PathPrefix(`/a`)", "fz-svc", 5,
                    "          weight: 2\n          sticky: {cookie: {name: c}}\n      middlewares: [{name: fz-mw}]\n"),
            Manifests.service("fz-svc", 1, 2),
            Manifests.SEED_000_MIDDLEWARES,
            """
            apiVersion: traefik.io/v1alpha1
            kind: TraefikService
            metadata: {name: fz-wrr}
            spec:
              weighted:
                services: [{name: fz-svc, port: 80, weight: 1}, {name: fz-other, kind: TraefikService}]
                sticky: {cookie: {name: lvl1}}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: fz-mw}
            spec:
              headers: &h
                customRequestHeaders: {X-A: "1"}
                customResponseHeaders: {X-B: ""}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: fz-chain}
            spec: {chain: {middlewares: [{name: fz-mw}, {name: fz-missing}]}}
            """,
            """
            {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
             "metadata": {"name": "fz-ing", "annotations": {"traefik.ingress.kubernetes.io/router.entrypoints": "web"}},
             "spec": {"rules": [{"host": "fz-ing.test", "http": {"paths": [{"path": "/", "pathType": "Prefix",
               "backend": {"service": {"name": "fz-svc", "port": {"number": 80}}}}]}}]}}
            """,
            """
            apiVersion: v1
            kind: List
            items:
            - apiVersion: traefik.io/v1alpha1
              kind: TLSOption
              metadata: {name: fz-tls}
              spec: {minVersion: VersionTLS12, cipherSuites: [TLS_AES_128_GCM_SHA256]}
            - apiVersion: traefik.io/v1alpha1
              kind: ServersTransport
              metadata: {name: fz-st}
              spec: {serverName: x, insecureSkipVerify: true, forwardingTimeouts: {dialTimeout: 5s}}
            - apiVersion: v1
              kind: Secret
              metadata: {name: fz-secret}
              data: {users: dXNlcjokYXByMSR4}
            """,
            """
            apiVersion: traefik.io/v1alpha1
            kind: IngressRouteTCP
            metadata: {name: fz-tcp}
            spec:
              routes:
              - match: HostSNI(`fz.test`)
                middlewares: [{name: fz-mwt}]
                services: [{name: fz-svc, port: 80, weight: 2, proxyProtocol: {version: 1}, terminationDelay: 10,
                            serversTransport: fz-stt, tls: true}, {name: fz-svc, port: 80, nativeLB: true}]
              tls: {options: {name: fz-tls}, domains: [{main: a, sans: [b]}]}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRouteUDP
            metadata: {name: fz-udp}
            spec: {routes: [{services: [{name: fz-svc, port: 80, proxyProtocol: {version: 2}}]}]}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: MiddlewareTCP
            metadata: {name: fz-mwt}
            spec: {ipAllowList: {sourceRange: [10.0.0.0/8]}}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: ServersTransportTCP
            metadata: {name: fz-stt}
            spec: {dialTimeout: 5, terminationDelay: 1s, proxyProtocol: {version: 2}, tls: {serverName: x}}
            """);

    private static final String[] TOKENS = {"[", "]", "{", "}", ":", ": ", "- ", "---\n", "\n", "\t", "&a ", "*a", "!!map ",
            "!!binary ", "? ", "|\n", ">-\n", "\"", "'", "#", "%YAML 1.1\n", "\\u0000", "\u0000", "\uFEFF", "0x1F", "-1",
            "99999999999999999999", "1e400", "null", "~", "<<: *h\n", "@kubernetescrd", "${x}", "\uD83D\uDE00", "é",
            "kind: IngressRoute\n", "apiVersion: traefik.io/v9\n", "metadata: {name: x}\n", "spec: [", "weight: -5"};

    /** One input: a corpus entry mutated a few times, a random tree, or a deep or repetitive one. */
    static String sample(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> randomTree(random, 0).toString();
            case 1 -> {
                int depth = 50 + random.nextInt(3000);
                String open = random.nextBoolean() ? "[" : "{\"a\":";
                yield open.repeat(depth) + (open.equals("[") ? "]".repeat(depth) : "1" + "}".repeat(depth));
            }
            default -> mutate(random, CORPUS.get(random.nextInt(CORPUS.size())));
        };
    }

    private static String mutate(Random random, String text) {
        StringBuilder s = new StringBuilder(text);
        int mutations = 1 + random.nextInt(6);
        for (int i = 0; i < mutations && !s.isEmpty(); i++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(7)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> s.setCharAt(at, (char) random.nextInt(0x80));
                case 3 -> s.setLength(at); // truncated, as by a half-written file
                case 4 -> {
                    int end = Math.min(s.length(), at + random.nextInt(200));
                    s.insert(at, s.substring(at, end).repeat(1 + random.nextInt(5)));
                }
                case 5 -> {
                    int end = Math.min(s.length(), at + random.nextInt(100));
                    s.delete(at, end);
                }
                default -> s.setCharAt(at, (char) random.nextInt(Character.MAX_VALUE));
            }
        }
        return s.toString();
    }

    private static StringBuilder randomTree(Random random, int depth) {
        StringBuilder s = new StringBuilder();
        int pick = depth > 6 ? 3 + random.nextInt(3) : random.nextInt(6);
        switch (pick) {
            case 0 -> {
                s.append('{');
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    String key = List.of("apiVersion", "kind", "metadata", "name", "spec", "routes", "match", "services",
                            "port", "weight", "items", "namespace").get(random.nextInt(12));
                    s.append(i == 0 ? "" : ",").append('"').append(key).append("\":").append(randomTree(random, depth + 1));
                }
                s.append('}');
            }
            case 1, 2 -> {
                s.append('[');
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    s.append(i == 0 ? "" : ",").append(randomTree(random, depth + 1));
                }
                s.append(']');
            }
            case 3 -> s.append(random.nextInt() - (long) Integer.MIN_VALUE * random.nextInt(3));
            case 4 -> s.append(List.of("true", "null", "\"v1\"", "\"traefik.io/v1alpha1\"", "\"IngressRoute\"", "\"Host(`x`)\"",
                    "1.5", "\"\"").get(random.nextInt(8)));
            default -> s.append('"').append(TOKENS[random.nextInt(TOKENS.length)].replace("\"", "\\\"").replace("\\u", "u")).append('"');
        }
        return s;
    }

    private static String goodFiles(int port) {
        return Manifests.service("good", port) + Manifests.route("good", "Host(`" + GOOD_HOST + "`)", "good");
    }

    @Test
    void noInputMakesAnExceptionEscapeAndTheGoodRouteStaysEnabled() throws Exception {
        Random random = new Random(SEED);
        List<KubeObject> good = ManifestReader.read("a-good.yaml", goodFiles(8080)).objects();
        long deadline = System.nanoTime() + IN_PROCESS.toNanos();
        int samples = 0;
        int parsed = 0;
        while (System.nanoTime() < deadline) {
            String text = sample(random);
            samples++;
            List<KubeObject> objects = new ArrayList<>(good);
            try {
                objects.addAll(ManifestReader.read("z-fuzz.yaml", text).objects());
                parsed++;
            } catch (ManifestReader.ManifestException expected) {
                assertTrue(expected.getMessage().startsWith("z-fuzz.yaml"), expected.getMessage());
            } catch (Throwable t) {
                fail("seed " + SEED + ", sample " + samples + ": the reader threw " + t + " for:\n" + text, t);
            }
            try {
                DuplicateObjects.Result unique = DuplicateObjects.firstWins(objects);
                DynamicConfig config = DynamicConfigMerger.translate(new ResourceSnapshot(unique.kept(), unique.problems()),
                        new CrdOptions(false, false, false, false), IngressOptions.DEFAULTS);
                RoutingTableBuilder.Checked checked = RoutingTableBuilder.check(config, List.of("web"), java.util.Set.of(InternalService.NOOP));
                RouterConfig router = config.routers().values().stream()
                        .filter(r -> r.rule().equals("Host(`" + GOOD_HOST + "`)")).findFirst().orElseThrow();
                RouterStatus status = checked.table().routerStatuses().stream()
                        .filter(s -> s.name().equals(router.name())).findFirst().orElseThrow();
                assertTrue(!status.status().equals(RouterStatus.DISABLED), "seed " + SEED + ", sample " + samples
                        + ": the good router was disabled by:\n" + text + "\n" + status.errors());
            } catch (AssertionError e) {
                throw e;
            } catch (Throwable t) {
                fail("seed " + SEED + ", sample " + samples + ": translating or building threw " + t + " for:\n" + text, t);
            }
        }
        assertTrue(samples > 100 && parsed > 10, "enough inputs tried: " + samples + " (" + parsed + " parsed)");
    }

    @Test
    void aRunningJetwayKeepsServingTheGoodRouteWhileAnotherFileIsRewrittenWithFuzz(@TempDir Path dir) throws Exception {
        Random random = new Random(SEED + 1);
        Path manifests = Files.createDirectories(dir.resolve("m"));
        try (WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "good")) {
            Files.writeString(manifests.resolve("a-good.yaml"), goodFiles(backend.port()));
            try (JetwayHarness jw = JetwayHarness.start(manifests)) {
                long deadline = System.nanoTime() + ON_A_RUNNING_JETWAY.toNanos();
                int rounds = 0;
                while (System.nanoTime() < deadline) {
                    rounds++;
                    String text = sample(random);
                    if (random.nextInt(4) == 0) {
                        Files.write(manifests.resolve("z-fuzz.yaml"), text.getBytes(StandardCharsets.ISO_8859_1));
                    } else {
                        // getBytes, not writeString: a sample may hold a lone surrogate, which UTF-8 writes as '?'.
                        Files.write(manifests.resolve("z-fuzz.yaml"), text.getBytes(StandardCharsets.UTF_8));
                    }
                    // Each round the marker file changes, so the next good response proves a reload after the fuzz.
                    jw.write("m-marker.yaml", Manifests.route("marker", "Host(`marker" + rounds + ".test`)", "good"));
                    assertEquals(200, jw.awaitResponse("marker" + rounds + ".test", "/", r -> r.getStatus() == 200,
                            Duration.ofSeconds(10)).getStatus(), "seed " + (SEED + 1) + ", round " + rounds
                            + ": the provider stopped reloading after:\n" + text);
                    assertEquals("good", jw.get(GOOD_HOST, "/").getHeaders().get("X-Whoami-Name"),
                            "seed " + (SEED + 1) + ", round " + rounds + ": the good route stopped serving after:\n" + text);
                }
                assertTrue(rounds > 2, "rounds: " + rounds);
            }
        }
    }
}
