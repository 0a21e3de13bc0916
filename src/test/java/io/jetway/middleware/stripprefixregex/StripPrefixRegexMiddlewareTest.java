package io.jetway.middleware.stripprefixregex;

import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StripPrefixRegexMiddlewareTest {

    private static MiddlewareProbe run(String path, String... regex) throws Exception {
        List<Pattern> patterns = List.of(regex).stream().map(Pattern::compile).toList();
        return MiddlewareProbe.get(path).run(new StripPrefixRegexMiddleware(new StripPrefixRegexOptions(patterns)));
    }

    @Test
    void stripsWhatTheFirstRegexMatchesAtTheStart() throws Exception {
        MiddlewareProbe probe = run("/tenant/42/orders", "/other", "/tenant/[0-9]+");

        assertTrue(probe.passedOn());
        assertEquals("/orders", probe.exchange().path());
        assertEquals(List.of("/tenant/42"), probe.exchange().requestHeader("X-Forwarded-Prefix"));
    }

    @Test
    void aMatchElsewhereOrAnEmptyMatchStripsNothing() throws Exception {
        MiddlewareProbe elsewhere = run("/x/tenant/42", "/tenant/[0-9]+");
        MiddlewareProbe empty = run("/orders", "x*");

        assertEquals("/x/tenant/42", elsewhere.exchange().path());
        assertFalse(elsewhere.exchange().requestHeaderEdited("X-Forwarded-Prefix"));
        assertEquals("/orders", empty.exchange().path());
        assertTrue(empty.passedOn());
    }
}
