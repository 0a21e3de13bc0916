package io.jetway.middleware.buffering;

import io.jetway.exchange.BufferedBody;
import io.jetway.exchange.ResponseBodyLimit;
import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What buffering reads before forwarding, and what it asks of the proxy for the response. */
class BufferingMiddlewareTest {

    private static BufferingMiddleware buffering(long maxRequest, long memRequest, long maxResponse, int memResponse) {
        return new BufferingMiddleware(new BufferingOptions(maxRequest, memRequest, maxResponse, memResponse, ""));
    }

    @Test
    void aBodyUnderTheMemoryLimitIsForwardedFromMemory() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.request("POST", "/").body("hello").run(buffering(0, 1024, 0, 1024));

        assertTrue(probe.passedOn());
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), probe.exchange().bufferedBody().bytes());
        assertNull(probe.exchange().responseBodyLimit(), "no response limit: 0 means none");
    }

    @Test
    void aBodyOverTheMemoryLimitGoesToATemporaryFileDeletedWhenTheExchangeEnds() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.request("POST", "/").body("0123456789").run(buffering(0, 4, 0, 1024));

        assertTrue(probe.passedOn());
        BufferedBody body = probe.exchange().bufferedBody();
        assertNull(body.bytes());
        assertNotNull(body.file());
        assertEquals(10, body.length());
        assertFalse(Files.exists(body.file()), "the exchange ended with the probe's answer");
    }

    @Test
    void anAnnouncedBodyOverTheLimitIsAnswered413AndNeverForwarded() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.request("POST", "/").body("0123456789").run(buffering(9, 1024, 0, 1024));

        assertFalse(probe.passedOn());
        assertEquals(413, probe.status());
        assertEquals("Request Entity Too Large\n", probe.responseBody());
        assertEquals("close", probe.responseHeader("Connection"));
        assertNull(probe.exchange().bufferedBody());
    }

    @Test
    void aBodyAtTheLimitPasses() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.request("POST", "/").body("0123456789").run(buffering(10, 1024, 0, 1024));

        assertTrue(probe.passedOn());
        assertEquals(10, probe.exchange().bufferedBody().length());
    }

    @Test
    void aResponseLimitIsHandedToTheProxyHoldingAtMostTheMemoryAllowed() throws Exception {
        MiddlewareProbe small = MiddlewareProbe.get("/").run(buffering(0, 1024, 100, 1024));
        MiddlewareProbe large = MiddlewareProbe.get("/").run(buffering(0, 1024, 1_000_000, 1024));

        ResponseBodyLimit limit = small.exchange().responseBodyLimit();
        assertEquals(100, limit.maxBytes());
        assertEquals(101, limit.holdBytes());
        assertEquals(1024, large.exchange().responseBodyLimit().holdBytes());
        assertNull(small.exchange().bufferedBody(), "a GET without body has nothing to buffer");
    }

    @Test
    void aBodyAnEarlierMiddlewareReadIsNotReadAgain() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.request("POST", "/").body("hello");
        BufferedBody earlier = BufferedBody.inMemory("hello".getBytes(StandardCharsets.UTF_8));
        probe.exchange().bufferedBody(earlier);

        probe.run(buffering(0, 1024, 0, 1024));

        assertTrue(probe.passedOn());
        assertSame(earlier, probe.exchange().bufferedBody());
    }
}
