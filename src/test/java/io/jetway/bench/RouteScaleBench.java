package io.jetway.bench;

import io.jetway.build.RuntimeSnapshotHolder;
import io.jetway.e2e.Manifests;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.provider.file.FileProvider;
import io.jetway.routing.BalancerState;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.RoutingTableBuilder;
import io.jetway.server.control.ConfigurationPipeline;
import io.jetway.translate.crd.CrdOptions;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Route scale outside JMH (not run by the test suite; see docs/performance.md, "Route scale"):
 *
 * <ul>
 *   <li>{@code table ROUTERS HOSTLESS}: the heap after a full GC held by a routing table built
 *   from {@link RouteMatchingBenchmark}'s configuration;</li>
 *   <li>{@code load INGRESSROUTES}: writes that many IngressRoutes (three routes each: two paths
 *   and the bare host, with their own Service and EndpointSlice, one file per application) plus
 *   one host-less IngressRoute per hundred into a temporary directory, then times the file
 *   provider's read and the pipeline's translate, build and swap, in a fresh JVM as at start-up,
 *   and prints the heap after a full GC with everything the pipeline keeps.</li>
 * </ul>
 * Run: {@code bench/route-scale load 10000 [ROUNDS]}, {@code bench/route-scale table 100000 1000}.
 */
public final class RouteScaleBench {

    private RouteScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("io.jetway.LEVEL", "WARN");
        switch (args.length > 0 ? args[0] : "") {
            case "table" -> table(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "load" -> load(Integer.parseInt(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 1);
            case "change" -> change(Integer.parseInt(args[1]), args.length > 2 ? Integer.parseInt(args[2]) : 10);
            default -> throw new IllegalArgumentException(
                    "usage: table ROUTERS HOSTLESS | load INGRESSROUTES [ROUNDS] | change INGRESSROUTES [CHANGES]");
        }
    }

    private static void table(int routers, int hostless) {
        long before = heapAfterGc();
        RoutingTable table = RoutingTableBuilder.build(RouteMatchingBenchmark.config(routers, hostless),
                List.of("web"), new BalancerState());
        long after = heapAfterGc();
        System.out.printf("table of %d routers + %d host-less: %d routers built; heap after GC %.1f MiB"
                        + " (%.1f MiB before building, the table and its configuration %.1f MiB)%n",
                routers, hostless, table.routerStatuses().size(), mib(after), mib(before), mib(after - before));
    }

    /** Later rounds load the same directory again in the same JVM: the first is start-up, the others show the JIT's share. */
    private static void load(int routes, int rounds) throws IOException {
        Path dir = Files.createTempDirectory("jetway-route-scale");
        try {
            int hostless = writeApplications(dir, routes);
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("round %d: ", round);
                loadOnce(dir, routes, hostless);
            }
        } finally {
            deleteTree(dir);
        }
    }

