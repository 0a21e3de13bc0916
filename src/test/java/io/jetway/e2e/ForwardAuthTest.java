package io.jetway.e2e;

import io.jetway.util.TestCertificates.Issued;
import io.jetway.util.TestCertificates;
import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.jetway.e2e.MiddlewareHarness.receivedHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** forwardAuth through Jetway to a real auth server started by the test. */
class ForwardAuthTest {

    /** Seed 003's jwt-auth Middleware as written. */
    static final String SEED_003_JWT_AUTH = Manifests.seedExample("003_0192", 0);

    /** The oauth2-proxy Service the seed's address names, with the test's auth server behind it. */
    static String oauth2ProxyService(int authPort) {
        return """
                apiVersion: v1
                kind: Service
                metadata: {name: oauth2-proxy, namespace: auth}
                spec:
                  ports: [{name: http, port: 4180, targetPort: http}]
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: oauth2-proxy, namespace: auth}
                subsets:
                  - addresses: [{ip: 127.0.0.1}]
                    ports: [{name: http, port: %d}]
                """.formatted(authPort);
    }

    /** Jetway with a whoami "app" Service in the namespace, a route to it through the middleware, and more manifests. */
    private static final class Setup implements AutoCloseable {
        final WhoamiServer backend;
        final JetwayHarness jetway;

        Setup(Path dir, String namespace, String middleware, String manifests, String... flags) throws Exception {
            backend = WhoamiServer.start("127.0.0.1", 0, "app");
            Path dirM = Files.createDirectories(dir.resolve("manifests"));
            String service = Manifests.service("app", backend.port()).replace("metadata:\n", "metadata:\n  namespace: " + namespace + "\n");
            Files.writeString(dirM.resolve("app.yaml"), service + manifests + "\n---\n" + """
                    apiVersion: traefik.io/v1alpha1
                    kind: IngressRoute
                    metadata: {name: api, namespace: %s}
                    spec:
                      routes:
                        - match: Host(`api.example.com`)
                          kind: Rule
                          middlewares: [{name: %s}]
                          services: [{name: app, port: 80}]
                    """.formatted(namespace, middleware));
            jetway = JetwayHarness.start(dirM, flags);
        }

        ContentResponse get(String path, String... headers) throws Exception {
            return send("GET", path, headers);
        }

        ContentResponse send(String method, String path, String... headers) throws Exception {
            return jetway.request("api.example.com", path).method(method).headers(m -> {
                for (int i = 0; i < headers.length; i += 2) {
                    m.add(headers[i], headers[i + 1]);
                }
            }).send();
        }

        @Override
        public void close() throws Exception {
            jetway.close();
            backend.close();
        }
    }

    @Test
    void seed003JwtAuthAllowsCopiesTheListedHeadersAndSendsTheForwardedOnes(@TempDir Path dir) throws Exception {
        try (Backend auth = Backend.forwardAuth();
             Setup s = new Setup(dir, "production", "jwt-auth", SEED_003_JWT_AUTH + "---\n" + oauth2ProxyService(auth.port()))) {
            ContentResponse r = s.send("POST", "/api/v2/items?q=1", "Authorization", "Bearer good",
                    "X-Auth-User", "mallory", "X-Forwarded-Uri", "/spoofed", "X-Custom", "kept");
            assertEquals(200, r.getStatus(), r.getContentAsString());
            assertEquals("alice", receivedHeader(r, "X-Auth-User"), "the auth server's value replaces the client's");
            assertEquals("alice@example.com", receivedHeader(r, "X-Auth-Email"));
            assertNull(receivedHeader(r, "X-Auth-Role"), "not listed in authResponseHeaders");
            assertEquals("POST /api/v2/items?q=1 HTTP/1.1", MiddlewareHarness.requestLine(r));

            Backend.Received check = auth.next();
            assertEquals("GET", check.method(), "Traefik checks with GET");
            assertEquals("/oauth2/auth", check.pathAndQuery());
            assertEquals("oauth2-proxy.auth.svc.cluster.local:4180", check.headers().get("Host"));
            assertEquals("Bearer good", check.headers().get("Authorization"));
            assertEquals("kept", check.headers().get("X-Custom"), "the request's headers go along");
            assertEquals("POST", check.headers().get("X-Forwarded-Method"));
            assertEquals("http", check.headers().get("X-Forwarded-Proto"));
            assertEquals("api.example.com", check.headers().get("X-Forwarded-Host"));
            assertEquals("/api/v2/items?q=1", check.headers().get("X-Forwarded-Uri"),
                    "trustForwardHeader does not trust a peer the entry point does not trust");
            assertEquals("127.0.0.1", check.headers().get("X-Forwarded-For"));
        }
    }

