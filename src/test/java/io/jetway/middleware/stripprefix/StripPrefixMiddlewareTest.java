package io.jetway.middleware.stripprefix;

import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StripPrefixMiddlewareTest {

    private static MiddlewareProbe run(String path, String... prefixes) throws Exception {
        return MiddlewareProbe.get(path).run(new StripPrefixMiddleware(new StripPrefixOptions(List.of(prefixes))));
    }

    @Test
    void stripsTheFirstMatchingPrefixAndNamesIt() throws Exception {
        MiddlewareProbe probe = run("/api/v1/users", "", "/web", "/api", "/api/v1");

        assertTrue(probe.passedOn());
        assertEquals("/v1/users", probe.exchange().path());
        assertEquals(List.of("/api"), probe.exchange().requestHeader("X-Forwarded-Prefix"));
    }

    @Test
    void whatRemainsStartsWithASlash() throws Exception {
        assertEquals("/", run("/api", "/api").exchange().path());
        assertEquals("/users", run("/apiusers", "/api").exchange().path());
    }

    @Test
    void aPathWithoutThePrefixIsForwardedAsItIs() throws Exception {
        MiddlewareProbe probe = run("/web/index.html", "/api");

        assertTrue(probe.passedOn());
        assertEquals("/web/index.html", probe.exchange().path());
        assertFalse(probe.exchange().requestHeaderEdited("X-Forwarded-Prefix"));
    }
}