    /** The {@code load} mode's directory: one file per application plus the host-less routes; returns their number. */
    private static int writeApplications(Path dir, int routes) throws IOException {
        // One file per application, as teams keep them; -Dbench.perFile=100 groups them instead.
        int perFile = Integer.getInteger("bench.perFile", 1);
        for (int first = 0; first < routes; first += perFile) {
            StringBuilder yaml = new StringBuilder();
            for (int i = first; i < Math.min(routes, first + perFile); i++) {
                yaml.append(yaml.isEmpty() ? "" : "---\n").append(application(i));
            }
            Files.writeString(dir.resolve("app-" + first + ".yaml"), yaml);
        }
        int hostless = Math.max(1, routes / 100);
        StringBuilder shared = new StringBuilder(service("shared"));
        for (int n = 0; n < hostless; n++) {
            shared.append("---\n").append(ingressRoute("shared-" + n, "shared",
                    List.of("PathPrefix(`/svc-" + n + "`)")));
        }
        Files.writeString(dir.resolve("shared.yaml"), shared);
        return hostless;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Loads the {@code load} mode's directory through the file provider with its watch on, then
     * rewrites one application's file CHANGES times (odd changes: its IngressRoute gets a new route;
     * even ones: its EndpointSlice a new address), each a different application, and times each
     * change from the file event (the write returning: inotify queues the event during the write)
     * to the new table being swapped in, split at the provider handing its snapshot to the pipeline
     * (before that: the provider's debounce, {@code FileProvider.DEBOUNCE_MILLIS} of quiet, and
     * its read). Also the CPU time of the provider's thread, which does the read, translation,
     * build and swap: on a busy machine wall time is mostly waiting for a core. The first change is
     * the first reload after start: no warm-up.
     */
    private static void change(int routes, int changes) throws Exception {
        Path dir = Files.createTempDirectory("jetway-route-scale");
        try {
            int hostless = writeApplications(dir, routes);
            RuntimeSnapshotHolder holder = new RuntimeSnapshotHolder();
            java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            java.util.concurrent.atomic.AtomicLong handedOver = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong swappedAt = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong cpuAtHandOver = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong cpuAtSwap = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicLong swappingThread = new java.util.concurrent.atomic.AtomicLong();
            // Listeners run on the thread that swapped: the caller of start for the first load, then the provider's.
            java.util.concurrent.atomic.AtomicLong swapsHeard = new java.util.concurrent.atomic.AtomicLong();
            holder.addSwapListener(table -> {
                swappedAt.set(System.nanoTime());
                cpuAtSwap.set(threads.getCurrentThreadCpuTime());
                swappingThread.set(Thread.currentThread().getId());
                swapsHeard.incrementAndGet();
            });
            try (ConfigurationPipeline pipeline = new ConfigurationPipeline(holder, List.of("web"), CrdOptions.DEFAULTS);
                 FileProvider provider = new FileProvider(dir, null, true)) {
                long start = System.nanoTime();
                provider.start(snapshot -> {
                    handedOver.set(System.nanoTime());
                    cpuAtHandOver.set(threads.getCurrentThreadCpuTime());
                    pipeline.accept(provider.name(), snapshot);
                });
                System.out.printf("%d IngressRoutes (+%d host-less): %d routers live after %d ms; load average %s%n",
                        routes, hostless, holder.current().routerStatuses().size(), millis(start, System.nanoTime()),
                        loadAverage());
                System.out.println("change | kind | event -> live ms | event -> handed over (debounce + read) ms"
                        + " | handed over -> live (translate + build + swap) ms | CPU ms: read | CPU ms: translate + build + swap"
                        + " | routers compiled | reused | patched");
                for (int k = 1; k <= changes; k++) {
                    Thread.sleep(700); // the provider's debounce window of the previous change is long over
                    int app = (k * 7919) % routes;
                    boolean route = k % 2 == 1;
                    long heard = swapsHeard.get();
                    // The provider thread's CPU since its last swap (none before the first change: the first load ran on this thread).
                    long cpuBefore = swappingThread.get() == Thread.currentThread().getId() ? -1 : cpuAtSwap.get();
                    Files.writeString(dir.resolve("app-" + app + ".yaml"), route ? changedRoute(app, k) : changedSlice(app, k));
                    long event = System.nanoTime();
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    // Until the listener has run: the holder's generation changes just before it is told.
                    while (swapsHeard.get() == heard && System.nanoTime() < deadline) {
                        Thread.sleep(1);
                    }
                    RoutingTable table = holder.current();
                    String newAddress = address(k);
                    if (!(route ? routedTo(table, "app-" + app + "-v" + k + ".example.com")
                            : table.config().services().values().stream().anyMatch(s -> s.toString().contains(newAddress)))) {
                        throw new IllegalStateException("change " + k + " is not live");
                    }
                    System.out.printf("%d | %s | %d | %d | %d | %d | %d | %d | %d | %s%n", k, route ? "IngressRoute" : "EndpointSlice",
                            millis(event, swappedAt.get()), millis(event, handedOver.get()),
                            millis(handedOver.get(), swappedAt.get()), cpuBefore < 0 ? -1 : millis(cpuBefore, cpuAtHandOver.get()),
                            millis(cpuAtHandOver.get(), cpuAtSwap.get()), table.buildCounts().routersCompiled(),
                            table.buildCounts().routersReused(), table.buildCounts().patched() ? "yes" : "no");
                }
                System.out.println("load average " + loadAverage());
            }
        } finally {
            deleteTree(dir);
        }
    }