    @Test
    void aDenialGoesBackToTheClientAsTheAuthServerSentIt(@TempDir Path dir) throws Exception {
        try (Backend auth = Backend.forwardAuth();
             Setup s = new Setup(dir, "production", "jwt-auth", SEED_003_JWT_AUTH + "---\n" + oauth2ProxyService(auth.port()))) {
            ContentResponse denied = s.get("/api/v2/items");
            assertEquals(401, denied.getStatus());
            assertEquals("{\"error\":\"please log in\"}", denied.getContentAsString());
            assertEquals("Bearer realm=\"auth\"", denied.getHeaders().get("WWW-Authenticate"));
            assertEquals("missing-token", denied.getHeaders().get("X-Reason"));
            assertEquals("application/json", denied.getHeaders().get("Content-Type"));

            ContentResponse forbidden = s.get("/", "Authorization", "Bearer forbidden");
            assertEquals(403, forbidden.getStatus());
            assertEquals("forbidden by auth", forbidden.getContentAsString());

            ContentResponse redirect = s.get("/", "Authorization", "Bearer redirect");
            assertEquals(302, redirect.getStatus());
            assertEquals("http://oauth2-proxy.auth.svc.cluster.local:4180/login?rd=1", redirect.getHeaders().get("Location"),
                    "a relative Location is made absolute against the address");
        }
    }

    @Test
    void regexHeadersRequestHeaderFilterCookiesAndTrustedPeers(@TempDir Path dir) throws Exception {
        try (Backend auth = Backend.forwardAuth()) {
            String middleware = """
                    apiVersion: traefik.io/v1alpha1
                    kind: Middleware
                    metadata: {name: fa, namespace: default}
                    spec:
                      forwardAuth:
                        address: http://127.0.0.1:%d/check
                        trustForwardHeader: true
                        authResponseHeadersRegex: ^X-Auth-(User|Role)$
                        authRequestHeaders: [Authorization, Accept]
                        addAuthCookiesToResponse: [session]
                        preserveLocationHeader: true
                    """.formatted(auth.port());
            try (Setup s = new Setup(dir, "default", "fa", middleware, "--entrypoints.web.forwardedheaders.insecure=true")) {
                ContentResponse r = s.get("/x", "Authorization", "Bearer good", "X-Auth-Role", "guest", "X-Custom", "dropped",
                        "X-Forwarded-Uri", "/as-forwarded", "X-Forwarded-For", "203.0.113.9");
                assertEquals(200, r.getStatus());
                assertEquals("alice", receivedHeader(r, "X-Auth-User"));
                assertEquals("admin", receivedHeader(r, "X-Auth-Role"));
                assertNull(receivedHeader(r, "X-Auth-Email"), "the regex does not match it");
                List<String> cookies = r.getHeaders().getValuesList("Set-Cookie");
                assertEquals(List.of("session=abc; Path=/; HttpOnly"), cookies, "only the listed auth cookie reaches the client");

                Backend.Received check = auth.next();
                assertNull(check.headers().get("X-Custom"), "only authRequestHeaders are sent");
                assertEquals("Bearer good", check.headers().get("Authorization"));
                assertEquals("/as-forwarded", check.headers().get("X-Forwarded-Uri"), "trusted peer, trusted header");
                assertEquals("203.0.113.9, 127.0.0.1", check.headers().get("X-Forwarded-For"));

                ContentResponse redirect = s.get("/", "Authorization", "Bearer redirect");
                assertEquals("/login?rd=1", redirect.getHeaders().get("Location"), "preserveLocationHeader");
            }
        }
    }

