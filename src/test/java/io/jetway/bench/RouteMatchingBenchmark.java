package io.jetway.bench;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.kube.ObjectRef;
import io.jetway.routing.BalancerState;
import io.jetway.routing.CompiledRouter;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.RoutingTableBuilder;
import io.jetway.routing.PlainGet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Cost of {@link RoutingTable#route} for one request, with a table built by the real
 * {@link RoutingTableBuilder}.
 *
 * <p>{@code routes} host-keyed routers are spread over {@code ceil(routes / 4)} hosts
 * ({@code app-<h>.example.com}), four per host as an IngressRoute with four routes would produce:
 * {@code Host && PathPrefix(/api)}, {@code Host && Path(/health)}, {@code Host && PathPrefix(/static)}
 * and the bare {@code Host}. Two routers that cannot be indexed by host are added on top
 * (an ACME-challenge {@code PathPrefix} and a {@code HostRegexp}), so every request also walks the
 * unindexed fallback. {@code hostless} more routers have no host at all, as IngressRoutes that
 * route a path on every host would give: {@code PathPrefix(/svc-<n>)}, every tenth one as
 * {@code Path(/svc-<n>/status)}. All routers share one load-balancer service and the entry point "web".
 *
 * <p>Each invocation routes the next of {@value #REQUESTS} pre-built requests (fixed seed): about
 * 85% hit a random host and path (80% when there are host-less routers, which get the other 5%),
 * 5% hit the two unindexed routers and 10% match nothing (404).
 * {@link #checkTable()} verifies every request's expected router before measuring.
 *
 * <p>{@link #main} measures the same calls in thread CPU time instead of JMH's wall time, for a
 * machine where other processes take the cores: time spent waiting for a core is not counted.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RouteMatchingBenchmark {

    private static final String ENTRY_POINT = "web";
    private static final String SERVICE = "default-app-8080@kubernetescrd";
    private static final String ACME_ROUTER = "default-acme-solver@kubernetescrd";
    private static final String REGEXP_ROUTER = "default-legacy-hosts@kubernetescrd";
    /** A power of two so the cursor wraps with a mask; larger than the L1 working set of one host. */
    private static final int REQUESTS = 4096;

    @Param({"10", "10000", "100000"})
    public int routes;

    @Param({"0", "1000"})
    public int hostless;

    private RoutingTable table;
    private PlainGet[] requests;
    /** Router name each request must reach, null for a 404. */
    private String[] expected;
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() {
        table = RoutingTableBuilder.build(config(routes, hostless), List.of(ENTRY_POINT), new BalancerState());
        buildRequests();
        checkTable();
    }

    @Benchmark
    public CompiledRouter route() {
        PlainGet request = requests[cursor++ & (REQUESTS - 1)];
        return table.route(ENTRY_POINT, request);
    }

    public static DynamicConfig config(int routes, int hostless) {
        ObjectRef source = new ObjectRef("IngressRoute", "default", "app");
        Map<String, RouterConfig> routers = new HashMap<>();
        for (int i = 0; i < routes; i++) {
            String name = routerName(i / 4, i % 4);
            routers.put(name, new RouterConfig(name, List.of(ENTRY_POINT), rule(i / 4, i % 4), 0, "v3",
                    List.of(), SERVICE, source));
        }
        for (int n = 0; n < hostless; n++) {
            String name = hostlessName(n);
            routers.put(name, new RouterConfig(name, List.of(ENTRY_POINT), hostlessRule(n), 0, "v3",
                    List.of(), SERVICE, source));
        }
        routers.put(ACME_ROUTER, new RouterConfig(ACME_ROUTER, List.of(ENTRY_POINT),
                "PathPrefix(`/.well-known/acme-challenge`)", 0, "v3", List.of(), SERVICE, source));
        routers.put(REGEXP_ROUTER, new RouterConfig(REGEXP_ROUTER, List.of(ENTRY_POINT),
                "HostRegexp(`^legacy-[0-9]+\\.example\\.org$`)", 0, "v3", List.of(), SERVICE, source));
        ServiceConfig lb = new ServiceConfig.LoadBalancer(
                List.of(new ServiceConfig.Server("http://127.0.0.1:8080", 1)), true,
                ServiceConfig.LoadBalancer.DEFAULT_FLUSH_INTERVAL, "wrr", null, null, source);
        return new DynamicConfig(routers, Map.of(SERVICE, lb), Map.of(), List.of());
    }

    private static String host(int h) {
        return "app-" + h + ".example.com";
    }

    private static String routerName(int h, int kind) {
        String suffix = switch (kind) {
            case 0 -> "api";
            case 1 -> "health";
            case 2 -> "static";
            default -> "root";
        };
        return "default-app-" + h + "-" + suffix + "@kubernetescrd";
    }

    private static String rule(int h, int kind) {
        String host = "Host(`" + host(h) + "`)";
        return switch (kind) {
            case 0 -> host + " && PathPrefix(`/api`)";
            case 1 -> host + " && Path(`/health`)";
            case 2 -> host + " && PathPrefix(`/static`)";
            default -> host;
        };
    }

    private static String hostlessName(int n) {
        return "default-shared-" + n + "@kubernetescrd";
    }

    private static String hostlessRule(int n) {
        return n % 10 == 0 ? "Path(`/svc-" + n + "/status`)" : "PathPrefix(`/svc-" + n + "`)";
    }

    private void buildRequests() {
        Random random = new Random(42);
        requests = new PlainGet[REQUESTS];
        expected = new String[REQUESTS];
        for (int n = 0; n < REQUESTS; n++) {
            int dice = random.nextInt(100);
            if (hostless > 0 && dice >= 80 && dice < 85) {
                int svc = random.nextInt(hostless);
                // PathPrefix(/svc-1) also matches /svc-12/status: the longer rule must win, as in Traefik.
                requests[n] = new PlainGet("unknown-" + n + ".example.net", "/svc-" + svc + "/status");
                expected[n] = hostlessName(svc);
            } else if (dice < 85) {
                int i = random.nextInt(routes);
                int h = i / 4;
                int kind = i % 4;
                String path = switch (kind) {
                    case 0 -> "/api/v1/items/" + random.nextInt(1000);
                    case 1 -> "/health";
                    case 2 -> "/static/js/app-" + random.nextInt(100) + ".js";
                    default -> "/index.html";
                };
                requests[n] = new PlainGet(host(h), path);
                // The bare Host router catches every path of its host, so it is the answer unless a
                // longer (higher-priority) rule of that host matches first.
                expected[n] = routerName(h, kind);
            } else if (dice < 88) {
                requests[n] = new PlainGet("unknown-" + n + ".example.net",
                        "/.well-known/acme-challenge/token-" + n);
                expected[n] = ACME_ROUTER;
            } else if (dice < 90) {
                requests[n] = new PlainGet("legacy-" + n + ".example.org", "/");
                expected[n] = REGEXP_ROUTER;
            } else {
                requests[n] = new PlainGet("unknown-" + n + ".example.net", "/missing");
                expected[n] = null;
            }
        }
    }

    /** Fails the trial instead of silently measuring 404s (or the wrong routers). */
    private void checkTable() {
        for (RouterStatus status : table.routerStatuses()) {
            if (!status.errors().isEmpty()) {
                throw new IllegalStateException("router " + status.name() + " disabled: " + status.errors());
            }
        }
        CompiledRouter known = table.route(ENTRY_POINT, new PlainGet(host(0), "/api/users"));
        if (known == null || !known.name().equals(routerName(0, 0))) {
            throw new IllegalStateException("GET app-0.example.com/api/users routed to "
                    + (known == null ? "nothing" : known.name()));
        }
        for (int n = 0; n < REQUESTS; n++) {
            CompiledRouter got = table.route(ENTRY_POINT, requests[n]);
            String name = got == null ? null : got.name();
            if (expected[n] == null ? name != null : !expected[n].equals(name)) {
                throw new IllegalStateException(requests[n] + " routed to " + name + ", expected " + expected[n]);
            }
        }
    }

    /**
     * Thread CPU time per {@link #route} call, for each {@code ROUTES:HOSTLESS} argument in one JVM:
     * 20,000,000 calls of warm-up, then seven rounds of 5,000,000 calls; prints the lowest and the
     * median round. Not JMH: a scratch check of ratios on a loaded machine.
     */
    public static void main(String[] args) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Object sink = null;
        for (String arg : args) {
            RouteMatchingBenchmark bench = new RouteMatchingBenchmark();
            bench.routes = Integer.parseInt(arg.substring(0, arg.indexOf(':')));
            bench.hostless = Integer.parseInt(arg.substring(arg.indexOf(':') + 1));
            bench.setUp();
            for (int i = 0; i < 20_000_000; i++) {
                sink = bench.route();
            }
            double[] rounds = new double[7];
            for (int r = 0; r < rounds.length; r++) {
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < 5_000_000; i++) {
                    sink = bench.route();
                }
                rounds[r] = (threads.getCurrentThreadCpuTime() - start) / 5e6;
            }
            java.util.Arrays.sort(rounds);
            System.out.printf("routes=%d hostless=%d: %.1f ns/op lowest, %.1f median (thread CPU time)%n",
                    bench.routes, bench.hostless, rounds[0], rounds[rounds.length / 2]);
        }
        System.out.println(sink == null ? "" : "last: " + ((CompiledRouter) sink).name());
    }
}
