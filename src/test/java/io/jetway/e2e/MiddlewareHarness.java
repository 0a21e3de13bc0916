package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jetway in front of one whoami backend, with the Middleware manifests and the route a test gives:
 * what the backend received is in the response body (request line, then headers).
 */
final class MiddlewareHarness implements AutoCloseable {

    final WhoamiServer backend;
    final JetwayHarness jetway;

    private MiddlewareHarness(WhoamiServer backend, JetwayHarness jetway) {
        this.backend = backend;
        this.jetway = jetway;
    }

    /**
     * @param middlewares Middleware manifests (YAML documents)
     * @param route       an IngressRoute for the "app" Service on port 80
     */
    static MiddlewareHarness start(Path dir, String middlewares, String route, String... flags) throws Exception {
        WhoamiServer backend = WhoamiServer.start("127.0.0.1", 0, "app");
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", backend.port())
                + middlewares + (middlewares.endsWith("\n") ? "" : "\n") + "---\n" + route);
        return new MiddlewareHarness(backend, JetwayHarness.start(manifests, flags));
    }

    /**
     * A Middleware {@code bad} of {@code kind} with {@code options}, used by one router while
     * another router serves without it: the first must be disabled (404) with an error naming the
     * middleware and containing {@code message}, the other must keep serving.
     */
    static void assertBadOptionsDisableOnlyTheirRouters(Path dir, String kind, String options, String message) throws Exception {
        String middlewares = """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: bad}
                spec:
                  %s: %s
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: good}
                spec:
                  routes:
                    - match: Host(`good.localhost`)
                      services: [{name: app, port: 80}]
                """.formatted(kind, options);
        try (MiddlewareHarness h = start(dir, middlewares, Manifests.appRoute("bad.localhost", "{name: bad}"))) {
            org.junit.jupiter.api.Assertions.assertEquals(404, h.get("bad.localhost", "/").getStatus(), "the router using it is disabled");
            org.junit.jupiter.api.Assertions.assertEquals(200, h.get("good.localhost", "/").getStatus(), "everything else serves");
            String errors = h.jetway.server.routerStatuses() + " " + h.jetway.server.routingTable().config().problems();
            org.junit.jupiter.api.Assertions.assertTrue(errors.contains(message) && errors.contains("default-bad@kubernetescrd"), errors);
        }
    }

    ContentResponse get(String host, String path) throws Exception {
        return jetway.get(host, path);
    }

    /** The request line the backend received, e.g. {@code GET /api/users HTTP/1.1}. */
    static String requestLine(ContentResponse r) {
        return r.getContentAsString().lines().filter(l -> l.matches("^[A-Z]+ /.* HTTP/.*")).findFirst().orElse("");
    }

    /** A header the backend received, or null. */
    static String receivedHeader(ContentResponse r, String name) {
        String prefix = name.toLowerCase() + ": ";
        return r.getContentAsString().lines().filter(l -> l.toLowerCase().startsWith(prefix))
                .map(l -> l.substring(prefix.length())).findFirst().orElse(null);
    }

    @Override
    public void close() throws Exception {
        jetway.close();
        backend.close();
    }
}
