package io.jetway.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.jetway.bootstrap.EmbeddedServer;
import io.jetway.config.StaticConfig;
import io.jetway.config.StaticConfigParser;
import io.jetway.e2e.KubeApiMock;
import io.jetway.server.proxy.ProxyOptions;
import io.jetway.whoami.WhoamiServer;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Kubernetes provider at scale (not run by the test suite): N IngressRoutes, each with its
 * own Service and EndpointSlice, in fabric8's API server mock. Measures the time from start to the
 * last route answering, from one more IngressRoute created to it answering, and the heap after a
 * full GC. Run: {@code bench/kubernetes [N]} (default 5000).
 */
public final class KubernetesScaleBench {

    private static final ResourceDefinitionContext INGRESS_ROUTE = new ResourceDefinitionContext.Builder()
            .withGroup("traefik.io").withVersion("v1alpha1").withKind("IngressRoute").withPlural("ingressroutes")
            .withNamespaced(true).build();

    /** Held so the level sticks (JUL keeps loggers weakly): the mock logs every request otherwise. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private KubernetesScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        System.setProperty("io.jetway.LEVEL", System.getProperty("bench.level", "WARN"));
        System.setProperty("org.eclipse.jetty.LEVEL", "WARN");
        System.setProperty("org.jboss.weld.LEVEL", "WARN");
        System.setProperty("io.fabric8.LEVEL", "ERROR");
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        try (KubeApiMock api = KubeApiMock.onFreePort().start();
             WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "bench")) {
            KubernetesClient client = api.client();
            try (InputStream crds = Files.newInputStream(Path.of("config/00-crds.yaml"))) {
                client.load(crds).create();
            }
            long loadStart = System.nanoTime();
            java.util.concurrent.ExecutorService loaders = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<?>> loaded = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                loaded.add(loaders.submit(() -> create(client, id, backend.port())));
            }
            for (java.util.concurrent.Future<?> f : loaded) {
                f.get();
            }
            loaders.shutdown();
            System.out.printf("loaded %d IngressRoutes + Services + EndpointSlices into the mock in %d ms%n", n,
                    millisSince(loadStart));

            long listStart = System.nanoTime();
            int listed = client.genericKubernetesResources(INGRESS_ROUTE).inAnyNamespace().list().getItems().size();
            System.out.printf("for reference, the mock lists its %d IngressRoutes in %d ms%n", listed, millisSince(listStart));

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            long start = System.nanoTime();
            StaticConfig config = StaticConfigParser.parse(new String[]{"--entrypoints.web.address=127.0.0.1:0",
                    "--providers.kubernetescrd.endpoint=" + api.url(), "--log.level=" + System.getProperty("bench.level", "WARN")});
            try (EmbeddedServer server = EmbeddedServer.start(config, ProxyOptions.from(config.serversTransport()))) {
                int port = server.port("web");
                awaitRouted(http, port, "route-" + (n - 1) + ".bench");
                System.out.printf("start -> last of %d routes answering: %d ms%n", n, millisSince(start));

                awaitAllReady(client, n);
                System.out.printf("start -> Ready condition on all %d IngressRoutes: %d ms%n", n,
                        millisSince(start));

                // With the status writes done, as in a cluster that has been up for a while.
                List<Long> changes = new java.util.ArrayList<>();
                for (int i = 0; i < 7; i++) {
                    long apply = System.nanoTime();
                    client.genericKubernetesResources(INGRESS_ROUTE).inNamespace("default").resource(route("extra" + i, i)).create();
                    awaitRouted(http, port, "route-extra" + i + ".bench");
                    changes.add(millisSince(apply));
                    Thread.sleep(500);
                }
                System.out.printf("one IngressRoute created -> answering, 7 times in a row: %s ms%n", changes);

                for (int i = 0; i < 3; i++) {
                    System.gc();
                }
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.printf("heap after full GC (Jetway, mock and its %d objects in one JVM): %d MiB%n", 3 * n,
                        heap / (1024 * 1024));
            }
        }
    }

    private static void create(KubernetesClient client, int i, int backendPort) {
        // Runs on several loader threads: the mock takes a few milliseconds per object.
        String name = "svc-" + i;
        client.services().inNamespace("default").resource(new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewPort().withName("web").withPort(80).endPort().endSpec().build()).create();
        client.discovery().v1().endpointSlices().inNamespace("default").resource(new EndpointSliceBuilder().withNewMetadata()
                .withName(name + "-x").withLabels(Map.of("kubernetes.io/service-name", name)).endMetadata()
                .withAddressType("IPv4").addNewEndpoint().withAddresses("127.0.0.1").endEndpoint()
                .addNewPort().withName("web").withPort(backendPort).endPort().build()).create();
        client.genericKubernetesResources(INGRESS_ROUTE).inNamespace("default").resource(route(String.valueOf(i), i)).create();
    }

    private static GenericKubernetesResource route(String id, int service) {
        return new GenericKubernetesResourceBuilder().withApiVersion("traefik.io/v1alpha1").withKind("IngressRoute")
                .withNewMetadata().withName("route-" + id).withNamespace("default").endMetadata()
                .addToAdditionalProperties("spec", Map.of("routes", List.of(Map.of("kind", "Rule",
                        "match", "Host(`route-" + id + ".bench`)",
                        "services", List.of(Map.of("name", "svc-" + service, "port", 80))))))
                .build();
    }

    private static void awaitRouted(HttpClient http, int port, String host) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).header("Host", host)
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // the entry point is not up yet
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(host + " never answered 200");
    }

    /** Waits until the status writer has given every IngressRoute its Ready condition. */
    private static void awaitAllReady(KubernetesClient client, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            long ready = client.genericKubernetesResources(INGRESS_ROUTE).inNamespace("default").list().getItems().stream()
                    .filter(r -> r.getAdditionalProperties().get("status") != null).count();
            if (ready >= n) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("status conditions never reached all " + n + " IngressRoutes");
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
