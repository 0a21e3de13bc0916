package io.jetway.e2e;

import io.jetway.bootstrap.ServedTables;
import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.MiddlewareConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.ServiceConfig;
import io.jetway.kube.ObjectRef;
import io.jetway.routing.BalancerState;
import io.jetway.routing.RouterStatus;
import io.jetway.routing.RoutingTable;
import io.jetway.routing.RoutingTableBuilder;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Gateway API's filters (gatewayRequestHeaderModifier, gatewayResponseHeaderModifier,
 * gatewayRequestRedirect, gatewayUrlRewrite) through a running Jetway to real backends. No
 * provider emits them yet, so the test builds the dynamic configuration the Gateway API
 * translator will make (middlewares named {@code @kubernetesgateway}) and serves its table.
 */
class GatewayFiltersEndToEndTest {

    private static final ObjectRef ROUTE = new ObjectRef("HTTPRoute", "default", "app");

    @TempDir
    static Path dir;

    private static Backend recording;
    private static Backend answering;
    private static JetwayHarness jetway;
    private static RoutingTable table;

    @BeforeAll
    static void start() throws Exception {
        recording = Backend.start();
        answering = Backend.answeredBy(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.getHeaders().add("X-Env", "dev").add("X-Tag", "a").add("X-Drop", "d").add("X-Kept", "k");
                Content.Sink.write(response, true, "answer", callback);
                return true;
            }
        });
        jetway = JetwayHarness.start(Files.createDirectories(dir.resolve("manifests")));

        Map<String, RouterConfig> routers = new HashMap<>();
        Map<String, MiddlewareConfig> middlewares = new HashMap<>();
        route(routers, "reqmod", "Host(`reqmod.test`)", "recording", middleware(middlewares, "reqmod",
                "gatewayRequestHeaderModifier", Map.of(
                        "set", List.of(header("Host", "backend.internal"), header("X-Env", "prod")),
                        "add", List.of(header("X-Tag", "b")),
                        "remove", List.of("x-secret"))));
        route(routers, "rewrite", "Host(`rewrite.test`) && PathPrefix(`/old`)", "recording", middleware(middlewares,
                "rewrite", "gatewayUrlRewrite", Map.of("hostname", "rewritten.internal", "pathPrefix", "/old",
                        "path", Map.of("type", "ReplacePrefixMatch", "replacePrefixMatch", "/new"))));
        route(routers, "redirect", "Host(`redirect.test`) && PathPrefix(`/old`)", "recording", middleware(middlewares,
                "redirect", "gatewayRequestRedirect", Map.of("scheme", "https", "hostname", "secure.test", "statusCode", 301,
                        "pathPrefix", "/old", "path", Map.of("type", "ReplacePrefixMatch", "replacePrefixMatch", "/new"))));
        route(routers, "moved", "Host(`moved.test`)", "recording", middleware(middlewares, "moved",
                "gatewayRequestRedirect", Map.of("path", Map.of("type", "ReplaceFullPath", "replaceFullPath", "/moved"))));
        route(routers, "respmod", "Host(`respmod.test`)", "answering", middleware(middlewares, "respmod",
                "gatewayResponseHeaderModifier", Map.of(
                        "set", List.of(header("x-env", "prod")),
                        "add", List.of(header("X-Tag", "b"), header("X-New", "n")),
                        "remove", List.of("X-Drop"))));
        route(routers, "respredirect", "Host(`respredirect.test`)", "recording",
                middleware(middlewares, "respredirect-h", "gatewayResponseHeaderModifier",
                        Map.of("add", List.of(header("X-Added", "1")))),
                middleware(middlewares, "respredirect-r", "gatewayRequestRedirect", Map.of("scheme", "https")));
        route(routers, "unreachable", "Host(`unreachable.test`)", "closed",
                middleware(middlewares, "unreachable", "gatewayResponseHeaderModifier",
                        Map.of("add", List.of(header("X-Added", "1")))));
        route(routers, "empty", "Host(`empty.test`)", "recording",
                middleware(middlewares, "empty", "gatewayUrlRewrite", Map.of("pathPrefix", "/")));
        // A Middleware manifest's kind cannot be one of these: only @kubernetesgateway middlewares are built with them.
        String crd = "default-sneaky@kubernetescrd";
        middlewares.put(crd, new MiddlewareConfig(crd, "gatewayUrlRewrite", Map.of("hostname", "x.test"), ROUTE));
        route(routers, "crd", "Host(`crd.test`)", "recording", crd);

        int closedPort;
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = closed.getLocalPort();
        }
        Map<String, ServiceConfig> services = Map.of(
                "recording", service(recording.port()),
                "answering", service(answering.port()),
                "closed", service(closedPort));
        table = RoutingTableBuilder.build(new DynamicConfig(routers, services, middlewares, List.of()), List.of("web"),
                new BalancerState());
        ServedTables.serve(jetway.server, table);
    }

    @AfterAll
    static void stop() throws Exception {
        jetway.close();
        recording.close();
        answering.close();
    }

    private static Map<String, Object> header(String name, String value) {
        return Map.of("name", name, "value", value);
    }

    private static String middleware(Map<String, MiddlewareConfig> all, String name, String type, Map<String, Object> options) {
        String qualified = "httproute-default-app-" + name + "@kubernetesgateway";
        all.put(qualified, new MiddlewareConfig(qualified, type, options, ROUTE));
        return qualified;
    }

    private static void route(Map<String, RouterConfig> routers, String name, String rule, String service, String... middlewares) {
        String qualified = "httproute-default-app-" + name + "@kubernetesgateway";
        routers.put(qualified, new RouterConfig(qualified, List.of("web"), rule, 0, "v3", List.of(middlewares), service, ROUTE));
    }

    private static ServiceConfig service(int port) {
        return new ServiceConfig.LoadBalancer(List.of(new ServiceConfig.Server("http://127.0.0.1:" + port, 1)), true,
                Duration.ofMillis(100), "wrr", null, null, ROUTE);
    }

    private static RouterStatus status(String name) {
        return table.routerStatuses().stream().filter(s -> s.name().equals("httproute-default-app-" + name + "@kubernetesgateway"))
                .findFirst().orElseThrow();
    }

    @Test
    void theRequestHeaderModifierEditsWhatTheBackendGets() throws Exception {
        ContentResponse r = jetway.request("reqmod.test", "/p?q=1")
                .headers(h -> h.add("X-Env", "dev").add("X-Tag", "a").add("X-Secret", "s").add("X-Kept", "k")).send();

        assertEquals(200, r.getStatus(), r.getContentAsString());
        HttpFields got = recording.awaitPath("/p?q=1").headers();
        assertEquals("backend.internal", got.get("Host"));
        assertEquals(List.of("prod"), got.getValuesList("X-Env"));
        assertEquals(List.of("a", "b"), got.getValuesList("X-Tag"));
        assertNull(got.get("X-Secret"));
        assertEquals("k", got.get("X-Kept"));
        assertEquals("reqmod.test", got.get("X-Forwarded-Host"), "the client's host, as the entry point saw it");
    }

    @Test
    void theUrlRewriteForwardsTheNewHostAndPath() throws Exception {
        ContentResponse r = jetway.get("rewrite.test", "/old/a/b/?q=1");

        assertEquals(200, r.getStatus(), r.getContentAsString());
        HttpFields got = recording.awaitPath("/new/a/b/?q=1").headers();
        assertEquals("rewritten.internal", got.get("Host"));
        assertNull(got.get("X-Replaced-Path"));
    }

    @Test
    void theRequestRedirectAnswersWithTheNewUrl() throws Exception {
        int before = recording.requestCount();
        ContentResponse r = jetway.get("redirect.test:8080", "/old/x?q=1");

        assertEquals(301, r.getStatus());
        assertEquals("https://secure.test/new/x?q=1", r.getHeaders().get("Location"));
        assertEquals("Moved Permanently", r.getContentAsString());

        ContentResponse moved = jetway.get("moved.test:8080", "/a/b?q=1");
        assertEquals(302, moved.getStatus());
        assertEquals("http://moved.test:8080/moved?q=1", moved.getHeaders().get("Location"), "no scheme given: the port is kept");
        assertEquals("Found", moved.getContentAsString());
        assertEquals(before, recording.requestCount(), "a redirect never reaches the backend");
    }

    @Test
    void theResponseHeaderModifierEditsTheBackendsAnswer() throws Exception {
        ContentResponse r = jetway.get("respmod.test", "/");

        assertEquals(200, r.getStatus());
        assertEquals("answer", r.getContentAsString());
        assertEquals(List.of("prod"), r.getHeaders().getValuesList("X-Env"));
        assertEquals(List.of("a", "b"), r.getHeaders().getValuesList("X-Tag"));
        assertEquals(List.of("n"), r.getHeaders().getValuesList("X-New"));
        assertNull(r.getHeaders().get("X-Drop"));
        assertEquals("k", r.getHeaders().get("X-Kept"));
    }

    @Test
    void theResponseHeaderModifierEditsALaterRedirectOnce() throws Exception {
        ContentResponse r = jetway.get("respredirect.test", "/p");

        assertEquals(302, r.getStatus());
        assertEquals("https://respredirect.test/p", r.getHeaders().get("Location"));
        assertEquals(List.of("1"), r.getHeaders().getValuesList("X-Added"));
    }

    @Test
    void theResponseHeaderModifierEditsTheProxysOwnErrorAnswerOnce() throws Exception {
        ContentResponse r = jetway.get("unreachable.test", "/");

        assertEquals(502, r.getStatus());
        assertEquals(List.of("1"), r.getHeaders().getValuesList("X-Added"));
    }

    @Test
    void badOrMisplacedFiltersDisableOnlyTheirRouters() throws Exception {
        assertEquals(RouterStatus.DISABLED, status("empty").status());
        assertTrue(status("empty").errors().get(0).contains(
                "spec.gatewayUrlRewrite: a URL rewrite needs a hostname or a path, it has neither"), status("empty").errors().toString());
        assertEquals(List.of("middleware \"default-sneaky@kubernetescrd\" of type gatewayUrlRewrite is not supported yet"),
                status("crd").errors());
        assertEquals(404, jetway.get("empty.test", "/").getStatus());
        assertEquals(404, jetway.get("crd.test", "/").getStatus());
        assertEquals(RouterStatus.ENABLED, status("rewrite").status());
    }
}
