package io.jetway.e2e;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.jetway.e2e.GatewayHttpRouteEndToEndTest.freePort;
import static io.jetway.e2e.GatewayHttpRouteEndToEndTest.gatewayOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Jetway does with HTTPRoutes beyond Traefik (issue 20) on real sockets: RequestMirror,
 * a rule's timeouts, and an ExtensionRef {@code <namespace>/<name>} to a Middleware of another
 * namespace, allowed by a ReferenceGrant there.
 */
class GatewayHttpRouteExtensionsEndToEndTest {

    @TempDir
    Path dir;

    private JetwayHarness jetway;

    private JetwayHarness start(int port) throws Exception {
        jetway = JetwayHarness.start(Files.createDirectories(dir.resolve("m")), "--entrypoints.gw.address=127.0.0.1:" + port,
                "--providers.kubernetesgateway");
        return jetway;
    }

    @Test
    void aMirroredRequestReachesBothBackendsAndTheClientGetsTheMainOnesAnswer() throws Exception {
        int port = freePort();
        try (Backend main = Backend.echoing(); Backend mirror = Backend.echoing(); JetwayHarness jw = start(port)) {
            jw.write("app.yaml", gatewayOn(port) + Manifests.serviceWithEndpointSlice("main", main.port()) + "---\n"
                    + Manifests.serviceWithEndpointSlice("mirror", mirror.port()) + "---\n" + """
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: HTTPRoute
                    metadata: {name: app, namespace: default}
                    spec:
                      parentRefs: [{name: gw}]
                      rules:
                        - filters:
                            - {type: RequestMirror, requestMirror: {backendRef: {name: mirror, port: 80}}}
                            - {type: RequestMirror, requestMirror: {backendRef: {name: missing, port: 80}}}
                          backendRefs: [{name: main, port: 80}]
                    """);
            ContentResponse r = await(port, "/m/ready", 200);
            assertEquals(200, r.getStatus(), r.getContentAsString());
            ContentResponse answer = jw.getOn(port, "app.local", "/m/1");
            assertEquals(200, answer.getStatus());
            assertEquals("port " + main.port() + " body ", answer.getContentAsString(), "the main backend answers");
            assertEquals("/m/1", main.awaitPath("/m/1").pathAndQuery());
            assertEquals("/m/1", mirror.awaitPath("/m/1").pathAndQuery(), "the mirror got its copy");
            // The mirror whose Service is missing is left out: it broke neither the main traffic nor the good mirror.
            assertEquals(1, mirror.paths().stream().filter(p -> p.equals("/m/1")).count());
        }
    }

