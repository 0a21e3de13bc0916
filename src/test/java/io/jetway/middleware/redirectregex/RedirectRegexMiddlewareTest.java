package io.jetway.middleware.redirectregex;

import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedirectRegexMiddlewareTest {

    private static RedirectRegexMiddleware middleware(String regex, String replacement, boolean permanent) {
        return new RedirectRegexMiddleware(new RedirectRegexOptions(Pattern.compile(regex), replacement, permanent));
    }

    @Test
    void rewritesTheFullUrlWithGoGroups() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/docs/intro?v=2").header("Host", "old.test:8080")
                .run(middleware("^http://old\\.test:8080/docs/(.*)", "https://new.test/${1}", true));

        assertFalse(probe.passedOn());
        assertEquals(301, probe.status());
        assertEquals("https://new.test/intro?v=2", probe.responseHeader("Location"));
        assertEquals("Moved Permanently", probe.responseBody());
    }

    @Test
    void noMatchOrTheSameUrlPassesOn() throws Exception {
        assertTrue(MiddlewareProbe.get("/x").header("Host", "a.test").run(middleware("^https://", "http://", false)).passedOn());
        assertTrue(MiddlewareProbe.get("/x").header("Host", "a.test").run(middleware("^(.*)$", "$1", false)).passedOn());
    }

    @Test
    void aReplacementThatIsNotAUrlIsAServerError() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/x").header("Host", "a.test").run(middleware("^.*$", "http://a b/%zz", false));

        assertFalse(probe.passedOn());
        assertEquals(500, probe.status());
        assertEquals("Internal Server Error", probe.responseBody());
    }
}
