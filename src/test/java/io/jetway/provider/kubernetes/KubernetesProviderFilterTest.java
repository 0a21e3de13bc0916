package io.jetway.provider.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jetway.config.KubernetesConnection;
import io.jetway.e2e.KubeApiMock;
import io.jetway.kube.KubeObject;
import io.jetway.kube.ResourceSnapshot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the provider puts in its snapshots: only the watched namespaces and labels, without server-side noise. */
class KubernetesProviderFilterTest {

    private KubeApiMock api;
    private KubernetesClient client;
    private KubernetesProvider provider;
    private final LinkedBlockingQueue<ResourceSnapshot> snapshots = new LinkedBlockingQueue<>();

    @BeforeEach
    void cluster() throws Exception {
        api = KubeApiMock.onFreePort().start();
        client = api.client();
        try (InputStream crds = Files.newInputStream(Path.of("config/crds/traefik-crds.yaml"))) {
            client.load(crds).create();
        }
        for (String ns : List.of("default", "other")) {
            client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName("whoami").endMetadata()
                    .withNewSpec().addNewPort().withName("web").withPort(80).endPort().endSpec().build()).create();
        }
        create("default", "a", Map.of("app", "web"));
        create("default", "b", Map.of());
        create("other", "c", Map.of("app", "web"));
    }

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
        client.close();
        api.close();
    }

    private GenericKubernetesResource create(String ns, String name, Map<String, String> labels) {
        GenericKubernetesResource route = new GenericKubernetesResourceBuilder().withApiVersion("traefik.io/v1alpha1")
                .withKind("IngressRoute").withNewMetadata().withName(name).withNamespace(ns).withLabels(labels).endMetadata()
                .addToAdditionalProperties("spec", Map.of("routes", List.of(Map.of("kind", "Rule",
                        "match", "Host(`" + name + ".local`)", "services", List.of(Map.of("name", "whoami", "port", 80))))))
                .build();
        return client.genericKubernetesResources(WatchedKind.traefik().get(0).context()).inNamespace(ns).resource(route).create();
    }

    @Test
    void onlyTheWatchedNamespacesAndLabelsWithoutStatusOrResourceVersion() throws Exception {
        provider = new KubernetesProvider(new KubernetesConnection(api.url(), "token", null, List.of("default"), "app=web",
                Duration.ZERO), true, false);
        provider.start(snapshots::add);

        ResourceSnapshot first = await(s -> !s.ofKind("IngressRoute").isEmpty());
        assertEquals(List.of("default/a"), names(first, "IngressRoute"), "label selector and namespace both apply");
        assertEquals(List.of("default/whoami"), names(first, "Service"), "the label selector does not apply to Services");

        // A status written by anyone is not an input: the next snapshot comes from a real change.
        GenericKubernetesResource a = client.genericKubernetesResources(WatchedKind.traefik().get(0).context())
                .inNamespace("default").withName("a").get();
        a.setAdditionalProperty("status", Map.of("conditions", List.of(Map.of("type", "Ready", "status", "True"))));
        client.genericKubernetesResources(WatchedKind.traefik().get(0).context()).inNamespace("default").resource(a).updateStatus();
        create("default", "d", Map.of("app", "web"));

        ResourceSnapshot next = await(s -> s.find("IngressRoute", "default", "d").isPresent());
        assertEquals(List.of("default/a", "default/d"), names(next, "IngressRoute"));
        KubeObject routeA = next.find("IngressRoute", "default", "a").orElseThrow();
        assertFalse(routeA.document().containsKey("status"), "status is output, not input");
        assertTrue(routeA.root().get("metadata").get("resourceVersion").isMissing(), "resourceVersion changes on every write");
        assertEquals(first.find("IngressRoute", "default", "a").orElseThrow(), routeA);
        ObservedStatus observed = provider.observedStatus("traefik.io/v1alpha1", "IngressRoute", "default", "a");
        assertNotNull(observed);
        assertEquals("True", observed.readyCondition().get("status"), "the status writer still sees the cluster's status");
        assertNotEquals(first, next);
    }

    /**
     * An update to existing objects gives the last snapshot with them replaced (a reload then
     * translates only what they touch); an added object gives a snapshot made afresh. Either reads
     * as one made from every object.
     */
    @Test
    void anUpdateReplacesTheObjectInTheLastSnapshot() throws Exception {
        provider = new KubernetesProvider(new KubernetesConnection(api.url(), "token", null, List.of(), null,
                Duration.ZERO), true, false);
        provider.start(snapshots::add);
        ResourceSnapshot first = await(s -> s.ofKind("IngressRoute").size() == 3);

        var routes = client.genericKubernetesResources(WatchedKind.traefik().get(0).context()).inNamespace("default");
        GenericKubernetesResource b = routes.withName("b").get();
        b.setAdditionalProperty("spec", Map.of("routes", List.of(Map.of("kind", "Rule", "match", "Host(`moved.local`)",
                "services", List.of(Map.of("name", "whoami", "port", 80))))));
        routes.resource(b).update();
        ResourceSnapshot updated = await(s -> s.find("IngressRoute", "default", "b").orElseThrow().toString().contains("moved.local"));
        List<KubeObject> replaced = updated.replacedSince(first.lineage());
        assertNotNull(replaced, "made from the last snapshot");
        assertEquals(List.of("default/b"), replaced.stream().map(o -> o.namespace() + "/" + o.name()).toList());
        assertEquals(new ResourceSnapshot(updated.objects()), updated);
        assertSame(first.find("IngressRoute", "default", "a").orElseThrow(), updated.find("IngressRoute", "default", "a").orElseThrow());

        create("default", "e", Map.of());
        ResourceSnapshot added = await(s -> s.find("IngressRoute", "default", "e").isPresent());
        assertNull(added.replacedSince(updated.lineage()), "an added object: made afresh");
        assertEquals(List.of("default/a", "default/b", "default/e", "other/c"), names(added, "IngressRoute"));
    }

    /**
     * providers.kubernetesCRD.ingressClass, as Traefik: without it, IngressRoutes without a class or of
     * class traefik; with it, only that class (spec.ingressClassName before the annotation); an object
     * whose class changes away leaves the snapshot.
     */
    @Test
    void ingressRoutesOfAnotherClassAreNotRead() throws Exception {
        var routes = client.genericKubernetesResources(WatchedKind.traefik().get(0).context()).inNamespace("default");
        GenericKubernetesResource a = routes.withName("a").get();
        a.getMetadata().setAnnotations(Map.of("kubernetes.io/ingress.class", "traefik"));
        routes.resource(a).update();
        GenericKubernetesResource b = routes.withName("b").get();
        b.getMetadata().setAnnotations(Map.of("kubernetes.io/ingress.class", "nginx"));
        routes.resource(b).update();

        provider = new KubernetesProvider(new KubernetesConnection(api.url(), "token", null, List.of(), null,
                Duration.ZERO), true, false);
        provider.start(snapshots::add);
        await(s -> names(s, "IngressRoute").equals(List.of("default/a", "other/c")));
        provider.close();
        snapshots.clear();

        provider = new KubernetesProvider(new KubernetesConnection(api.url(), "token", null, List.of(), null,
                Duration.ZERO), true, false).readingClass("nginx");
        provider.start(snapshots::add);
        await(s -> names(s, "IngressRoute").equals(List.of("default/b")));

        // The field wins over the annotation: b leaves, c (spec.ingressClassName nginx) joins.
        GenericKubernetesResource c = client.genericKubernetesResources(WatchedKind.traefik().get(0).context())
                .inNamespace("other").withName("c").get();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = new java.util.HashMap<>((Map<String, Object>) c.getAdditionalProperties().get("spec"));
        spec.put("ingressClassName", "nginx");
        c.setAdditionalProperty("spec", spec);
        client.genericKubernetesResources(WatchedKind.traefik().get(0).context()).inNamespace("other").resource(c).update();
        b = routes.withName("b").get();
        @SuppressWarnings("unchecked")
        Map<String, Object> bSpec = new java.util.HashMap<>((Map<String, Object>) b.getAdditionalProperties().get("spec"));
        bSpec.put("ingressClassName", "other");
        b.setAdditionalProperty("spec", bSpec);
        routes.resource(b).update();
        await(s -> names(s, "IngressRoute").equals(List.of("other/c")));
    }

    private ResourceSnapshot await(Predicate<ResourceSnapshot> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            ResourceSnapshot s = snapshots.poll(200, TimeUnit.MILLISECONDS);
            if (s != null && condition.test(s)) {
                return s;
            }
        }
        throw new AssertionError("no such snapshot within 20 s");
    }

    private static List<String> names(ResourceSnapshot snapshot, String kind) {
        return snapshot.ofKind(kind).stream().map(o -> o.namespace() + "/" + o.name()).sorted().toList();
    }
}
