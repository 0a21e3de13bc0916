package io.jetway.e2e;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The errors middleware through real sockets: a backend answering /status/N with status N and its
 * own body, an error-page server that answers every page with its path, and Jetway between them.
 */
class ErrorsMiddlewareTest {

    @TempDir
    Path dir;
    private Backend app;
    private Backend pages;
    private final List<String> pageRequests = new CopyOnWriteArrayList<>();
    private JetwayHarness jetway;

    @BeforeEach
    void start() throws Exception {
        app = Backend.answeredBy(new Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                                  Callback callback) {
                String path = org.eclipse.jetty.server.Request.getPathInContext(request);
                int status = path.startsWith("/status/") ? Integer.parseInt(path.substring(8)) : 200;
                response.setStatus(status);
                response.getHeaders().put("Content-Type", "text/plain");
                response.getHeaders().put("X-Backend", "app");
                response.write(true, ByteBuffer.wrap(("backend body " + status).getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        pages = Backend.answeredBy(new Handler.Abstract() {
            @Override
            public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                                  Callback callback) {
                String target = request.getHttpURI().getPathQuery();
                pageRequests.add(target + " host=" + request.getHeaders().get("Host"));
                response.getHeaders().put("Content-Type", "text/html; charset=utf-8");
                response.write(true, ByteBuffer.wrap(("<h1>page " + target + "</h1>").getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", app.port())
                + Manifests.service("errorpages", pages.port())
                + Manifests.service("dead", deadPort)
                + """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: errorpage}
                spec:
                  errors:
                    status: ["500-599", "404"]
                    query: /{status}.html?from={url}
                    service: {name: errorpages, port: 80}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: teapot}
                spec:
                  errors:
                    status: ["418", "500"]
                    statusRewrites: {"418": 404}
                    query: "{status}-{originalStatus}.html"
                    service: {name: errorpages, port: 80}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: pages-down}
                spec:
                  errors:
                    status: ["500"]
                    query: /{status}.html
                    service: {name: dead, port: 80}
                """
                + route("errors", "errorpage", "app")
                + route("teapot", "teapot", "app")
                + route("unreachable", "errorpage", "dead")
                + route("down", "pages-down", "app"));
        jetway = JetwayHarness.start(manifests);
    }

    private static String route(String name, String middleware, String service) {
        return """
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: %s}
                spec:
                  routes:
                    - match: Host(`%s.localhost`)
                      middlewares: [{name: %s}]
                      services: [{name: %s, port: 80}]
                """.formatted(name, name, middleware, service);
    }

    @AfterEach
    void stop() throws Exception {
        jetway.close();
        app.close();
        pages.close();
    }

    @Test
    void aCaughtStatusGetsTheServicesPageWithTheOriginalStatus() throws Exception {
        ContentResponse notFound = jetway.get("errors.localhost", "/status/404?x=a%20b");
        assertEquals(404, notFound.getStatus());
        assertEquals("<h1>page /404.html?from=%2Fstatus%2F404%3Fx%3Da%2520b</h1>", notFound.getContentAsString());
        assertTrue(notFound.getHeaders().get("Content-Type").startsWith("text/html"), "the page's type");
        assertEquals(null, notFound.getHeaders().get("X-Backend"), "the backend's headers go with its body");
        assertEquals(List.of("/404.html?from=%2Fstatus%2F404%3Fx%3Da%2520b host=errors.localhost"), pageRequests);

        ContentResponse serverError = jetway.get("errors.localhost", "/status/503");
        assertEquals(503, serverError.getStatus());
        assertEquals("<h1>page /503.html?from=%2Fstatus%2F503</h1>", serverError.getContentAsString());
    }

    @Test
    void otherStatusesPassUntouched() throws Exception {
        for (int status : new int[]{200, 403, 499}) {
            ContentResponse r = jetway.get("errors.localhost", "/status/" + status);
            assertEquals(status, r.getStatus());
            assertEquals("backend body " + status, r.getContentAsString());
            assertEquals("app", r.getHeaders().get("X-Backend"));
        }
        assertEquals(List.of(), pageRequests);
    }

    @Test
    void anUnreachableBackendsBadGatewayGetsThePageToo() throws Exception {
        ContentResponse r = jetway.get("unreachable.localhost", "/x");
        assertEquals(502, r.getStatus());
        assertEquals("<h1>page /502.html?from=%2Fx</h1>", r.getContentAsString());
    }

    @Test
    void statusRewritesChangeTheStatusAndFillBothPlaceholders() throws Exception {
        ContentResponse r = jetway.get("teapot.localhost", "/status/418");
        assertEquals(404, r.getStatus());
        assertEquals("<h1>page /404-418.html</h1>", r.getContentAsString());
        ContentResponse notRewritten = jetway.get("teapot.localhost", "/status/500");
        assertEquals(500, notRewritten.getStatus());
        assertEquals("<h1>page /500-500.html</h1>", notRewritten.getContentAsString());
    }

    @Test
    void whenTheErrorServiceFailsTheOriginalStatusStillGoesOut() throws Exception {
        ContentResponse r = jetway.get("down.localhost", "/status/500");
        assertEquals(500, r.getStatus());
        assertTrue(!r.getContentAsString().contains("backend body"), r.getContentAsString());
    }
}
