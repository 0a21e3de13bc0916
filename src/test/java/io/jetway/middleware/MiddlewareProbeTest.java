package io.jetway.middleware;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe itself: it shows what a middleware asked of the proxy, and what it answered itself. */
class MiddlewareProbeTest {

    @Test
    void aMiddlewareThatPassesOnLeavesItsEditsInTheExchange() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/api/users?x=1").header("Host", "a.test");
        probe.run(Middlewares.FACTORIES.get("stripPrefix")
                .create(Node.root(Map.of("prefixes", List.of("/api"))), MiddlewareProbe.context()));

        assertTrue(probe.passedOn());
        assertEquals("/users", probe.exchange().path());
        assertEquals("x=1", probe.exchange().query());
        assertEquals(List.of("/api"), probe.exchange().requestHeader("X-Forwarded-Prefix"));
    }

    @Test
    void aMiddlewareThatAnswersDoesNotPassOn() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/private").header("Host", "a.test");
        probe.run(Middlewares.FACTORIES.get("redirectScheme")
                .create(Node.root(Map.of("scheme", "https", "permanent", true)), MiddlewareProbe.context()));

        assertFalse(probe.passedOn());
        assertEquals(301, probe.status());
        assertEquals("https://a.test/private", probe.responseHeader("Location"));
    }
}
