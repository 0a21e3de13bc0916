package io.jetway.middleware.ipallowlist;

import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpAllowListMiddlewareTest {

    private static IpAllowListMiddleware allowList(Map<String, Object> options) {
        return new IpAllowListMiddleware("test@file", IpAllowListOptions.from(Node.root(options)));
    }

    @Test
    void servesAPeerInTheRange() throws Exception {
        assertTrue(MiddlewareProbe.get("/").remoteAddr("10.1.2.3")
                .run(allowList(Map.of("sourceRange", List.of("10.0.0.0/8")))).passedOn());
    }

    @Test
    void rejectsOthersWithTheStatusText() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/").remoteAddr("192.0.2.10")
                .run(allowList(Map.of("sourceRange", List.of("10.0.0.0/8"))));

        assertFalse(probe.passedOn());
        assertEquals(403, probe.status());
        assertEquals("Forbidden", probe.responseBody());
    }

    @Test
    void theRejectStatusCodeIsUsed() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/").remoteAddr("192.0.2.10")
                .run(allowList(Map.of("sourceRange", List.of("10.0.0.0/8"), "rejectStatusCode", 404)));

        assertEquals(404, probe.status());
        assertEquals("Not Found", probe.responseBody());
    }

    @Test
    void theIpStrategyChoosesTheAddress() throws Exception {
        IpAllowListMiddleware byDepth = allowList(Map.of("sourceRange", List.of("10.0.0.0/8"), "ipStrategy", Map.of("depth", 2)));

        assertTrue(MiddlewareProbe.get("/").remoteAddr("192.0.2.10").header("X-Forwarded-For", "10.0.0.1, 192.0.2.99")
                .run(byDepth).passedOn());
        assertFalse(MiddlewareProbe.get("/").remoteAddr("10.0.0.1").header("X-Forwarded-For", "192.0.2.1, 10.0.0.2")
                .run(byDepth).passedOn());
    }

    @Test
    void anAddressWithAPortIsMatchedWithoutIt() throws Exception {
        IpAllowListMiddleware excluding = allowList(Map.of("sourceRange", List.of("10.0.0.0/8"),
                "ipStrategy", Map.of("excludedIPs", List.of("192.0.2.0/24"))));

        assertTrue(MiddlewareProbe.get("/").header("X-Forwarded-For", "10.0.0.1:4711, 192.0.2.5").run(excluding).passedOn());
    }
}
