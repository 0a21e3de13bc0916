package io.jetway.middleware.retry;

import io.jetway.exchange.BufferedBody;
import io.jetway.exchange.RetryPolicy;
import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the retry middleware asks of the proxy: a retry policy, and a body it can send again. */
class RetryMiddlewareTest {

    private static RetryMiddleware retry(int attempts) {
        return new RetryMiddleware(new RetryOptions(attempts, Duration.ofMillis(100)));
    }

    @Test
    void aRequestWithoutBodyMayBeSentAgainWithABackoffThatDoubles() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/").run(retry(3));

        assertTrue(probe.passedOn());
        RetryPolicy policy = probe.exchange().retryPolicy();
        assertEquals(Duration.ofMillis(100), policy.nextAttempt());
        assertEquals(Duration.ofMillis(200), policy.nextAttempt());
        assertNull(policy.nextAttempt(), "three attempts in all");
        assertEquals(2, policy.retriesMade());
    }

    @Test
    void oneAttemptIsNoRetry() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/").run(retry(1));

        assertTrue(probe.passedOn());
        assertNull(probe.exchange().retryPolicy());
    }

    @Test
    void aSmallBodyIsReadToBeReplayed() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.request("POST", "/orders").body("{\"id\":1}").run(retry(2));

        assertTrue(probe.passedOn());
        RetryPolicy policy = probe.exchange().retryPolicy();
        assertEquals(Duration.ofMillis(100), policy.nextAttempt());
        assertNull(policy.nextAttempt(), "two attempts in all");
        assertArrayEquals("{\"id\":1}".getBytes(StandardCharsets.UTF_8), probe.exchange().bufferedBody().bytes());
    }

    @Test
    void aBodyOverTheReplayLimitGoesOutOnceAndStreams() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.request("POST", "/upload")
                .body("x".repeat(RetryMiddleware.MAX_REPLAYED_BODY + 1)).run(retry(3));

        assertTrue(probe.passedOn());
        assertNull(probe.exchange().retryPolicy());
        assertNull(probe.exchange().bufferedBody());
    }

    @Test
    void aBodyAnEarlierMiddlewareBufferedIsReplayedWhateverItsSize() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.request("POST", "/upload")
                .body("x".repeat(RetryMiddleware.MAX_REPLAYED_BODY + 1));
        BufferedBody buffered = BufferedBody.inMemory(new byte[RetryMiddleware.MAX_REPLAYED_BODY + 1]);
        probe.exchange().bufferedBody(buffered);

        probe.run(retry(3));

        assertTrue(probe.passedOn());
        assertNotNull(probe.exchange().retryPolicy());
        assertSame(buffered, probe.exchange().bufferedBody());
    }
}