    /** Answers at once, except paths starting /slow, answered after 1.5 s. */
    private static final class SlowOnSlash extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            Runnable answer = () -> Content.Sink.write(response, true, "answered " + path, callback);
            if (path.startsWith("/slow")) {
                request.getComponents().getScheduler().schedule(answer, 1500, TimeUnit.MILLISECONDS);
            } else {
                answer.run();
            }
            return true;
        }
    }

    @Test
    void aBackendSlowerThanItsRulesTimeoutGets504AndAFastOnePasses() throws Exception {
        int port = freePort();
        try (Backend backend = Backend.answeredBy(new SlowOnSlash()); JetwayHarness jw = start(port)) {
            jw.write("app.yaml", gatewayOn(port) + Manifests.serviceWithEndpointSlice("b", backend.port()) + "---\n" + """
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: HTTPRoute
                    metadata: {name: app, namespace: default}
                    spec:
                      parentRefs: [{name: gw}]
                      rules:
                        - matches: [{path: {type: Exact, value: /slow-backend}}]
                          timeouts: {backendRequest: 300ms}
                          backendRefs: [{name: b, port: 80}]
                        - matches: [{path: {type: Exact, value: /fast}}]
                          timeouts: {request: 5s, backendRequest: 300ms}
                          backendRefs: [{name: b, port: 80}]
                        - matches: [{path: {type: Exact, value: /slow-request}}]
                          timeouts: {request: 300ms}
                          backendRefs: [{name: b, port: 80}]
                        - matches: [{path: {type: Exact, value: /slow-untimed}}]
                          backendRefs: [{name: b, port: 80}]
                        - matches: [{path: {type: Exact, value: /slow-invalid}}]
                          timeouts: {request: soon}
                          backendRefs: [{name: b, port: 80}]
                    """);
            ContentResponse fast = await(port, "/fast", 200);
            assertEquals(200, fast.getStatus());
            assertEquals("answered /fast", fast.getContentAsString());

            ContentResponse backendTimeout = jw.getOn(port, "app.local", "/slow-backend");
            assertEquals(504, backendTimeout.getStatus(), "backendRequest 300ms, the backend takes 1.5 s");
            assertFalse(backendTimeout.getContentAsString().contains("Exception"), backendTimeout.getContentAsString());
            assertEquals(504, jw.getOn(port, "app.local", "/slow-request").getStatus(), "request 300ms");

            ContentResponse untimed = jw.getOn(port, "app.local", "/slow-untimed");
            assertEquals(200, untimed.getStatus(), "the same backend, without timeouts, answers");
            assertEquals("answered /slow-untimed", untimed.getContentAsString());

            assertEquals(404, jw.getOn(port, "app.local", "/slow-invalid").getStatus(),
                    "the rule with an invalid duration has its router disabled; the others serve");
        }
    }

    private static final String SHARED_MIDDLEWARE = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: stamp, namespace: shared}
            spec:
              headers:
                customRequestHeaders: {X-Shared: "stamped"}
            ---
            """;

    private static final String GRANT = """
            apiVersion: gateway.networking.k8s.io/v1beta1
            kind: ReferenceGrant
            metadata: {name: routes-may-use-stamp, namespace: shared}
            spec:
              from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: default}]
              to: [{group: traefik.io, kind: Middleware, name: stamp}]
            ---
            """;

    @Test
    void aMiddlewareOfAnotherNamespaceAppliesOnlyWithAReferenceGrant() throws Exception {
        int port = freePort();
        try (Backend backend = Backend.start(); JetwayHarness jw = start(port)) {
            String route = """
                    apiVersion: gateway.networking.k8s.io/v1
                    kind: HTTPRoute
                    metadata: {name: app, namespace: default}
                    spec:
                      parentRefs: [{name: gw}]
                      rules:
                        - filters: [{type: ExtensionRef, extensionRef: {group: traefik.io, kind: Middleware, name: shared/stamp}}]
                          backendRefs: [{name: b, port: 80}]
                        - matches: [{path: {type: Exact, value: /bad-extension-ref}}]
                          filters: [{type: ExtensionRef, extensionRef: {group: example.org, kind: Filter, name: x}}]
                          backendRefs: [{name: b, port: 80}]
                    """;
            String common = gatewayOn(port) + Manifests.serviceWithEndpointSlice("b", backend.port()) + "---\n" + SHARED_MIDDLEWARE;
            jw.write("app.yaml", common + route);
            // Answered as a router with a bad ExtensionRef is: 500 from its -err-wrr service, as Traefik.
            int badExtensionRef = await(port, "/bad-extension-ref", 500).getStatus();
            assertEquals(500, badExtensionRef);
            ContentResponse refused = jw.getOn(port, "app.local", "/without-grant");
            assertEquals(badExtensionRef, refused.getStatus(), refused.getContentAsString());
            assertTrue(backend.paths().isEmpty(), String.valueOf(backend.paths()));

            jw.write("app.yaml", common + GRANT + route);
            ContentResponse granted = await(port, "/with-grant", 200);
            assertEquals(200, granted.getStatus(), granted.getContentAsString());
            assertEquals("stamped", backend.awaitPath("/with-grant").headers().get("X-Shared"));
        }
    }

    private ContentResponse await(int port, String path, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ContentResponse last;
        do {
            last = jetway.getOn(port, "app.local", path);
            if (last.getStatus() == status) {
                return last;
            }
            Thread.sleep(25);
        } while (System.nanoTime() < deadline);
        return last;
    }
}
