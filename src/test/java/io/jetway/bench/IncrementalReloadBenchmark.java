package io.jetway.bench;

import io.jetway.build.RuntimeSnapshotHolder;
import io.jetway.dynamic.DynamicConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.routing.BalancerState;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.RoutingTableBuilder;
import io.jetway.server.control.ConfigurationPipeline;
import io.jetway.translate.DynamicConfigMerger;
import io.jetway.translate.crd.CrdOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One changed IngressRoute among {@code routes} (each with its own Service and EndpointSlice, as
 * {@link ReloadBenchmark} makes them): {@code incremental} through the pipeline (snapshot, translate
 * what changed, build what changed, swap), {@code full} the same snapshot translated and built from
 * scratch, in the same fork. Run: {@code JMH_INCLUDE=IncrementalReloadBenchmark bench/jmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class IncrementalReloadBenchmark {

    @Param({"10000"})
    int routes;

    private List<KubeObject> objects;
    private RuntimeSnapshotHolder holder;
    private ConfigurationPipeline pipeline;
    private int change;

    @Setup
    public void load() {
        objects = new ArrayList<>();
        for (int i = 0; i < routes; i++) {
            objects.addAll(ReloadBenchmark.routeWithBackend(String.valueOf(i)));
        }
        holder = new RuntimeSnapshotHolder();
        pipeline = new ConfigurationPipeline(holder, List.of("web"), CrdOptions.DEFAULTS, null, Set.of(), null, null, Map.of());
        pipeline.accept("bench", new ResourceSnapshot(objects));
    }

    @TearDown
    public void close() {
        pipeline.close();
    }

    /** The next snapshot: one IngressRoute (a different one each time) on a new host. */
    private ResourceSnapshot changed() {
        change++;
        int route = (change * 7919) % routes;
        int at = route * 3 + 2;
        KubeObject before = objects.get(at);
        Map<String, Object> document = Map.of("apiVersion", "traefik.io/v1alpha1", "kind", "IngressRoute",
                "metadata", Map.of("name", before.name(), "namespace", "default"),
                "spec", Map.of("routes", List.of(Map.of("kind", "Rule", "match", "Host(`change-" + change + ".bench`)",
                        "services", List.of(Map.of("name", "svc-" + route, "port", 80))))));
        objects.set(at, new KubeObject(before.apiVersion(), before.kind(), before.namespace(), before.name(), document, "bench"));
        return new ResourceSnapshot(objects);
    }

    @Benchmark
    public RoutingTable incremental() {
        pipeline.accept("bench", changed());
        RoutingTable table = holder.current();
        if (table.buildCounts().routersCompiled() != 1) {
            throw new IllegalStateException("expected one router compiled, got " + table.buildCounts());
        }
        return table;
    }

    @Benchmark
    public RoutingTable full() {
        DynamicConfig config = DynamicConfigMerger.translate(changed(), CrdOptions.DEFAULTS, null);
        return RoutingTableBuilder.build(config, List.of("web"), new BalancerState());
    }
}