    private static boolean routedTo(RoutingTable table, String host) {
        return table.route("web", new io.jetway.routing.rule.RequestView() {
            public String host() {
                return host;
            }

            public String routingPath() {
                return "/";
            }

            public String method() {
                return "GET";
            }

            public List<String> headers(String name) {
                return List.of();
            }

            public java.util.Map<String, List<String>> queryParameters() {
                return java.util.Map.of();
            }

            public String remoteAddress() {
                return "127.0.0.1";
            }
        }) != null;
    }

    /** Application {@code i}'s file with one more route, on a host only this change has. */
    private static String changedRoute(int i, int change) {
        String name = "app-" + i;
        String host = "Host(`" + name + ".example.com`)";
        return service(name) + "---\n" + ingressRoute(name, name, List.of(host + " && PathPrefix(`/api`)",
                host + " && Path(`/health`)", host, "Host(`" + name + "-v" + change + ".example.com`)"));
    }

    /** Application {@code i}'s file with its EndpointSlice's endpoint at another address. */
    private static String changedSlice(int i, int change) {
        String name = "app-" + i;
        String host = "Host(`" + name + ".example.com`)";
        return service(name).replace("127.0.0.1", address(change)) + "---\n" + ingressRoute(name, name,
                List.of(host + " && PathPrefix(`/api`)", host + " && Path(`/health`)", host));
    }

    private static String address(int change) {
        return "127.0." + (change / 250) + "." + (change % 250 + 2);
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void loadOnce(Path dir, int routes, int hostless) throws IOException {
        long heapBefore = heapAfterGc();
        RuntimeSnapshotHolder holder = new RuntimeSnapshotHolder();
        try (ConfigurationPipeline pipeline = new ConfigurationPipeline(holder, List.of("web"), CrdOptions.DEFAULTS);
             FileProvider provider = new FileProvider(dir, null, false)) {
            long cpuStart = processCpuNanos();
            long start = System.nanoTime();
            ResourceSnapshot snapshot = provider.load();
            long read = System.nanoTime();
            pipeline.accept(provider.name(), snapshot);
            long swapped = System.nanoTime();
            long cpu = processCpuNanos() - cpuStart;
            int built = holder.current().routerStatuses().size();
            System.out.printf("%d IngressRoutes (+%d host-less, %d objects): %d routers; first swap after %d ms"
                            + " (read %d ms, translate + build + swap %d ms); process CPU meanwhile %d ms%n",
                    routes, hostless, snapshot.objects().size(), built, millis(start, swapped), millis(start, read),
                    millis(read, swapped), cpu / 1_000_000);
            long heap = heapAfterGc();
            System.out.printf("heap after GC with the pipeline's state: %.1f MiB (%.1f MiB before loading)%n",
                    mib(heap), mib(heapBefore));
            if (Boolean.getBoolean("bench.histogram")) {
                printHistogram();
            }
            if (built != routes * 3 + hostless) {
                throw new IllegalStateException("expected " + (routes * 3 + hostless) + " routers, got " + built);
            }
        }
    }

    private static String application(int i) {
        String name = "app-" + i;
        String host = "Host(`" + name + ".example.com`)";
        return service(name) + "---\n" + ingressRoute(name, name,
                List.of(host + " && PathPrefix(`/api`)", host + " && Path(`/health`)", host));
    }

    private static String service(String name) {
        return Manifests.serviceWithEndpointSlice(name, 8080);
    }

    private static String ingressRoute(String name, String service, List<String> matches) {
        StringBuilder yaml = new StringBuilder("""
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: %s, namespace: default}
                spec:
                  entryPoints: [web]
                  routes:
                """.formatted(name));
        for (String match : matches) {
            yaml.append("    - match: \"").append(match).append("\"\n")
                    .append("      kind: Rule\n")
                    .append("      services: [{name: ").append(service).append(", port: 80}]\n");
        }
        return yaml.toString();
    }

    /** The top of jcmd's GC.class_histogram, to see what holds the heap. */
    private static void printHistogram() {
        try {
            Object text = ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[]{null}, new String[]{String[].class.getName()});
            text.toString().lines().limit(30).forEach(System.out::println);
        } catch (javax.management.JMException e) {
            System.out.println("no class histogram: " + e);
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** CPU of every thread of this JVM (JIT compilers and GC included): what a loaded machine does not inflate. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
