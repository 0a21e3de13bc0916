package io.jetway.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16, item 5: the entry point and the backend client agree on the size of a request head.
 * Large cookies and tokens reach the backend whole; a head over the entry point's limit
 * (http.maxHeaderBytes, 1 MiB by default as in Traefik) gets 431, a request line over it 414,
 * and neither reaches the backend.
 */
class HeadSizeLimitsTest {

    static Backend backend;

    @BeforeAll
    static void start() throws Exception {
        backend = Backend.acceptingHeads(4 << 20);
    }

    @AfterAll
    static void stop() throws Exception {
        backend.close();
    }

    private static JetwayHarness jetway(Path dir, String... flags) throws Exception {
        return JetwayHarness.routedTo(Files.createDirectories(dir.resolve("m")), backend.port(), flags);
    }

    private static String get(String path, String... headers) {
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: big.localhost\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("Connection: close\r\n\r\n").toString();
    }

    @Test
    void aLargeCookieAndAHundredKilobyteHeaderReachTheBackendIntact(@TempDir Path dir) throws Exception {
        String cookie = "session=" + "c".repeat(32 * 1024);
        String token = "Bearer " + "t".repeat(100 * 1024);
        try (JetwayHarness jw = jetway(dir)) {
            RawHttp.Reply reply = RawHttp.exchange(jw.port(), get("/large-head", "Cookie: " + cookie, "X-Token: " + token));
            assertEquals(200, reply.status(), reply.head());
            Backend.Received received = backend.awaitPath("/large-head");
            assertEquals(cookie, received.headers().get("Cookie"));
            assertEquals(token, received.headers().get("X-Token"));
        }
    }

    @Test
    void aSixteenKilobyteCookieIsForwardedRatherThanAnswered502(@TempDir Path dir) throws Exception {
        String cookie = "jwt=" + "j".repeat(16 * 1024);
        try (JetwayHarness jw = jetway(dir)) {
            RawHttp.Reply reply = RawHttp.exchange(jw.port(), get("/sixteen-kb-cookie", "Cookie: " + cookie));
            assertEquals(200, reply.status(), reply.head());
            assertEquals(cookie, backend.awaitPath("/sixteen-kb-cookie").headers().get("Cookie"));
        }
    }

    @Test
    void headersOverTheDefaultLimitGet431AndNothingReachesTheBackend(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = jetway(dir)) {
            RawHttp.Reply reply = RawHttp.exchange(jw.port(), get("/too-large-head", "X-Big: " + "b".repeat(1 << 20)));
            assertEquals(431, reply.status(), reply.head());
            RawHttp.Reply next = RawHttp.exchange(jw.port(), get("/after"));
            assertEquals(200, next.status(), "the entry point still serves");
            backend.awaitPath("/after");
            assertTrue(backend.paths().stream().noneMatch(p -> p.startsWith("/too-large")), backend.paths().toString());
        }
    }

    @Test
    void aRequestLineOverTheLimitGets414AndNothingReachesTheBackend(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = jetway(dir, "--entrypoints.web.http.maxheaderbytes=16384")) {
            RawHttp.Reply reply = RawHttp.exchange(jw.port(), get("/too-long-uri/" + "u".repeat(20 * 1024)));
            assertEquals(414, reply.status(), reply.head());
            RawHttp.Reply next = RawHttp.exchange(jw.port(), get("/after-uri"));
            assertEquals(200, next.status());
            backend.awaitPath("/after-uri");
            assertTrue(backend.paths().stream().noneMatch(p -> p.startsWith("/too-long-uri")), backend.paths().toString());
        }
    }

    @Test
    void theLimitFlagSetsTheEntryPointsLimit(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = jetway(dir, "--entrypoints.web.http.maxheaderbytes=16384")) {
            RawHttp.Reply within = RawHttp.exchange(jw.port(), get("/within-limit", "Cookie: a=" + "w".repeat(12 * 1024)));
            assertEquals(200, within.status(), within.head());
            backend.awaitPath("/within-limit");
            RawHttp.Reply over = RawHttp.exchange(jw.port(), get("/over-limit", "Cookie: a=" + "o".repeat(20 * 1024)));
            assertEquals(431, over.status(), over.head());
            RawHttp.Reply next = RawHttp.exchange(jw.port(), get("/after-flag"));
            assertEquals(200, next.status());
            backend.awaitPath("/after-flag");
            assertTrue(backend.paths().stream().noneMatch(p -> p.startsWith("/over-limit")), backend.paths().toString());
        }
    }

    @Test
    void aHeadTheBackendClientCannotSendGets431NotA502(@TempDir Path dir) throws Exception {
        // The harness sizes the backend clients for the default limit (1 MiB and room for added
        // headers): an entry point that accepts 2 MiB lets through a head they cannot send.
        try (JetwayHarness jw = jetway(dir, "--entrypoints.web.http.maxheaderbytes=2097152")) {
            RawHttp.Reply reply = RawHttp.exchange(jw.port(), get("/unsendable-head", "X-Big: " + "u".repeat(1536 * 1024)));
            assertEquals(431, reply.status(), reply.head());
            RawHttp.Reply next = RawHttp.exchange(jw.port(), get("/after-unsendable"));
            assertEquals(200, next.status());
            backend.awaitPath("/after-unsendable");
            assertTrue(backend.paths().stream().noneMatch(p -> p.startsWith("/unsendable")), backend.paths().toString());
        }
    }
}
