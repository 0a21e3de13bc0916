package io.jetway.bench;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.kube.KubeObject;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.routing.BalancerState;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.RoutingTableBuilder;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one Kubernetes change costs Jetway once its snapshot is made: index the snapshot,
 * translate every object, build the routing table. {@code routes} IngressRoutes, each with its
 * own Service and EndpointSlice, as {@code bench/kubernetes} creates them (the API server's and the
 * informers' share is measured there, not here).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReloadBenchmark {

    @Param({"500", "5000"})
    int routes;

    private List<KubeObject> objects;
    private final BalancerState state = new BalancerState();

    @Setup
    public void objects() {
        objects = new ArrayList<>();
        for (int i = 0; i < routes; i++) {
            objects.addAll(routeWithBackend(String.valueOf(i)));
        }
        RoutingTable table = reload();
        if (table.config().routers().size() != routes || !table.config().problems().isEmpty()) {
            throw new IllegalStateException("expected " + routes + " routers and no problem, got "
                    + table.config().routers().size() + " and " + table.config().problems());
        }
    }

    @Benchmark
    public RoutingTable reload() {
        ResourceSnapshot snapshot = new ResourceSnapshot(objects);
        DynamicConfig config = DynamicConfigMerger.translate(snapshot, CrdOptions.DEFAULTS, null);
        return RoutingTableBuilder.build(config, List.of("web"), state);
    }

    static List<KubeObject> routeWithBackend(String id) {
        String service = "svc-" + id;
        Map<String, Object> serviceDocument = Map.of("apiVersion", "v1", "kind", "Service",
                "metadata", Map.of("name", service, "namespace", "default"),
                "spec", Map.of("ports", List.of(Map.of("name", "web", "port", 80))));
        Map<String, Object> slice = Map.of("apiVersion", "discovery.k8s.io/v1", "kind", "EndpointSlice",
                "metadata", Map.of("name", service + "-x", "namespace", "default",
                        "labels", Map.of(ResourceSnapshot.SERVICE_NAME_LABEL, service)),
                "addressType", "IPv4", "endpoints", List.of(Map.of("addresses", List.of("127.0.0.1"))),
                "ports", List.of(Map.of("name", "web", "port", 8080)));
        Map<String, Object> route = Map.of("apiVersion", "traefik.io/v1alpha1", "kind", "IngressRoute",
                "metadata", Map.of("name", "route-" + id, "namespace", "default"),
                "spec", Map.of("routes", List.of(Map.of("kind", "Rule", "match", "Host(`route-" + id + ".bench`)",
                        "services", List.of(Map.of("name", service, "port", 80))))));
        return List.of(new KubeObject("v1", "Service", "default", service, serviceDocument, "bench"),
                new KubeObject("discovery.k8s.io/v1", "EndpointSlice", "default", service + "-x", slice, "bench"),
                new KubeObject("traefik.io/v1alpha1", "IngressRoute", "default", "route-" + id, route, "bench"));
    }
}
