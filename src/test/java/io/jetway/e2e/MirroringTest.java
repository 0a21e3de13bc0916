package io.jetway.e2e;

import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.InputStreamRequestContent;
import org.eclipse.jetty.client.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TraefikService mirroring with real backends: percentages, bodies, dead and slow mirrors, reloads. */
class MirroringTest {

    static final String HOST = "mirror.localhost";

    /** A mirroring TraefikService named "mirrored" with its IngressRoute on {@link #HOST}. */
    static String mirroring(String options, String mirrors) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: mirrored}
                spec:
                  mirroring:
                    name: main
                    port: 80
                %s    mirrors:
                %s---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: mirrored}
                spec:
                  entryPoints: [web]
                  routes:
                    - match: Host(`%s`)
                      services: [{name: mirrored, kind: TraefikService}]
                ---
                """.formatted(options.indent(4), mirrors.indent(6), HOST);
    }

    static String mirror(String service, int percent) {
        return "- {name: " + service + ", port: 80, percent: " + percent + "}";
    }

    /** The request numbers (1-based) Traefik's rule mirrors: count*100 < total*percent. */
    static Set<String> mirroredPaths(int percent, int requests) {
        Set<String> paths = new TreeSet<>();
        long count = 0;
        for (int total = 1; total <= requests; total++) {
            if (count * 100 < (long) total * percent) {
                count++;
                paths.add("/r/" + total);
            }
        }
        return paths;
    }

    static JetwayHarness start(Path dir, String yaml) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("app.yaml"), yaml);
        JetwayHarness jw = JetwayHarness.start(manifests);
        // Ready once the route to the main service answers directly (not through the mirroring service).
        ContentResponse ready = jw.awaitResponse("ready.localhost", "/ready", r -> r.getStatus() == 200, Duration.ofSeconds(10));
        assertEquals(200, ready.getStatus());
        return jw;
    }

    static String readyRoute() {
        return Manifests.route("ready", "Host(`ready.localhost`)", "main");
    }

    static byte[] randomBody(int size) {
        byte[] body = new byte[size];
        new Random(size).nextBytes(body);
        return body;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static Request post(JetwayHarness jw, String path, byte[] body, boolean chunked) {
        Request request = jw.request(HOST, path).method("POST");
        return chunked ? request.body(new InputStreamRequestContent("application/octet-stream", new ByteArrayInputStream(body)))
                : request.body(new BytesRequestContent("application/octet-stream", body));
    }

    static List<String> mainPaths(Backend main) {
        return main.paths().stream().filter(p -> p.startsWith("/r/")).toList();
    }

    @Test
    void percentagesFollowTraefiksRuleExactly(@TempDir Path dir) throws Exception {
        try (Backend main = Backend.start(); Backend m10 = Backend.start();
             Backend m50 = Backend.start();
             JetwayHarness jw = start(dir, Manifests.service("main", main.port()) + Manifests.service("m10", m10.port())
                     + Manifests.service("m50", m50.port()) + readyRoute()
                     + mirroring("", mirror("m10", 10) + "\n" + mirror("m50", 50)))) {
            for (int i = 1; i <= 100; i++) {
                ContentResponse response = jw.get(HOST, "/r/" + i);
                assertEquals(200, response.getStatus());
                assertEquals("recorded", response.getContentAsString());
            }
            Set<String> expected10 = mirroredPaths(10, 100);
            Set<String> expected50 = mirroredPaths(50, 100);
            assertEquals(10, expected10.size());
            assertEquals(50, expected50.size());
            assertEquals(expected10, new TreeSet<>(m10.awaitCount(expected10.size())));
            assertEquals(expected50, new TreeSet<>(m50.awaitCount(expected50.size())));
            assertEquals(100, mainPaths(main).size(), "the main service got every request");
        }
    }

    @Test
    void deadAndSlowMirrorsNeverHoldBackTheMainResponse(@TempDir Path dir) throws Exception {
        byte[] big = randomBody(16 * 1024 * 1024);
        try (Backend main = Backend.start(); Backend slow = Backend.silent();
             JetwayHarness jw = start(dir, Manifests.service("main", main.port()) + Manifests.service("dead", closedPort())
                     + Manifests.service("slow", slow.port()) + readyRoute()
                     + mirroring("", mirror("dead", 100) + "\n" + mirror("slow", 100)))) {
            // The slow mirror never answers and stops reading: every main response still comes back.
            for (int i = 1; i <= 5; i++) {
                ContentResponse response = jw.get(HOST, "/r/" + i);
                assertEquals(200, response.getStatus());
                assertEquals("recorded", response.getContentAsString());
            }
            ContentResponse posted = post(jw, "/r/big", big, false).send();
            assertEquals(200, posted.getStatus());
            assertEquals(sha256(big), main.awaitPath("/r/big").sha256(), "the main server got the whole body");
            assertTrue(slow.awaitConnection(20, TimeUnit.SECONDS), "the slow mirror was reached");
            assertEquals(6, mainPaths(main).size());
            // Unless it was dropped before it was even sent, the big copy was cut off, not buffered whole.
            slow.drain("POST /r/big ").ifPresent(copy -> {
                assertTrue(copy.closedBySender(), "the proxy closed the dropped copy's connection");
                assertTrue(copy.bytesAfterHead() < big.length, "a mirror that fell behind was dropped: " + copy.bytesAfterHead());
            });
        }
    }

    @Test
    void bodiesReachTheMirrorIntactWithAndWithoutContentLength(@TempDir Path dir) throws Exception {
        byte[] body = randomBody(3 * 1024 * 1024 + 17);
        try (Backend main = Backend.start(); Backend copy = Backend.start();
             JetwayHarness jw = start(dir, Manifests.service("main", main.port()) + Manifests.service("copy", copy.port())
                     + readyRoute() + mirroring("", """
                     - name: copy
                       port: 80
                       percent: 100
                       sticky: {cookie: {name: mirrorcookie}}"""))) {
            ContentResponse sized = post(jw, "/r/sized?x=1", body, false).send();
            assertEquals(200, sized.getStatus());
            assertNull(sized.getHeaders().get("Set-Cookie"), "a mirror's sticky cookie never reaches the client");
            ContentResponse chunked = post(jw, "/r/chunked", body, true).send();
            assertEquals(200, chunked.getStatus());

            for (String path : List.of("/r/sized?x=1", "/r/chunked")) {
                Backend.Received mirrored = copy.awaitPath(path);
                assertEquals("POST", mirrored.method());
                assertTrue(mirrored.complete(), path);
                assertEquals(body.length, mirrored.bodyLength(), path);
                assertEquals(sha256(body), mirrored.sha256(), path);
                assertEquals(HOST, mirrored.headers().get("Host"), "passHostHeader defaults to true");
                assertEquals("127.0.0.1", mirrored.headers().get("X-Forwarded-For"));
                assertEquals(HOST, mirrored.headers().get("X-Forwarded-Host"));
                assertEquals(sha256(body), main.awaitPath(path).sha256(), path);
            }
            assertEquals(String.valueOf(body.length), copy.awaitPath("/r/sized?x=1").headers().get("Content-Length"));
            assertEquals(main.awaitPath("/r/chunked").headers().get("Content-Length"),
                    copy.awaitPath("/r/chunked").headers().get("Content-Length"), "streamed as it was read, size unknown");
        }
    }

    @Test
    void mirrorBodyFalseSendsTheRequestWithoutItsBody(@TempDir Path dir) throws Exception {
        byte[] body = randomBody(64 * 1024);
        try (Backend main = Backend.start(); Backend copy = Backend.start();
             JetwayHarness jw = start(dir, Manifests.service("main", main.port()) + Manifests.service("copy", copy.port())
                     + readyRoute() + mirroring("mirrorBody: false", mirror("copy", 100)))) {
            assertEquals(200, post(jw, "/r/nobody", body, false).send().getStatus());
            Backend.Received mirrored = copy.awaitPath("/r/nobody");
            assertEquals("POST", mirrored.method());
            assertEquals(0, mirrored.bodyLength());
            String length = mirrored.headers().get("Content-Length");
            assertTrue(length == null || length.equals("0"), "no body announced: " + length);
            assertEquals(body.length, main.awaitPath("/r/nobody").bodyLength());
        }
    }

    @Test
    void aBodyOverMaxBodySizeDropsTheMirrorNotTheMainRequest(@TempDir Path dir) throws Exception {
        byte[] body = randomBody(2 * 1024 * 1024);
        try (Backend main = Backend.start(); Backend copy = Backend.start();
             JetwayHarness jw = start(dir, Manifests.service("main", main.port()) + Manifests.service("copy", copy.port())
                     + readyRoute() + mirroring("maxBodySize: 1000", mirror("copy", 100)))) {
            assertEquals(200, post(jw, "/r/sized", body, false).send().getStatus());
            assertEquals(200, post(jw, "/r/chunked", body, true).send().getStatus());
            assertEquals(200, post(jw, "/r/small", randomBody(1000), true).send().getStatus());
            assertEquals(200, jw.get(HOST, "/r/after").getStatus());

            assertEquals(1000, copy.awaitPath("/r/small").bodyLength(), "a body within the limit is mirrored");
            copy.awaitPath("/r/after");
            assertFalse(copy.paths().contains("/r/sized"), "a known size over the limit is never sent: " + copy.paths());
            copy.received().stream().filter(r -> r.pathAndQuery().equals("/r/chunked")).forEach(r ->
                    assertTrue(!r.complete() && r.bodyLength() <= 1000, "aborted while streaming: " + r));
            assertEquals(body.length, main.awaitPath("/r/sized").bodyLength());
            assertEquals(sha256(body), main.awaitPath("/r/chunked").sha256());
        }
    }

    @Test
    void countsSurviveAnUnrelatedReload(@TempDir Path dir) throws Exception {
        try (Backend main = Backend.start(); Backend half = Backend.start();
             JetwayHarness jw = start(dir, Manifests.service("main", main.port()) + Manifests.service("half", half.port())
                     + readyRoute() + mirroring("", mirror("half", 50)))) {
            for (int i = 1; i <= 3; i++) {
                assertEquals(200, jw.get(HOST, "/r/" + i).getStatus());
            }
            jw.write("other.yaml", Manifests.route("other", "Host(`other.localhost`)", "main"));
            assertEquals(200, jw.awaitResponse("other.localhost", "/", r -> r.getStatus() == 200, Duration.ofSeconds(10)).getStatus());
            for (int i = 4; i <= 7; i++) {
                assertEquals(200, jw.get(HOST, "/r/" + i).getStatus());
            }
            Set<String> expected = mirroredPaths(50, 7); // /r/1, 3, 5, 7; reset counts would give 1, 3, 4, 6
            assertEquals(expected, new TreeSet<>(half.awaitCount(expected.size())));
            assertEquals(new ArrayList<>(List.of("/r/1", "/r/3", "/r/5", "/r/7")), new ArrayList<>(expected));
        }
    }
}
