package io.jetway.routing;

import io.jetway.bench.RouteMatchingBenchmark;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a swap costs besides what a change touches: the routing index built again from all the
 * routers of an entry point ({@code index}), and a build that reuses every router ({@code
 * unchangedRebuild}: the index plus the build's pass over every router), at {@code routers}
 * routers of {@link RouteMatchingBenchmark}'s configuration (1 % host-less). In this package
 * because the index's constructor is the builder's. Run: {@code JMH_INCLUDE=RouterIndexBuildBenchmark bench/jmh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class RouterIndexBuildBenchmark {

    @Param({"10000", "30000"})
    int routers;

    private List<CompiledRouter> compiled;
    private RoutingTable table;
    private final BalancerState state = new BalancerState();

    @Setup
    public void build() {
        table = RoutingTableBuilder.build(RouteMatchingBenchmark.config(routers, routers / 100), List.of("web"), state,
                Set.of(), null);
        compiled = table.routers("web");
    }

    @Benchmark
    public RouterIndex index() {
        return new RouterIndex(compiled);
    }

    @Benchmark
    public RoutingTable unchangedRebuild() {
        return RoutingTableBuilder.build(table.config(), List.of("web"), state, Set.of(), table);
    }
}
