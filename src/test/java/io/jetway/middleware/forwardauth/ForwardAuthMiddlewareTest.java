package io.jetway.middleware.forwardauth;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareProbe;
import jakarta.servlet.Filter;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * forwardAuth on in-memory requests against a small auth server: {@code /ok} allows with headers
 * and cookies, {@code /deny} refuses with a relative Location and a body.
 */
class ForwardAuthMiddlewareTest {

    private HttpServer authServer;
    private volatile String seenMethod;
    private volatile Headers seenHeaders;

    @BeforeEach
    void startAuthServer() throws Exception {
        authServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        authServer.createContext("/", exchange -> {
            seenMethod = exchange.getRequestMethod();
            seenHeaders = exchange.getRequestHeaders();
            byte[] body = new byte[0];
            if (exchange.getRequestURI().getPath().equals("/ok")) {
                exchange.getResponseHeaders().add("X-Auth-User", "ann");
                exchange.getResponseHeaders().add("X-Auth-Role", "admin");
                exchange.getResponseHeaders().add("Set-Cookie", "session=1; Path=/");
                exchange.getResponseHeaders().add("Set-Cookie", "tracking=2");
                exchange.sendResponseHeaders(200, -1);
            } else {
                body = "go away".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                exchange.getResponseHeaders().add("Location", "/login");
                exchange.sendResponseHeaders(401, body.length);
            }
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        authServer.start();
    }

    @AfterEach
    void stopAuthServer() {
        authServer.stop(0);
    }

    private Filter forwardAuth(String path, Map<String, Object> more) {
        Map<String, Object> options = new HashMap<>(more);
        options.put("address", "http://127.0.0.1:" + authServer.getAddress().getPort() + path);
        return ForwardAuthMiddleware.create(Node.at("spec.forwardAuth", options), MiddlewareProbe.context());
    }

    @Test
    void anAllowedRequestGoesOnWithTheListedHeadersAndCookies() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/app?x=1").header("Host", "app.test").header("Authorization", "Bearer t")
                .header("X-Auth-User", "forged")
                .run(forwardAuth("/ok", Map.of("authResponseHeaders", List.of("X-Auth-User"),
                        "addAuthCookiesToResponse", List.of("session"))));

        assertTrue(probe.passedOn());
        assertEquals(List.of("ann"), probe.exchange().requestHeader("X-Auth-User"));
        assertEquals(List.of(), probe.exchange().requestHeader("X-Auth-Role"));
        HttpFields.Mutable response = HttpFields.build();
        probe.exchange().edits().applyToResponse(response);
        assertEquals(List.of("session=1; Path=/"), response.getValuesList("Set-Cookie"));
    }

    @Test
    void theAuthServerSeesTheRequestsHeadersAndWhereItWasGoing() throws Exception {
        MiddlewareProbe.request("POST", "/app?x=1").header("Host", "app.test").header("Authorization", "Bearer t")
                .remoteAddr("192.0.2.10").run(forwardAuth("/ok", Map.of()));

        assertEquals("GET", seenMethod);
        assertEquals("Bearer t", seenHeaders.getFirst("Authorization"));
        assertEquals("POST", seenHeaders.getFirst("X-Forwarded-Method"));
        assertEquals("http", seenHeaders.getFirst("X-Forwarded-Proto"));
        assertEquals("app.test", seenHeaders.getFirst("X-Forwarded-Host"));
        assertEquals("/app?x=1", seenHeaders.getFirst("X-Forwarded-Uri"));
        assertEquals("192.0.2.10", seenHeaders.getFirst("X-Forwarded-For"));
    }

    @Test
    void preserveRequestMethodAndAuthRequestHeadersShapeTheCheck() throws Exception {
        MiddlewareProbe.request("DELETE", "/app").header("Authorization", "Bearer t").header("Cookie", "a=b")
                .run(forwardAuth("/ok", Map.of("preserveRequestMethod", true, "authRequestHeaders", List.of("Cookie"))));

        assertEquals("DELETE", seenMethod);
        assertEquals("a=b", seenHeaders.getFirst("Cookie"));
        assertFalse(seenHeaders.containsKey("Authorization"));
    }

    @Test
    void theRegexCopiesMatchingHeadersAndDropsTheClientsOwn() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/app").header("X-Auth-Forged", "yes")
                .run(forwardAuth("/ok", Map.of("authResponseHeadersRegex", "^X-Auth-")));

        assertTrue(probe.passedOn());
        assertEquals(List.of("ann"), probe.exchange().requestHeader("X-Auth-User"));
        assertEquals(List.of("admin"), probe.exchange().requestHeader("X-Auth-Role"));
        assertEquals(List.of(), probe.exchange().requestHeader("X-Auth-Forged"));
    }

    @Test
    void aRefusalGoesBackAsItCameWithTheLocationMadeAbsolute() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/app").run(forwardAuth("/deny", Map.of()));

        assertFalse(probe.passedOn());
        assertEquals(401, probe.status());
        assertEquals("Bearer", probe.responseHeader("WWW-Authenticate"));
        assertEquals("http://127.0.0.1:" + authServer.getAddress().getPort() + "/login", probe.responseHeader("Location"));
        assertEquals("go away", probe.responseBody());
    }

    @Test
    void preserveLocationHeaderKeepsItRelative() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/app").run(forwardAuth("/deny", Map.of("preserveLocationHeader", true)));

        assertEquals("/login", probe.responseHeader("Location"));
    }

    @Test
    void anUnreachableAuthServerGives500() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        Filter auth = ForwardAuthMiddleware.create(Node.at("spec.forwardAuth", Map.of("address", "http://127.0.0.1:" + closed)),
                MiddlewareProbe.context());

        MiddlewareProbe probe = MiddlewareProbe.get("/app").run(auth);

        assertFalse(probe.passedOn());
        assertEquals(500, probe.status());
        assertEquals("", probe.responseBody());
    }

    @Test
    void headerNamesAreMatchedInGosCanonicalForm() {
        assertEquals("X-Auth-User", ForwardAuthMiddleware.canonical("x-auth-user"));
        assertEquals("Www-Authenticate", ForwardAuthMiddleware.canonical("WWW-AUTHENTICATE"));
    }
}
