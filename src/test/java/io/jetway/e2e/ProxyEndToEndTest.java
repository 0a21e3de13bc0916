package io.jetway.e2e;

import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jetway on real sockets between a real client and two real backends. */
class ProxyEndToEndTest {

    static WhoamiServer alpha;
    static WhoamiServer beta;

    @BeforeAll
    static void backends() throws Exception {
        alpha = WhoamiServer.start("127.0.0.1", 0, "alpha");
        beta = WhoamiServer.start("127.0.0.1", 0, "beta");
    }

    @AfterAll
    static void stopBackends() {
        alpha.close();
        beta.close();
    }

    private static Path manifestsIn(Path dir) throws java.io.IOException {
        return java.nio.file.Files.createDirectories(dir.resolve("m"));
    }

    /** A port nothing listens on: connections are refused. */
    private static int closedPort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String servedBy(ContentResponse r) {
        return r.getHeaders().get("X-Whoami-Name");
    }

    @Test
    void routesByHostAndPathAndPriority(@TempDir Path dir) throws Exception {
        Path manifests = manifestsIn(dir);
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            jw.write("app.yaml", Manifests.service("alpha", alpha.port()) + Manifests.service("beta", beta.port())
                    + Manifests.route("a", "Host(`a.localhost`)", "alpha")
                    + Manifests.route("b", "Host(`a.localhost`) && PathPrefix(`/beta`)", "beta")
                    + Manifests.route("low", "PathPrefix(`/`)", "beta", 1, "")
                    + Manifests.route("forced", "Host(`p.localhost`) && PathPrefix(`/x`)", "alpha", 5, "")
                    + Manifests.route("longer", "Host(`p.localhost`) && PathPrefix(`/x/longer/path`)", "beta", 0, "")
                    + Manifests.route("boost", "Host(`q.localhost`)", "alpha", 1000, "")
                    + Manifests.route("specific", "Host(`q.localhost`) && Path(`/z`)", "beta"));
            ContentResponse first = jw.awaitResponse("a.localhost", "/", r -> r.getStatus() == 200, Duration.ofSeconds(5));
            assertEquals("alpha", servedBy(first));
            assertTrue(first.getContentAsString().contains("GET / HTTP/1.1"), first.getContentAsString());
            assertEquals("beta", servedBy(jw.get("a.localhost", "/beta/x")));
            assertEquals("beta", servedBy(jw.get("A.LOCALHOST:80", "/betamax")), "PathPrefix is character-wise; host case and port ignored");
            assertEquals("beta", servedBy(jw.get("other.localhost", "/anything")), "low-priority catch-all");
            // Default priority is the rule's length (48 here), which beats an explicit 5 ...
            assertEquals("beta", servedBy(jw.get("p.localhost", "/x/longer/path")));
            assertEquals("alpha", servedBy(jw.get("p.localhost", "/x/short")));
            // ... and an explicit 1000 beats a longer, more specific rule.
            assertEquals("alpha", servedBy(jw.get("q.localhost", "/z")));
        }
    }

    @Test
    void answers404WithTraefiksBodyAndRoundRobinsEvenly(@TempDir Path dir) throws Exception {
        Path manifests = manifestsIn(dir);
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            jw.write("app.yaml", Manifests.service("both", alpha.port(), beta.port())
                    + Manifests.route("rr", "Host(`rr.localhost`)", "both"));
            jw.awaitResponse("rr.localhost", "/", r -> r.getStatus() == 200, Duration.ofSeconds(5));
            ContentResponse missing = jw.get("nothing.localhost", "/");
            assertEquals(404, missing.getStatus());
            assertEquals("404 page not found\n", missing.getContentAsString());
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 100; i++) {
                counts.merge(servedBy(jw.get("rr.localhost", "/")), 1, Integer::sum);
            }
            assertEquals(Map.of("alpha", 50, "beta", 50), counts);
        }
    }

    @Test
    void badGatewayWhenBackendRefusesAndGatewayTimeoutWhenSlow(@TempDir Path dir) throws Exception {
        Path manifests = manifestsIn(dir);
        int closedPort = closedPort();
        try (JetwayHarness jw = JetwayHarness.start(manifests,
                "--serversTransport.forwardingTimeouts.responseHeaderTimeout=300ms")) {
            jw.write("app.yaml", Manifests.service("dead", closedPort) + Manifests.service("alpha", alpha.port())
                    + Manifests.route("dead", "Host(`dead.localhost`)", "dead")
                    + Manifests.route("slow", "Host(`slow.localhost`)", "alpha"));
            ContentResponse refused = jw.awaitResponse("dead.localhost", "/", r -> r.getStatus() != 404, Duration.ofSeconds(5));
            assertEquals(502, refused.getStatus());
            assertEquals("Bad Gateway", refused.getContentAsString());
            ContentResponse slow = jw.get("slow.localhost", "/?wait=2s");
            assertEquals(504, slow.getStatus());
            assertEquals("Gateway Timeout", slow.getContentAsString());
            assertEquals(200, jw.get("slow.localhost", "/?wait=10ms").getStatus());
        }
    }

    @Test
    void serviceWithoutEndpointsDisablesRouterOrAnswers503WhenEmptyServicesAllowed(@TempDir Path dir) throws Exception {
        Path manifests = manifestsIn(dir);
        String yaml = Manifests.service("empty") + Manifests.route("empty", "Host(`empty.localhost`)", "empty")
                + Manifests.service("alpha", alpha.port()) + Manifests.route("ok", "Host(`ok.localhost`)", "alpha");
        java.nio.file.Files.writeString(manifests.resolve("app.yaml"), yaml);
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            assertEquals(200, jw.get("ok.localhost", "/").getStatus());
            assertEquals(404, jw.get("empty.localhost", "/").getStatus(), "router disabled, as in Traefik");
        }
        try (JetwayHarness jw = JetwayHarness.start(manifests, "--providers.kubernetescrd.allowemptyservices=true")) {
            ContentResponse r = jw.get("empty.localhost", "/");
            assertEquals(503, r.getStatus());
            assertEquals("no available server\n", r.getContentAsString());
        }
    }

    @Test
    void forwardedHeadersFromUntrustedAndTrustedPeers(@TempDir Path dir) throws Exception {
        Path manifests = manifestsIn(dir);
        java.nio.file.Files.writeString(manifests.resolve("app.yaml"), Manifests.service("alpha", alpha.port())
                + Manifests.route("a", "Host(`fw.localhost`)", "alpha")
                + Manifests.route("nohost", "Host(`nohost.localhost`)", "alpha", 0, "          passHostHeader: false\n"));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            String body = jw.request("fw.localhost", "/").headers(h -> h
                    .put("X-Forwarded-For", "1.2.3.4").put("X-Real-Ip", "1.2.3.4").put("X-Forwarded-Host", "evil"))
                    .send().getContentAsString();
            assertTrue(body.contains("X-Forwarded-For: 127.0.0.1\n"), body);
            assertTrue(body.contains("X-Real-Ip: 127.0.0.1\n"), body);
            assertTrue(body.contains("X-Forwarded-Host: fw.localhost\n"), body);
            assertTrue(body.contains("X-Forwarded-Proto: http\n"), body);
            assertTrue(body.contains("X-Forwarded-Port: 80\n"), body);
            assertTrue(body.contains("X-Forwarded-Server: "), body);
            assertFalse(body.contains("Via:"), body);
            assertFalse(body.contains("Forwarded: "), body);
            assertTrue(body.contains("Host: fw.localhost"), "passHostHeader defaults to true: " + body);

            String noHost = jw.get("nohost.localhost", "/").getContentAsString();
            assertTrue(noHost.contains("Host: 127.0.0.1:" + alpha.port()), noHost);
        }
        try (JetwayHarness jw = JetwayHarness.start(manifests, "--entrypoints.web.forwardedheaders.trustedips=127.0.0.1/32")) {
            String body = jw.request("fw.localhost", "/").headers(h -> h
                    .put("X-Forwarded-For", "1.2.3.4").put("X-Real-Ip", "1.2.3.4").put("X-Forwarded-Proto", "https"))
                    .send().getContentAsString();
            assertTrue(body.contains("X-Forwarded-For: 1.2.3.4, 127.0.0.1\n"), body);
            assertTrue(body.contains("X-Real-Ip: 1.2.3.4\n"), body);
            assertTrue(body.contains("X-Forwarded-Proto: https\n"), body);
        }
    }

    @Test
    void streamsTenMegabytesBothWays(@TempDir Path dir) throws Exception {
        Path manifests = manifestsIn(dir);
        java.nio.file.Files.writeString(manifests.resolve("app.yaml"), Manifests.service("alpha", alpha.port())
                + Manifests.route("a", "Host(`big.localhost`)", "alpha"));
        byte[] payload = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(payload);
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            jw.client.setMaxRedirects(0);
            InputStreamResponseListener echoed = new InputStreamResponseListener();
            jw.request("big.localhost", "/echo").method("POST")
                    .body(new BytesRequestContent("application/octet-stream", payload))
                    .timeout(60, TimeUnit.SECONDS).send(echoed);
            assertEquals(200, echoed.get(30, TimeUnit.SECONDS).getStatus());
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long echoedBytes = drain(echoed.getInputStream(), digest);
            assertEquals(payload.length, echoedBytes);
            assertArrayEquals(sha256(payload), digest.digest());

            InputStreamResponseListener download = new InputStreamResponseListener();
            jw.request("big.localhost", "/data?size=" + payload.length).timeout(60, TimeUnit.SECONDS).send(download);
            assertEquals(200, download.get(30, TimeUnit.SECONDS).getStatus());
            assertEquals(payload.length, drain(download.getInputStream(), MessageDigest.getInstance("SHA-256")));
        }
    }

    @Test
    void webSocketEchoPassesThrough(@TempDir Path dir) throws Exception {
        Path manifests = manifestsIn(dir);
        java.nio.file.Files.writeString(manifests.resolve("app.yaml"), Manifests.service("alpha", alpha.port())
                + Manifests.route("ws", "PathPrefix(`/echo`)", "alpha"));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            CompletableFuture<String> reply = new CompletableFuture<>();
            WebSocket ws = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + jw.port() + "/echo"), new WebSocket.Listener() {
                        final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                reply.complete(text.toString());
                            }
                            webSocket.request(1);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            ws.sendText("hello through jetway", true).get(10, TimeUnit.SECONDS);
            assertEquals("hello through jetway", reply.get(10, TimeUnit.SECONDS));
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void webSocketToDeadBackendIsBadGateway(@TempDir Path dir) throws Exception {
        Path manifests = manifestsIn(dir);
        int closedPort = closedPort();
        java.nio.file.Files.writeString(manifests.resolve("app.yaml"), Manifests.service("dead", closedPort)
                + Manifests.route("ws", "PathPrefix(`/echo`)", "dead"));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            var attempt = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + jw.port() + "/echo"), new WebSocket.Listener() { });
            var failure = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> attempt.get(10, TimeUnit.SECONDS));
            var handshake = assertInstanceOf(java.net.http.WebSocketHandshakeException.class, failure.getCause());
            assertEquals(502, handshake.getResponse().statusCode());
        }
    }

    @Test
    void hotReloadAndBrokenFileKeepsLastGoodRoutes(@TempDir Path dir) throws Exception {
        Path manifests = manifestsIn(dir);
        java.nio.file.Files.writeString(manifests.resolve("services.yaml"),
                Manifests.service("alpha", alpha.port()) + Manifests.service("beta", beta.port()));
        java.nio.file.Files.writeString(manifests.resolve("route.yaml"), Manifests.route("r", "Host(`hot.localhost`)", "alpha"));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            assertEquals("alpha", servedBy(jw.get("hot.localhost", "/")));
            jw.write("route.yaml", Manifests.route("r", "Host(`hot.localhost`)", "beta"));
            long start = System.nanoTime();
            ContentResponse switched = jw.awaitResponse("hot.localhost", "/", r -> "beta".equals(servedBy(r)), Duration.ofSeconds(3));
            assertEquals("beta", servedBy(switched), "an edit is picked up");
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 1500, "edit live in " + millis + " ms (debounce 150 ms)");

            jw.write("route.yaml", "apiVersion: traefik.io/v1alpha1\nkind: IngressRoute\nmetadata: {name: r\nspec: [\n");
            Thread.sleep(800);
            assertEquals("beta", servedBy(jw.get("hot.localhost", "/")), "a broken file keeps its last good routes");

            jw.write("route.yaml", Manifests.route("r", "Host(`hot.localhost`)", "alpha"));
            assertEquals("alpha", servedBy(jw.awaitResponse("hot.localhost", "/", r -> "alpha".equals(servedBy(r)), Duration.ofSeconds(3))));
        }
    }

    @Test
    void invalidRuleDisablesOnlyItsRouter(@TempDir Path dir) throws Exception {
        Path manifests = manifestsIn(dir);
        java.nio.file.Files.writeString(manifests.resolve("app.yaml"), Manifests.service("alpha", alpha.port())
                + Manifests.route("bad", "Host(`bad.localhost`) && Bogus(`x`)", "alpha")
                + Manifests.route("good", "Host(`good.localhost`)", "alpha"));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            assertEquals(200, jw.get("good.localhost", "/").getStatus());
            assertEquals(404, jw.get("bad.localhost", "/").getStatus());
        }
    }

    @Test
    void routingPathDecodingAndPathsForwardedNormalised(@TempDir Path dir) throws Exception {
        Path manifests = manifestsIn(dir);
        java.nio.file.Files.writeString(manifests.resolve("app.yaml"), Manifests.service("alpha", alpha.port())
                + Manifests.route("abc", "Host(`p.localhost`) && Path(`/abc`)", "alpha")
                + Manifests.route("slash", "Host(`p.localhost`) && Path(`/a%2Fb`)", "alpha"));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            ContentResponse decoded = jw.get("p.localhost", "/%61bc");
            assertEquals(200, decoded.getStatus(), "unreserved %61 is decoded for matching");
            assertTrue(decoded.getContentAsString().contains("GET /abc HTTP/1.1"),
                    "and forwarded decoded, as Traefik normalises: " + decoded.getContentAsString());
            ContentResponse encodedSlash = jw.get("p.localhost", "/a%2Fb");
            assertEquals(200, encodedSlash.getStatus(), "reserved %2F stays encoded for matching");
            assertTrue(encodedSlash.getContentAsString().contains("GET /a%2Fb HTTP/1.1"), encodedSlash.getContentAsString());
            assertEquals(404, jw.get("p.localhost", "/a/b").getStatus());
            assertEquals("HTTP/1.1 400 Bad Request", rawStatusLine(jw.port(), "/%zz"), "a malformed escape is a bad request");
        }
    }

    @Test
    void servesHttp2Cleartext(@TempDir Path dir) throws Exception {
        Path manifests = manifestsIn(dir);
        java.nio.file.Files.writeString(manifests.resolve("app.yaml"), Manifests.service("alpha", alpha.port())
                + Manifests.route("h2", "Host(`127.0.0.1`) && PathPrefix(`/h2`)", "alpha"));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build();
            java.net.http.HttpResponse<String> first = h2.send(java.net.http.HttpRequest.newBuilder(URI.create(jw.url("/h2/a"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, first.statusCode());
            java.net.http.HttpResponse<String> second = h2.send(java.net.http.HttpRequest.newBuilder(URI.create(jw.url("/h2/b"))).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(java.net.http.HttpClient.Version.HTTP_2, second.version(), "upgraded to h2c");
            assertEquals("alpha", second.headers().firstValue("X-Whoami-Name").orElse(null));
        }
    }

    @Test
    void hopByHopHeadersAndTheOnesConnectionNamesStopAtTheProxy(@TempDir Path dir) throws Exception {
        try (Backend backend = Backend.start();
             JetwayHarness jw = JetwayHarness.routedTo(manifestsIn(dir), backend.port())) {
            RawHttp.Reply reply = RawHttp.exchange(jw.port(), "GET /hop HTTP/1.1\r\nHost: p.localhost\r\n"
                    + "Connection: close, X-Conn-Named\r\nX-Conn-Named: secret\r\nKeep-Alive: timeout=5\r\n"
                    + "Proxy-Connection: keep-alive\r\nProxy-Authorization: Basic Zm9vOmJhcg==\r\n"
                    + "X-End-To-End: yes\r\n\r\n");
            assertEquals(200, reply.status(), reply.head());
            var headers = backend.awaitPath("/hop").headers();
            assertEquals("yes", headers.get("X-End-To-End"));
            for (String dropped : new String[] {"X-Conn-Named", "Keep-Alive", "Proxy-Connection", "Proxy-Authorization"}) {
                assertFalse(headers.contains(dropped), dropped + " reached the backend: " + headers);
            }
        }
    }

    /** A request no well-behaved client library would send. */
    private static String rawStatusLine(int port, String rawPath) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET " + rawPath + " HTTP/1.1\r\nHost: p.localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
        }
    }

    private static long drain(InputStream in, MessageDigest digest) throws Exception {
        try (in) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                digest.update(buffer, 0, n);
                total += n;
            }
            return total;
        }
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }
}
