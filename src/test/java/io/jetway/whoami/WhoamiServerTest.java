package io.jetway.whoami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.net.http.HttpTimeoutException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WhoamiServerTest {

    private static final int TEN_MB = 10 * 1024 * 1024;

    private static WhoamiServer server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        server = WhoamiServer.start("127.0.0.1", 0, "alpha");
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.port() + pathAndQuery);
    }

    private static HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).build(), BodyHandlers.ofString());
    }

    @Test
    void describesTheRequestLikeTraefikWhoami() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/some/path?x=1&y=%20"))
                .header("X-Test", "a").header("Accept", "text/plain").build(), BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals("alpha", response.headers().firstValue("X-Whoami-Name").orElseThrow());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain"));
        List<String> lines = response.body().lines().toList();
        assertEquals("Name: alpha", lines.get(0));
        assertTrue(lines.get(1).startsWith("Hostname: ") && lines.get(1).length() > "Hostname: ".length(), lines.get(1));
        assertTrue(lines.contains("IP: 127.0.0.1"), response.body());
        int requestLine = lines.indexOf("GET /some/path?x=1&y=%20 HTTP/1.1");
        assertTrue(requestLine > 0, response.body());
        assertTrue(lines.get(requestLine - 1).matches("RemoteAddr: 127\\.0\\.0\\.1:\\d+"), lines.get(requestLine - 1));
        assertEquals("Host: 127.0.0.1:" + server.port(), lines.get(requestLine + 1));
        assertTrue(lines.contains("X-Test: a"), response.body());
        assertTrue(lines.contains("Accept: text/plain"), response.body());
    }

    @Test
    void omitsTheNameLineWhenNameIsEmpty() throws Exception {
        try (WhoamiServer anonymous = WhoamiServer.start("127.0.0.1", 0, "")) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + anonymous.port() + "/")).build(),
                    BodyHandlers.ofString());

            assertEquals("", anonymous.name());
            assertTrue(response.body().startsWith("Hostname: "), response.body());
        }
    }

    @Test
    void keepsConnectionsAlive() throws Exception {
        String first = remoteAddrLine(get("/").body());
        String second = remoteAddrLine(get("/").body());

        assertEquals(first, second, "the second request should reuse the first connection");
    }

    private static String remoteAddrLine(String body) {
        return body.lines().filter(line -> line.startsWith("RemoteAddr: ")).findFirst().orElseThrow();
    }

    @Test
    void statusParameterSetsTheStatus() throws Exception {
        HttpResponse<String> response = get("/?status=503");

        assertEquals(503, response.statusCode());
        assertTrue(response.body().contains("GET /?status=503 HTTP/1.1"), response.body());
        assertEquals("alpha", response.headers().firstValue("X-Whoami-Name").orElseThrow());
        assertEquals(204, get("/?status=204").statusCode());
    }

    @Test
    void echoSetHeaderAddsResponseHeaders() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/"))
                .header("X-Echo-Set-Header", "X-One:1,x-two:two words,no-colon").build(), BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals(List.of("1"), response.headers().allValues("X-One"));
        assertEquals(List.of("two words"), response.headers().allValues("X-Two"));
        assertTrue(response.headers().allValues("no-colon").isEmpty());
        assertFalse(get("/").headers().firstValue("X-One").isPresent());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/?status=abc", "/?status=99", "/?status=600", "/?wait=abc", "/?wait=5", "/?wait=2h"})
    void badParametersAreRejected(String pathAndQuery) throws Exception {
        HttpResponse<String> response = get(pathAndQuery);

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("alpha", response.headers().firstValue("X-Whoami-Name").orElseThrow());
    }

    @Test
    void waitParameterDelaysTheAnswer() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = get("/?wait=300ms");
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertEquals(200, response.statusCode());
        assertTrue(elapsedMillis >= 300, "answered after " + elapsedMillis + " ms");
    }

    @Test
    void waitParameterMakesClientTimeoutsObservable() {
        HttpRequest slow = HttpRequest.newBuilder(uri("/?wait=3s")).timeout(Duration.ofMillis(200)).build();

        assertThrows(HttpTimeoutException.class, () -> http.send(slow, BodyHandlers.ofString()));
    }

    @Test
    void healthAnswersOk() throws Exception {
        HttpResponse<String> get = get("/health");
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(uri("/health"))
                .method("HEAD", BodyPublishers.noBody()).build(), BodyHandlers.discarding());
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/health"))
                .POST(BodyPublishers.ofString("x")).build(), BodyHandlers.ofString());

        assertEquals(200, get.statusCode());
        assertEquals("OK", get.body());
        assertEquals(200, head.statusCode());
        assertEquals(400, post.statusCode());
    }

    @Test
    void postingAStatusCodeChangesTheHealthAnswer() throws Exception {
        HttpResponse<String> set = http.send(HttpRequest.newBuilder(uri("/health"))
                .POST(BodyPublishers.ofString("503")).build(), BodyHandlers.ofString());
        HttpResponse<String> sick = get("/health");
        http.send(HttpRequest.newBuilder(uri("/health")).POST(BodyPublishers.ofString("200")).build(), BodyHandlers.ofString());
        HttpResponse<String> healed = get("/health");

        assertEquals(200, set.statusCode());
        assertEquals(503, sick.statusCode());
        assertEquals(200, healed.statusCode());
        assertEquals("OK", healed.body());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 63, 64, 16384, 16385, 1_000_000})
    void dataStreamsTheRequestedSize(long size) throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri("/data?size=" + size)).build(),
                BodyHandlers.ofByteArray());

        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(size), response.headers().firstValue("Content-Length").orElseThrow());
        byte[] body = response.body();
        assertEquals(size, body.length);
        for (int i = 0; i < body.length; i++) {
            if (body[i] != PatternWriter.byteAt(i)) {
                throw new AssertionError("byte " + i + " is " + body[i]);
            }
        }
    }

    @Test
    void dataOfHundredsOfMegabytesIsStreamed() throws Exception {
        long size = 300L * 1024 * 1024;
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(uri("/data?size=" + size)).build(),
                BodyHandlers.ofInputStream());

        long read = 0;
        try (InputStream body = response.body()) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                read += n;
            }
        }
        assertEquals(size, read);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/data?size=-1", "/data?size=lots"})
    void dataRejectsBadSizes(String pathAndQuery) throws Exception {
        assertEquals(400, get(pathAndQuery).statusCode());
    }

    /**
     * Uses Jetty's client because the echo is full duplex: it answers while the body still arrives.
     * java.net.http sends the whole body before it reads the response, so with more than the socket
     * buffers hold, both sides would wait for each other.
     */
    @Test
    void echoStreamsTenMegabytesBack() throws Exception {
        byte[] payload = randomBytes(TEN_MB);
        org.eclipse.jetty.client.HttpClient fullDuplex = new org.eclipse.jetty.client.HttpClient();
        fullDuplex.start();
        try {
            InputStreamResponseListener listener = new InputStreamResponseListener();
            fullDuplex.newRequest(uri("/echo")).method("POST")
                    .body(new BytesRequestContent("application/x-test", payload))
                    .send(listener);
            org.eclipse.jetty.client.Response response = listener.get(10, TimeUnit.SECONDS);

            assertEquals(200, response.getStatus());
            assertEquals("application/x-test", response.getHeaders().get("Content-Type"));
            assertEquals("chunked", response.getHeaders().get("Transfer-Encoding"), "streamed, not buffered");
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            long length = 0;
            try (InputStream body = listener.getInputStream()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = body.read(buffer)) >= 0; ) {
                    digest.update(buffer, 0, n);
                    length += n;
                }
            }
            assertEquals(payload.length, length);
            assertEquals(sha256(payload), HexFormat.of().formatHex(digest.digest()));
        } finally {
            fullDuplex.stop();
        }
    }

    @Test
    void echoAcceptsPutAndEmptyBodies() throws Exception {
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(uri("/echo"))
                .PUT(BodyPublishers.ofString("hello")).build(), BodyHandlers.ofString());
        HttpResponse<String> empty = http.send(HttpRequest.newBuilder(uri("/echo"))
                .POST(BodyPublishers.noBody()).build(), BodyHandlers.ofString());

        assertEquals("hello", put.body());
        assertEquals(200, empty.statusCode());
        assertEquals("", empty.body());
    }

    @Test
    void echoWithoutBodyOrUpgradeIsABadRequest() throws Exception {
        assertEquals(400, get("/echo").statusCode());
    }

    @Test
    void uploadCountsAndHashesTheBody() throws Exception {
        byte[] payload = randomBytes(TEN_MB + 7);

        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/upload"))
                .POST(BodyPublishers.ofByteArray(payload)).build(), BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals("bytes=" + payload.length + " sha256=" + sha256(payload), response.body().strip());
    }

    @Test
    void uploadOfAnEmptyBody() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/upload"))
                .PUT(BodyPublishers.noBody()).build(), BodyHandlers.ofString());

        assertEquals("bytes=0 sha256=" + sha256(new byte[0]), response.body().strip());
    }

    @Test
    void uploadNeedsABodyMethod() throws Exception {
        assertEquals(405, get("/upload").statusCode());
    }

    @Test
    void speaksCleartextHttp2() throws Exception {
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();

        HttpResponse<String> response = http2.send(HttpRequest.newBuilder(uri("/h2")).build(), BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, http2.send(HttpRequest.newBuilder(uri("/h2")).build(),
                BodyHandlers.ofString()).version());
        assertFalse(response.body().isEmpty());
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
