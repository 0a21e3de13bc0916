package io.jetway.bench;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.jetway.bootstrap.EmbeddedServer;
import io.jetway.config.StaticConfig;
import io.jetway.config.StaticConfigParser;
import io.jetway.e2e.KubeApiMock;
import io.jetway.e2e.Manifests;
import io.jetway.server.proxy.ProxyOptions;
import io.jetway.whoami.WhoamiServer;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The Kubernetes provider at scale (not run by the test suite), in fabric8's API server mock:
 * N routes, each with its own Service and EndpointSlice. Measures the time from start to the
 * last route answering, to the status writer having written every route's status, from one more
 * route created to it answering, and the heap after a full GC. Run:
 * {@code bench/kubernetes [N]} (IngressRoutes in {@code default}, default 5000), or
 * {@code bench/kubernetes --gateway [N [M]]} (HTTPRoutes over M namespaces attached to one
 * Gateway, default 2000 over 200).
 */
public final class KubernetesScaleBench {

    /** Held so the level sticks (JUL keeps loggers weakly): the mock logs every request otherwise. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private KubernetesScaleBench() {
    }

    /** What differs between the modes: the kinds loaded, Jetway's provider flags, what "has status" means. */
    private interface Workload {

        String describe();

        int size();

        /** CRDs and the objects every route shares (namespaces, the Gateway on the entry point's port). */
        void prepare(KubernetesClient client, int entryPointPort) throws Exception;

        /** Route {@code i}, its Service and its EndpointSlice; called from several loader threads. */
        void create(KubernetesClient client, int i, int backendPort);

        /** One more route, {@code route-extra<i>.bench}, to an existing Service. */
        void createExtra(KubernetesClient client, int i);

        List<String> providerFlags(String apiUrl);

        /** Every object loaded into the mock. */
        int objects();

        /** How many routes the status writer has written a status to. */
        long withStatus(KubernetesClient client);
    }

    public static void main(String[] args) throws Exception {
        boolean gateway = args.length > 0 && args[0].equals("--gateway");
        List<String> rest = List.of(args).subList(gateway ? 1 : 0, args.length);
        Workload workload = gateway
                ? new HttpRoutes(intArg(rest, 0, 2000), intArg(rest, 1, 200))
                : new IngressRoutes(intArg(rest, 0, 5000));
        int n = workload.size();
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        System.setProperty("io.jetway.LEVEL", System.getProperty("bench.level", "WARN"));
        System.setProperty("org.eclipse.jetty.LEVEL", "WARN");
        System.setProperty("org.jboss.weld.LEVEL", "WARN");
        System.setProperty("io.fabric8.LEVEL", "ERROR");
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        try (KubeApiMock api = KubeApiMock.onFreePort().start();
             WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "bench")) {
            KubernetesClient client = api.client();
            // A fixed port: a Gateway's listener names its entry point by port.
            int port = freePort();
            workload.prepare(client, port);
            long loadStart = System.nanoTime();
            ExecutorService loaders = Executors.newFixedThreadPool(4);
            List<Future<?>> loaded = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int id = i;
                loaded.add(loaders.submit(() -> workload.create(client, id, backend.port())));
            }
            for (Future<?> f : loaded) {
                f.get();
            }
            loaders.shutdown();
            System.out.printf("loaded %s + Services + EndpointSlices into the mock in %d ms%n", workload.describe(),
                    millisSince(loadStart));

