package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Gateway API provider against fabric8's API server mock (CRUD mode), driven by the real
 * kubectl: Gateway API objects applied to the cluster route requests.
 */
class GatewayKubernetesTest {

    static final Duration LIMIT = Duration.ofSeconds(30);
    static final String NAME_HEADER = "X-Whoami-Name";

    @TempDir
    Path dir;

    private KubeApiMock api;
    private Path kubeconfig;
    private WhoamiServer alpha;
    private JetwayHarness jetway;
    private int port;

    @BeforeEach
    void start() throws Exception {
        api = KubeApiMock.onFreePort();
        kubeconfig = api.writeKubeconfig(dir);
        alpha = WhoamiServer.start("127.0.0.1", 0, "alpha");
        port = GatewayHttpRouteEndToEndTest.freePort();
    }

    @AfterEach
    void stop() throws Exception {
        if (jetway != null) {
            jetway.close();
        }
        api.close();
        alpha.close();
    }

    @Test
    void gatewayApiObjectsAppliedWithKubectlRouteAndFollowChanges() throws Exception {
        api.start();
        apply("crds", Manifests.gatewayApiCrds());
        jetway = JetwayHarness.start(Files.createDirectories(dir.resolve("empty")), "--providers.kubernetesgateway",
                "--providers.kubernetesgateway.endpoint=" + api.url(), "--entrypoints.gw.address=127.0.0.1:" + port,
                "--providers.kubernetesgateway.statusaddress.ip=10.0.0.9", "--ping.entrypoint=web");
        await(null, "/ping", 200, jetway.port());
        apply("whoami", Manifests.serviceWithEndpointSlice("whoami", alpha.port()));
        apply("gateway", GatewayHttpRouteEndToEndTest.gatewayOn(port) + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: whoami, namespace: default}
                spec:
                  parentRefs: [{name: gw}]
                  hostnames: [whoami.example.com]
                  rules:
                    - matches: [{path: {type: PathPrefix, value: /}}]
                      backendRefs: [{name: whoami, port: 80}]
                """);
        ContentResponse routed = await("whoami.example.com", "/hello", 200, port);
        assertEquals("alpha", routed.getHeaders().get(NAME_HEADER));

        // Status: the class, the Gateway and its listener, the route's parent entry.
        String gatewayClass = awaitOutput(o -> o.contains("Handled"), "get", "gatewayclass", "jetway", "-o", "yaml");
        assertTrue(gatewayClass.contains("reason: Handled"), gatewayClass);
        // The features, sorted by name as Traefik writes them.
        assertEquals(String.join(" ", io.jetway.dynamic.GatewayFeatures.SUPPORTED), kubectl("get", "gatewayclass", "jetway",
                "-o", "jsonpath={.status.supportedFeatures[*].name}").strip());
        assertEquals(io.jetway.dynamic.GatewayFeatures.SUPPORTED.stream().sorted().toList(), io.jetway.dynamic.GatewayFeatures.SUPPORTED);
        assertTrue(gatewayClass.contains("- name: HTTPRoute\n") && gatewayClass.contains("- name: TLSRouteModeTerminate"), gatewayClass);
        String gateway = awaitOutput(o -> o.contains("attachedRoutes: 1"), "get", "gateway", "gw", "-o", "yaml");
        assertTrue(gateway.contains("attachedRoutes: 1") && gateway.contains("reason: Programmed")
                && gateway.contains("kind: HTTPRoute"), gateway);
        assertTrue(gateway.contains("type: IPAddress") && gateway.contains("value: 10.0.0.9"), "statusAddress.ip: " + gateway);
        String route = awaitOutput(o -> o.contains("controllerName"), "get", "httproute", "whoami", "-o", "yaml");
        assertTrue(route.contains("controllerName: traefik.io/gateway-controller") && route.contains("reason: Accepted")
                && route.contains("reason: ResolvedRefs"), route);

        // No write when nothing changed: an unrelated change leaves the route's resourceVersion as it is.
        String version = kubectl("get", "httproute", "whoami", "-o", "jsonpath={.metadata.resourceVersion}");
        apply("other", Manifests.serviceWithEndpointSlice("other", alpha.port()));
        Thread.sleep(2000);
        assertEquals(version, kubectl("get", "httproute", "whoami", "-o", "jsonpath={.metadata.resourceVersion}"));

        kubectl("delete", "httproute.gateway.networking.k8s.io", "whoami");
        await("whoami.example.com", "/hello", 404, port);
    }

    @Test
    void aBackendInAnotherNamespaceIsRefusedUntilAReferenceGrantAllowsIt() throws Exception {
        api.start();
        apply("crds", Manifests.gatewayApiCrds());
        jetway = JetwayHarness.start(Files.createDirectories(dir.resolve("empty")), "--providers.kubernetesgateway",
                "--providers.kubernetesgateway.endpoint=" + api.url(), "--entrypoints.gw.address=127.0.0.1:" + port,
                "--ping.entrypoint=web");
        await(null, "/ping", 200, jetway.port());
        apply("whoami", Manifests.serviceWithEndpointSlice("whoami", alpha.port()).replace("namespace: default", "namespace: apps"));
        apply("gateway", GatewayHttpRouteEndToEndTest.gatewayOn(port) + """
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: cross, namespace: default}
                spec:
                  parentRefs: [{name: gw}]
                  rules:
                    - backendRefs: [{name: whoami, namespace: apps, port: 80}]
                """);
        String refused = awaitOutput(o -> o.contains("RefNotPermitted"), "get", "httproute", "cross", "-o", "yaml");
        assertTrue(refused.contains("reason: RefNotPermitted"), refused);
        assertEquals(500, await(null, "/x", 500, port).getStatus(), "the refused backend's share is answered 500, as Traefik");

        apply("grant", """
                apiVersion: gateway.networking.k8s.io/v1beta1
                kind: ReferenceGrant
                metadata: {name: from-default, namespace: apps}
                spec:
                  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}]
                  to: [{group: "", kind: Service}]
                """);
        assertEquals("alpha", await(null, "/x", 200, port).getHeaders().get(NAME_HEADER));
        String repaired = awaitOutput(o -> !o.contains("RefNotPermitted"), "get", "httproute", "cross", "-o", "yaml");
        assertTrue(repaired.contains("reason: ResolvedRefs"), repaired);
    }

    private String awaitOutput(java.util.function.Predicate<String> condition, String... args) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        String out;
        do {
            out = kubectl(args);
            if (condition.test(out)) {
                return out;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return out;
    }

    private ContentResponse await(String host, String path, int status, int onPort) throws Exception {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        ContentResponse last;
        do {
            last = jetway.getOn(onPort, host, path);
            if (last.getStatus() == status) {
                return last;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        assertEquals(status, last.getStatus(), host + path);
        return last;
    }

    private String kubectl(String... args) throws Exception {
        return KubeApiMock.kubectl(kubeconfig, args);
    }

    private void apply(String name, String yaml) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        kubectl("apply", "--validate=false", "-f", file.toString());
    }
}
