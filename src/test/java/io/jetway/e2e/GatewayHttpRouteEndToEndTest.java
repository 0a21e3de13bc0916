package io.jetway.e2e;

import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gateway API (issue 20) on real sockets: a Gateway and HTTPRoutes in the manifests directory,
 * read with --providers.kubernetesgateway, routing to real backends.
 */
class GatewayHttpRouteEndToEndTest {

    @TempDir
    Path dir;

    /** A port nobody listens on now: a listener names an entry point by its fixed port. */
    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static String gatewayOn(int port) {
        return """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: jetway}
                spec: {controllerName: traefik.io/gateway-controller}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: default}
                spec:
                  gatewayClassName: jetway
                  listeners:
                    - {name: http, protocol: HTTP, port: %d}
                ---
                """.formatted(port);
    }

    @Test
    void anHttpRouteRoutesByHostPathAndWeightAndFollowsChanges() throws Exception {
        int port = freePort();
        try (Backend a = Backend.start(); Backend b = Backend.start();
             JetwayHarness jetway = JetwayHarness.start(Files.createDirectories(dir.resolve("m")),
                     "--entrypoints.gw.address=127.0.0.1:" + port, "--providers.kubernetesgateway")) {
            current = jetway;
            jetway.write("app.yaml", gatewayOn(port) + Manifests.serviceWithEndpointSlice("a", a.port()) + "---\n"
                    + Manifests.serviceWithEndpointSlice("b", b.port()) + "---\n" + """
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: HTTPRoute
                    metadata: {name: app, namespace: default}
                    spec:
                      parentRefs: [{name: gw}]
                      hostnames: [app.example.com]
                      rules:
                        - matches: [{path: {type: PathPrefix, value: /a}}]
                          backendRefs: [{name: a, port: 80}]
                        - matches: [{path: {type: Exact, value: /split}}]
                          backendRefs: [{name: a, port: 80, weight: 1}, {name: b, port: 80, weight: 3}]
                    """);
            ContentResponse first = await(port, "app.example.com", "/a/x", 200);
            assertEquals(200, first.getStatus(), first.getContentAsString());
            assertEquals("/a/x", a.awaitPath("/a/x").pathAndQuery());
            assertEquals(404, get(port, "app.example.com", "/b").getStatus(), "no rule matches /b");
            assertEquals(404, get(port, "other.example.com", "/a/x").getStatus(), "another host");
            assertEquals(404, get(port, "app.example.com", "/ab").getStatus(), "PathPrefix /a is a whole segment");

            int before = a.requestCount() + b.requestCount();
            for (int i = 0; i < 40; i++) {
                assertEquals(200, get(port, "app.example.com", "/split").getStatus());
            }
            long toB = b.received().stream().filter(r -> r.pathAndQuery().equals("/split")).count();
            long toA = a.received().stream().filter(r -> r.pathAndQuery().equals("/split")).count();
            assertEquals(40, toA + toB, "all 40 reached a backend (" + before + " before)");
            assertEquals(30, toB, "weights 1:3 over 40 requests, by weighted round robin");

            // A change to the route is live without a restart.
            jetway.write("app.yaml", gatewayOn(port) + Manifests.serviceWithEndpointSlice("a", a.port()) + "---\n" + """
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: HTTPRoute
                    metadata: {name: app, namespace: default}
                    spec:
                      parentRefs: [{name: gw}]
                      hostnames: [app.example.com]
                      rules:
                        - matches: [{path: {type: PathPrefix, value: /new}}]
                          backendRefs: [{name: a, port: 80}]
                    """);
            assertEquals(200, await(port, "app.example.com", "/new/1", 200).getStatus());
            assertEquals(404, await(port, "app.example.com", "/a/x", 404).getStatus());
        }
    }

    @Test
    void filtersOfAnHttpRouteEditWhatReachesTheBackendAndTheClient() throws Exception {
        int port = freePort();
        try (Backend a = Backend.start();
             JetwayHarness jetway = JetwayHarness.start(Files.createDirectories(dir.resolve("m")),
                     "--entrypoints.gw.address=127.0.0.1:" + port, "--providers.kubernetesgateway")) {
            current = jetway;
            jetway.write("app.yaml", gatewayOn(port) + Manifests.serviceWithEndpointSlice("a", a.port()) + "---\n" + """
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: HTTPRoute
                    metadata: {name: app, namespace: default}
                    spec:
                      parentRefs: [{name: gw}]
                      rules:
                        - matches: [{path: {type: PathPrefix, value: /old}}]
                          filters:
                            - type: RequestHeaderModifier
                              requestHeaderModifier: {set: [{name: X-Set, value: s}], add: [{name: X-Add, value: two}], remove: [X-Drop]}
                            - type: URLRewrite
                              urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /new}}
                            - type: ResponseHeaderModifier
                              responseHeaderModifier: {add: [{name: X-Answer, value: yes}]}
                          backendRefs: [{name: a, port: 80}]
                        - matches: [{path: {type: Exact, value: /moved}}]
                          filters:
                            - type: RequestRedirect
                              requestRedirect: {scheme: https, hostname: example.org, statusCode: 301}
                    """);
            ContentResponse r = await(port, "app.local", "/old/page?q=1", 200);
            assertEquals(200, r.getStatus(), r.getContentAsString());
            assertEquals("yes", r.getHeaders().get("X-Answer"));
            Backend.Received got = a.awaitPath("/new/page?q=1");
            assertEquals("s", got.headers().get("X-Set"));
            assertEquals("two", got.headers().get("X-Add"));

            ContentResponse moved = await(port, "app.local", "/moved", 301);
            assertEquals("https://example.org/moved", moved.getHeaders().get("Location"));
        }
    }

    @Test
    void withoutTheProviderGatewayObjectsAreReportedNotRouted() throws Exception {
        int port = freePort();
        try (Backend a = Backend.start();
             JetwayHarness jetway = JetwayHarness.start(Files.createDirectories(dir.resolve("m")),
                     "--entrypoints.gw.address=127.0.0.1:" + port)) {
            current = jetway;
            jetway.write("app.yaml", gatewayOn(port) + Manifests.serviceWithEndpointSlice("a", a.port()) + "---\n" + """
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: HTTPRoute
                    metadata: {name: app, namespace: default}
                    spec:
                      parentRefs: [{name: gw}]
                      rules: [{backendRefs: [{name: a, port: 80}]}]
                    """ + "---\n" + Manifests.service("plain", a.port()) + Manifests.route("plain", "Path(`/ready`)", "plain"));
            assertEquals(200, jetway.awaitResponse(null, "/ready", r -> r.getStatus() == 200, Duration.ofSeconds(20)).getStatus());
            assertEquals(404, get(port, "x", "/").getStatus());
            assertTrue(a.paths().stream().noneMatch(p -> p.equals("/")), String.valueOf(a.paths()));
        }
    }

    private JetwayHarness current;

    private ContentResponse get(int port, String host, String path) throws Exception {
        return current.getOn(port, host, path);
    }

    private ContentResponse await(int port, String host, String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ContentResponse last;
        do {
            last = get(port, host, path);
            if (last.getStatus() == status) {
                return last;
            }
            Thread.sleep(25);
        } while (System.nanoTime() < deadline);
        return last;
    }
}