            // HTTP/1.1: after an h2c upgrade the JDK's client sends the URI's authority (127.0.0.1:port)
            // as :authority, which wins over the Host header, and every later request would miss its route.
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            List<String> flags = new ArrayList<>(List.of("--entrypoints.web.address=127.0.0.1:" + port,
                    "--log.level=" + System.getProperty("bench.level", "WARN")));
            flags.addAll(workload.providerFlags(api.url()));
            long start = System.nanoTime();
            StaticConfig config = StaticConfigParser.parse(flags.toArray(String[]::new));
            try (EmbeddedServer server = EmbeddedServer.start(config, ProxyOptions.from(config.serversTransport()))) {
                awaitRouted(http, port, "route-" + (n - 1) + ".bench");
                System.out.printf("start -> last of %d routes answering: %d ms%n", n, millisSince(start));

                awaitAllStatuses(client, workload);
                System.out.printf("start -> status written on all %d routes: %d ms%n", n, millisSince(start));

                // With the status writes done, as in a cluster that has been up for a while.
                List<Long> changes = new ArrayList<>();
                for (int i = 0; i < 7; i++) {
                    long apply = System.nanoTime();
                    workload.createExtra(client, i);
                    awaitRouted(http, port, "route-extra" + i + ".bench");
                    changes.add(millisSince(apply));
                    Thread.sleep(500);
                }
                System.out.printf("one route created -> answering, 7 times in a row: %s ms%n", changes);

                for (int i = 0; i < 3; i++) {
                    System.gc();
                }
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.printf("heap after full GC (Jetway, mock and its %d objects in one JVM): %d MiB%n", workload.objects(),
                        heap / (1024 * 1024));
            }
        }
    }

    /** N IngressRoutes in {@code default}, each to its own Service. */
    private record IngressRoutes(int size) implements Workload {

        private static final ResourceDefinitionContext INGRESS_ROUTE = new ResourceDefinitionContext.Builder()
                .withGroup("traefik.io").withVersion("v1alpha1").withKind("IngressRoute").withPlural("ingressroutes")
                .withNamespaced(true).build();

        @Override
        public String describe() {
            return size + " IngressRoutes";
        }

        @Override
        public int objects() {
            return 3 * size;
        }

        @Override
        public void prepare(KubernetesClient client, int entryPointPort) throws Exception {
            try (InputStream crds = Files.newInputStream(Path.of("config/crds/traefik-crds.yaml"))) {
                client.load(crds).create();
            }
        }

        @Override
        public void create(KubernetesClient client, int i, int backendPort) {
            createService(client, "default", "svc-" + i, backendPort);
            client.genericKubernetesResources(INGRESS_ROUTE).inNamespace("default").resource(route(String.valueOf(i), i)).create();
        }

        @Override
        public void createExtra(KubernetesClient client, int i) {
            client.genericKubernetesResources(INGRESS_ROUTE).inNamespace("default").resource(route("extra" + i, i)).create();
        }

        @Override
        public List<String> providerFlags(String apiUrl) {
            return List.of("--providers.kubernetescrd.endpoint=" + apiUrl);
        }

        @Override
        public long withStatus(KubernetesClient client) {
            return client.genericKubernetesResources(INGRESS_ROUTE).inNamespace("default").list().getItems().stream()
                    .filter(r -> r.getAdditionalProperties().get("status") != null).count();
        }

        private static GenericKubernetesResource route(String id, int service) {
            return new GenericKubernetesResourceBuilder().withApiVersion("traefik.io/v1alpha1").withKind("IngressRoute")
                    .withNewMetadata().withName("route-" + id).withNamespace("default").endMetadata()
                    .addToAdditionalProperties("spec", Map.of("routes", List.of(Map.of("kind", "Rule",
                            "match", "Host(`route-" + id + ".bench`)",
                            "services", List.of(Map.of("name", "svc-" + service, "port", 80))))))
                    .build();
        }
    }

    /**
     * One GatewayClass and one Gateway ({@code default/gw}, an HTTP listener on the entry point's
     * port, routes from all namespaces), and N HTTPRoutes over M namespaces: route i in
     * {@code ns-(i mod M)} with hostname {@code route-i.bench}, to its own Service there.
     */
    private record HttpRoutes(int size, int namespaces) implements Workload {

        private static final String GROUP = "gateway.networking.k8s.io";
        private static final ResourceDefinitionContext HTTP_ROUTE = new ResourceDefinitionContext.Builder()
                .withGroup(GROUP).withVersion("v1").withKind("HTTPRoute").withPlural("httproutes")
                .withNamespaced(true).build();

        @Override
        public String describe() {
            return size + " HTTPRoutes over " + namespaces + " namespaces";
        }

        @Override
        public int objects() {
            return 3 * size + namespaces + 2;
        }

        @Override
        public void prepare(KubernetesClient client, int entryPointPort) throws Exception {
            client.load(new ByteArrayInputStream(Manifests.gatewayApiCrds().getBytes(StandardCharsets.UTF_8))).create();
            for (int m = 0; m < namespaces; m++) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace(m)).endMetadata()
                        .build()).create();
            }
            createGateway(client, entryPointPort);
        }

        @Override
        public void create(KubernetesClient client, int i, int backendPort) {
            String namespace = namespace(i % namespaces);
            createService(client, namespace, "svc-" + i, backendPort);
            client.genericKubernetesResources(HTTP_ROUTE).inNamespace(namespace).resource(route(String.valueOf(i), i)).create();
        }

        @Override
        public void createExtra(KubernetesClient client, int i) {
            client.genericKubernetesResources(HTTP_ROUTE).inNamespace(namespace(i % namespaces))
                    .resource(route("extra" + i, i)).create();
        }

        @Override
        public List<String> providerFlags(String apiUrl) {
            return List.of("--providers.kubernetesgateway", "--providers.kubernetesgateway.endpoint=" + apiUrl);
        }

        @Override
        public long withStatus(KubernetesClient client) {
            return client.genericKubernetesResources(HTTP_ROUTE).inAnyNamespace().list().getItems().stream()
                    .filter(r -> r.getAdditionalProperties().get("status") instanceof Map<?, ?> status
                            && status.get("parents") instanceof List<?> parents && !parents.isEmpty())
                    .count();
        }

        private static void createGateway(KubernetesClient client, int port) {
            client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion("v1")
                    .withKind("GatewayClass").withPlural("gatewayclasses").withNamespaced(false).build())
                    .resource(new GenericKubernetesResourceBuilder().withApiVersion(GROUP + "/v1").withKind("GatewayClass")
                            .withNewMetadata().withName("jetway").endMetadata()
                            .addToAdditionalProperties("spec", Map.of("controllerName", "traefik.io/gateway-controller"))
                            .build()).create();
            client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup(GROUP).withVersion("v1")
                    .withKind("Gateway").withPlural("gateways").withNamespaced(true).build()).inNamespace("default")
                    .resource(new GenericKubernetesResourceBuilder().withApiVersion(GROUP + "/v1").withKind("Gateway")
                            .withNewMetadata().withName("gw").withNamespace("default").endMetadata()
                            .addToAdditionalProperties("spec", Map.of("gatewayClassName", "jetway",
                                    "listeners", List.of(Map.of("name", "http", "protocol", "HTTP", "port", port,
                                            "allowedRoutes", Map.of("namespaces", Map.of("from", "All"))))))
                            .build()).create();
        }

        private static String namespace(int m) {
            return "ns-" + m;
        }

        private static GenericKubernetesResource route(String id, int service) {
            return new GenericKubernetesResourceBuilder().withApiVersion(GROUP + "/v1").withKind("HTTPRoute")
                    .withNewMetadata().withName("route-" + id).endMetadata()
                    .addToAdditionalProperties("spec", Map.of(
                            "parentRefs", List.of(Map.of("name", "gw", "namespace", "default")),
                            "hostnames", List.of("route-" + id + ".bench"),
                            "rules", List.of(Map.of(
                                    "matches", List.of(Map.of("path", Map.of("type", "PathPrefix", "value", "/"))),
                                    "backendRefs", List.of(Map.of("name", "svc-" + service, "port", 80))))))
                    .build();
        }
    }

    private static void createService(KubernetesClient client, String namespace, String name, int backendPort) {
        client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().addNewPort().withName("web").withPort(80).endPort().endSpec().build()).create();
        client.discovery().v1().endpointSlices().inNamespace(namespace).resource(new EndpointSliceBuilder().withNewMetadata()
                .withName(name + "-x").withLabels(Map.of("kubernetes.io/service-name", name)).endMetadata()
                .withAddressType("IPv4").addNewEndpoint().withAddresses("127.0.0.1").withNewConditions().withReady(true).endConditions()
                .endEndpoint()
                .addNewPort().withName("web").withPort(backendPort).endPort().build()).create();
    }

    private static int intArg(List<String> args, int index, int otherwise) {
        return args.size() > index ? Integer.parseInt(args.get(index)) : otherwise;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitRouted(HttpClient http, int port, String host) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).header("Host", host)
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        Object last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode();
            } catch (java.io.IOException notYet) {
                // the entry point is not up yet
                last = notYet;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException(host + " never answered 200; last: " + last);
    }

    /** Waits until the status writer has written every route's status. */
    private static void awaitAllStatuses(KubernetesClient client, Workload workload) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (workload.withStatus(client) >= workload.size()) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the status writer never reached all " + workload.size() + " routes");
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
