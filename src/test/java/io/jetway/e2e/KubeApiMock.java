package io.jetway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * fabric8's API server mock in CRUD mode, plus the discovery endpoints the real kubectl needs
 * ({@code /version}, {@code /api}, {@code /apis} and each group version, CRDs included), on a
 * fixed loopback port so it can be stopped and started again (a lost watch) or started late (an
 * API server that was down).
 */
public final class KubeApiMock implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ALL_VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");
    /** Built-in resources: group/version -> [plural, kind, namespaced]. */
    private static final Map<String, List<String[]>> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("v1", List.<String[]>of(r("services", "Service", true), r("endpoints", "Endpoints", true),
                r("secrets", "Secret", true), r("configmaps", "ConfigMap", true), r("namespaces", "Namespace", false),
                r("nodes", "Node", false), r("serviceaccounts", "ServiceAccount", true)));
        BUILT_IN.put("discovery.k8s.io/v1", List.<String[]>of(r("endpointslices", "EndpointSlice", true)));
        BUILT_IN.put("networking.k8s.io/v1", List.<String[]>of(r("ingresses", "Ingress", true), r("ingressclasses", "IngressClass", false)));
        BUILT_IN.put("coordination.k8s.io/v1", List.<String[]>of(r("leases", "Lease", true)));
        BUILT_IN.put("apiextensions.k8s.io/v1", List.<String[]>of(r("customresourcedefinitions", "CustomResourceDefinition", false)));
    }

    private static String[] r(String plural, String kind, boolean namespaced) {
        return new String[]{plural, kind, String.valueOf(namespaced)};
    }

    private final DiscoveryDispatcher dispatcher = new DiscoveryDispatcher();
    private final int port;
    private KubernetesMockServer server;

    private KubeApiMock(int port) {
        this.port = port;
    }

    /** A mock on a free port, not started yet. */
    public static KubeApiMock onFreePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new KubeApiMock(socket.getLocalPort());
        }
    }

    /** Starts (or starts again) on the same port with the same stored objects. */
    public synchronized KubeApiMock start() {
        server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), new MockWebServer(), new HashMap<>(),
                dispatcher, false);
        server.init(InetAddress.getLoopbackAddress(), port);
        return this;
    }

    /** Stops serving: open watches break, requests fail to connect. The objects stay. */
    public synchronized void stop() {
        if (server != null) {
            server.destroy();
            server = null;
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public KubernetesClient client() {
        return server.createClient();
    }

    /** A kubeconfig that points at this mock. */
    public Path writeKubeconfig(Path dir) throws IOException {
        Path file = dir.resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: mock
                  cluster:
                    server: %s
                contexts:
                - name: mock
                  context:
                    cluster: mock
                    user: tester
                    namespace: default
                current-context: mock
                users:
                - name: tester
                  user:
                    token: test-token
                """.formatted(url()));
        return file;
    }

    @Override
    public void close() {
        stop();
    }

    /** Answers discovery; everything else is the CRUD store. */
    private static final class DiscoveryDispatcher extends KubernetesCrudDispatcher {

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            String path = request.getPath();
            int query = path.indexOf('?');
            String bare = query < 0 ? path : path.substring(0, query);
            if (request.getMethod().equals("GET")) {
                String body = discovery(bare);
                if (body != null) {
                    return new MockResponse().setResponseCode(200).addHeader("Content-Type", "application/json").setBody(body);
                }
                if (bare.startsWith("/openapi")) {
                    return new MockResponse().setResponseCode(404).setBody("");
                }
            }
            return super.dispatch(request);
        }

        private String discovery(String path) {
            try {
                if (path.equals("/version")) {
                    return JSON.writeValueAsString(Map.of("major", "1", "minor", "32", "gitVersion", "v1.32.0",
                            "platform", "linux/amd64"));
                }
                if (path.equals("/api")) {
                    return JSON.writeValueAsString(Map.of("kind", "APIVersions", "versions", List.of("v1"),
                            "serverAddressByClientCIDRs", List.of()));
                }
                String groupVersion = path.equals("/api/v1") ? "v1"
                        : path.startsWith("/apis/") && path.chars().filter(c -> c == '/').count() == 3 ? path.substring(6) : null;
                if (groupVersion == null && !path.equals("/apis")) {
                    return null; // not discovery: no need to read every stored object for the CRDs
                }
                Map<String, List<String[]>> resources = resources();
                if (path.equals("/apis")) {
                    List<Object> groups = new ArrayList<>();
                    Map<String, List<String>> versions = new LinkedHashMap<>();
                    resources.keySet().stream().filter(gv -> gv.contains("/")).forEach(gv -> versions
                            .computeIfAbsent(gv.substring(0, gv.indexOf('/')), g -> new ArrayList<>()).add(gv));
                    versions.forEach((group, gvs) -> {
                        List<Object> list = gvs.stream().<Object>map(gv -> Map.of("groupVersion", gv,
                                "version", gv.substring(gv.indexOf('/') + 1))).toList();
                        groups.add(Map.of("name", group, "versions", list, "preferredVersion", list.get(0)));
                    });
                    return JSON.writeValueAsString(Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups));
                }
                if (!resources.containsKey(groupVersion)) {
                    return null;
                }
                List<Object> list = new ArrayList<>();
                for (String[] resource : resources.get(groupVersion)) {
                    boolean namespaced = Boolean.parseBoolean(resource[2]);
                    list.add(Map.of("name", resource[0], "singularName", resource[1].toLowerCase(), "namespaced", namespaced,
                            "kind", resource[1], "verbs", ALL_VERBS));
                    list.add(Map.of("name", resource[0] + "/status", "singularName", "", "namespaced", namespaced,
                            "kind", resource[1], "verbs", List.of("get", "patch", "update")));
                }
                return JSON.writeValueAsString(Map.of("kind", "APIResourceList", "apiVersion", "v1",
                        "groupVersion", groupVersion, "resources", list));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** The built-ins plus every stored CRD's served versions. */
        private Map<String, List<String[]>> resources() throws IOException {
            Map<String, List<String[]>> all = new LinkedHashMap<>();
            BUILT_IN.forEach((gv, list) -> all.put(gv, new ArrayList<>(list)));
            List<String> stored;
            synchronized (map) {
                stored = new ArrayList<>(map.values());
            }
            for (String json : stored) {
                JsonNode crd = JSON.readTree(json);
                if (!"CustomResourceDefinition".equals(crd.path("kind").asText())) {
                    continue;
                }
                JsonNode spec = crd.path("spec");
                for (JsonNode version : spec.path("versions")) {
                    all.computeIfAbsent(spec.path("group").asText() + "/" + version.path("name").asText(), k -> new ArrayList<>())
                            .add(r(spec.path("names").path("plural").asText(), spec.path("names").path("kind").asText(),
                                    "Namespaced".equals(spec.path("scope").asText())));
                }
            }
            return all;
        }
    }

    /** Runs the real kubectl against the mock; fails with its output when it exits non-zero. */
    public static String kubectl(Path kubeconfig, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("kubectl did not finish: " + command);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " exited " + process.exitValue() + ":\n" + output);
        }
        return output;
    }
}
