package io.jetway.middleware.replacepathregex;

import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplacePathRegexMiddlewareTest {

    private static MiddlewareProbe run(String path, String regex, String replacement) throws Exception {
        return MiddlewareProbe.get(path)
                .run(new ReplacePathRegexMiddleware(new ReplacePathRegexOptions(Pattern.compile(regex), replacement)));
    }

    @Test
    void replacesTheMatchAndTellsTheOriginalPath() throws Exception {
        MiddlewareProbe probe = run("/foo/bar", "^/foo/(.*)", "/bar/$1");

        assertTrue(probe.passedOn());
        assertEquals("/bar/bar", probe.exchange().path());
        assertEquals(List.of("/foo/bar"), probe.exchange().requestHeader("X-Replaced-Path"));
    }

    @Test
    void anEmptyResultIsTheRoot() throws Exception {
        assertEquals("/", run("/foo", "^/foo", "").exchange().path());
    }

    @Test
    void noMatchLeavesThePath() throws Exception {
        MiddlewareProbe probe = run("/other", "^/foo", "/bar");

        assertTrue(probe.passedOn());
        assertEquals("/other", probe.exchange().path());
        assertFalse(probe.exchange().requestHeaderEdited("X-Replaced-Path"));
    }
}