    @Test
    void anUnreachableAuthServerGives500(@TempDir Path dir) throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        String middleware = """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: fa, namespace: default}
                spec:
                  forwardAuth: {address: 'http://127.0.0.1:%d/check'}
                """.formatted(closedPort);
        try (Setup s = new Setup(dir, "default", "fa", middleware)) {
            ContentResponse r = s.get("/", "Authorization", "Bearer good");
            assertEquals(500, r.getStatus());
            assertFalse(r.getContentAsString().contains("Hostname"), "the backend was not reached");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "CA and client certificate  | {caSecret: auth-ca, certSecret: auth-client}                 | 200",
            "no client certificate      | {caSecret: auth-ca}                                          | 500",
            "unknown CA                 | {}                                                           | 500",
            "skip verify with cert      | {insecureSkipVerify: true, certSecret: auth-client}          | 200",
    })
    void tlsToTheAuthServerFromSecrets(String label, String tls, int status, @TempDir Path dir) throws Exception {
        Issued ca = TestCertificates.ca("auth-ca");
        Issued server = TestCertificates.issue(ca, "auth-server", false, "127.0.0.1");
        Issued client = TestCertificates.issue(ca, "jetway", true);
        try (Backend auth = Backend.forwardAuthHttps(server.keyStore(), TestCertificates.PASSWORD, ca.trustStore())) {
            String manifests = """
                    apiVersion: v1
                    kind: Secret
                    metadata: {name: auth-ca, namespace: default}
                    data: {ca.crt: %s}
                    ---
                    apiVersion: v1
                    kind: Secret
                    metadata: {name: auth-client, namespace: default}
                    type: kubernetes.io/tls
                    data: {tls.crt: %s, tls.key: %s}
                    ---
                    apiVersion: traefik.io/v1alpha1
                    kind: Middleware
                    metadata: {name: fa, namespace: default}
                    spec:
                      forwardAuth:
                        address: https://127.0.0.1:%d/check
                        tls: %s
                    """.formatted(TestCertificates.base64(ca.certificatePem()), TestCertificates.base64(client.certificatePem()),
                    TestCertificates.base64(client.traditionalPrivateKeyPem()), auth.port(), tls);
            try (Setup s = new Setup(dir, "default", "fa", manifests)) {
                assertEquals(status, s.get("/", "Authorization", "Bearer good").getStatus());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing CA Secret     | {address: 'http://127.0.0.1:1/a', tls: {caSecret: nope}}        | spec.forwardAuth.tls.caSecret: Secret default/nope not found",
            "Secret without a CA   | {address: 'http://127.0.0.1:1/a', tls: {caSecret: not-a-ca}}    | spec.forwardAuth.tls.caSecret: Secret default/not-a-ca has no key tls.ca or ca.crt",
            "no address            | {trustForwardHeader: true}                                      | spec.forwardAuth.address: is required",
            "bad address           | {address: 'oauth2-proxy:4180'}                                  | spec.forwardAuth.address: must be an http or https URL",
            "bad regex             | {address: 'http://127.0.0.1:1/a', authResponseHeadersRegex: '(' } | spec.forwardAuth.authResponseHeadersRegex: invalid regular expression",
    })
    void badInputDisablesTheRoutersUsingIt(String label, String options, String message, @TempDir Path dir) throws Exception {
        String manifests = """
                apiVersion: v1
                kind: Secret
                metadata: {name: not-a-ca, namespace: default}
                stringData: {other: x}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: fa, namespace: default}
                spec:
                  forwardAuth: %s
                """.formatted(options);
        try (Setup s = new Setup(dir, "default", "fa", manifests)) {
            assertEquals(404, s.get("/").getStatus(), "the router using it is disabled");
            String errors = s.jetway.server.routerStatuses().toString();
            assertTrue(errors.contains("middleware \"default-fa@kubernetescrd\""), errors);
            assertTrue(errors.contains(message), errors);
        }
    }

    @Test
    void theCheckLeavesHopByHopHeadersAndTheOnesConnectionNamesBehind(@TempDir Path dir) throws Exception {
        try (Backend auth = Backend.forwardAuth()) {
            String middleware = """
                    apiVersion: traefik.io/v1alpha1
                    kind: Middleware
                    metadata: {name: fa, namespace: default}
                    spec:
                      forwardAuth: {address: 'http://127.0.0.1:%d/check'}
                    """.formatted(auth.port());
            try (Setup s = new Setup(dir, "default", "fa", middleware)) {
                RawHttp.Reply reply = RawHttp.exchange(s.jetway.port(), "GET /x HTTP/1.1\r\nHost: api.example.com\r\n"
                        + "Authorization: Bearer good\r\nConnection: close, X-Conn-Named\r\nX-Conn-Named: secret\r\n"
                        + "Keep-Alive: timeout=5\r\nTrailers: x\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\n"
                        + "Proxy-Connection: keep-alive\r\nX-End-To-End: yes\r\n\r\n");
                assertEquals(200, reply.status(), reply.head());
                var headers = auth.next().headers();
                assertEquals("yes", headers.get("X-End-To-End"));
                for (String dropped : new String[] {"X-Conn-Named", "Keep-Alive", "Trailers", "Proxy-Authorization"}) {
                    assertFalse(headers.contains(dropped), dropped + " reached the auth server: " + headers);
                }
                assertEquals("keep-alive", headers.get("Proxy-Connection"),
                        "passed on as it always was: forwardAuth's list (Traefik's) does not name it");
            }
        }
    }
}
