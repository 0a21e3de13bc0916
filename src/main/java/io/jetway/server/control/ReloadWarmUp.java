package io.jetway.server.control;

import io.jetway.build.RuntimeSnapshotHolder;
import io.jetway.kube.KubeObject;
import io.jetway.kube.ResourceSnapshot;
import io.jetway.translate.crd.CrdOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the code a small change takes (the patched translation and build, the route index update)
 * on a configuration of its own, in the background, once the first large configuration is live.
 * Without it the first change after start runs that code before the JIT has compiled it, and
 * costs several times the later ones (issue 18: one change at 10,000 routes, the first included).
 * Nothing it makes is served: its pipeline, holder and state are its own and dropped after.
 */
final class ReloadWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadWarmUp.class);

    /** Below this many routers a change is cheap even before the JIT: no warm-up. */
    static final int MIN_ROUTERS = 2_000;
    private static final int APPS = 200;
    static final int CHANGES = 150;

    private ReloadWarmUp() {
    }

    /** Starts the warm-up on a daemon thread of low priority. */
    static void start(List<String> entryPoints, CrdOptions options) {
        Thread t = new Thread(() -> run(entryPoints, options), "jetway-reload-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** @return how many of its changes were patched in, translation and build both (all, unless something is off) */
    static int run(List<String> entryPoints, CrdOptions options) {
        long start = System.nanoTime();
        int patched = 0;
        RuntimeSnapshotHolder holder = new RuntimeSnapshotHolder();
        try (ConfigurationPipeline pipeline = new ConfigurationPipeline(holder, entryPoints, options)) {
            pipeline.quiet();
            List<KubeObject> objects = new ArrayList<>();
            for (int i = 0; i < APPS; i++) {
                objects.add(route(i, 0));
                objects.add(service(i));
                objects.add(slice(i, 0));
            }
            ResourceSnapshot snapshot = new ResourceSnapshot(objects);
            pipeline.accept("warm-up", snapshot);
            for (int k = 1; k <= CHANGES; k++) {
                int app = (k * 7) % APPS;
                int at = app * 3 + (k % 2 == 1 ? 0 : 2);
                KubeObject before = objects.get(at);
                KubeObject after = k % 2 == 1 ? route(app, k) : slice(app, k);
                objects.set(at, after);
                ResourceSnapshot next = snapshot.withReplaced(List.of(before), List.of(after));
                snapshot = next != null ? next : new ResourceSnapshot(objects);
                pipeline.accept("warm-up", snapshot);
                patched += pipeline.lastTranslationPatched() && holder.current().buildCounts().patched() ? 1 : 0;
            }
            LOG.debug("event=reload-warmup changes={} patched={} ms={}", CHANGES, patched,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.debug("event=reload-warmup-failed msg=\"{}\"", e.toString());
        }
        return patched;
    }

    private static KubeObject route(int i, int version) {
        String name = "warmup-" + i;
        List<Map<String, Object>> routes = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            routes.add(Map.of("kind", "Rule", "match", "Host(`" + name + "-v" + version + ".warmup.invalid`)"
                            + (r == 0 ? "" : " && PathPrefix(`/" + r + "`)"),
                    "services", List.of(Map.of("name", name, "port", 80))));
        }
        return object("traefik.io/v1alpha1", "IngressRoute", name, Map.of("routes", routes), Map.of());
    }

    private static KubeObject service(int i) {
        return object("v1", "Service", "warmup-" + i, Map.of("ports", List.of(Map.of("name", "web", "port", 80))), Map.of());
    }

    private static KubeObject slice(int i, int version) {
        String name = "warmup-" + i;
        Map<String, Object> endpoint = Map.of("addresses", List.of("10.255." + (version % 250) + "." + (i % 250 + 1)),
                "conditions", Map.of("ready", true));
        return object("discovery.k8s.io/v1", "EndpointSlice", name + "-x", Map.of(),
                Map.of("addressType", "IPv4", "endpoints", List.of(endpoint),
                        "ports", List.of(Map.of("name", "web", "port", 8080)),
                        "metadata", Map.of("name", name + "-x", "namespace", "warmup",
                                "labels", Map.of(ResourceSnapshot.SERVICE_NAME_LABEL, name))));
    }

    /** @param top fields beside spec (an EndpointSlice's live at the top level, with its own metadata) */
    private static KubeObject object(String apiVersion, String kind, String name, Map<String, Object> spec,
                                     Map<String, Object> top) {
        Map<String, Object> document = new java.util.LinkedHashMap<>();
        document.put("apiVersion", apiVersion);
        document.put("kind", kind);
        document.put("metadata", Map.of("name", name, "namespace", "warmup"));
        if (!spec.isEmpty()) {
            document.put("spec", spec);
        }
        document.putAll(top);
        return new KubeObject(apiVersion, kind, "warmup", name, java.util.Collections.unmodifiableMap(document),
                "jetway warm-up");
    }
}
