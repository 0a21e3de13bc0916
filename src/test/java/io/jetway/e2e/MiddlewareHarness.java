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

    /** A route for Host(host) to the app Service through the named middlewares (YAML flow list items). */
    static String route(String host, String... middlewareRefs) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: app}
                spec:
                  routes:
                    - match: Host(`%s`)
                      middlewares: [%s]
                      services: [{name: app, port: 80}]
                """.formatted(host, String.join(", ", middlewareRefs));
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
