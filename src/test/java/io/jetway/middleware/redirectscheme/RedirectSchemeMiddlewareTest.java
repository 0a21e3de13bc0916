package io.jetway.middleware.redirectscheme;

import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedirectSchemeMiddlewareTest {

    private static RedirectSchemeMiddleware https(String port, boolean permanent) {
        return new RedirectSchemeMiddleware(new RedirectSchemeOptions("https", port, permanent));
    }

    @Test
    void redirectsAPlainRequestToHttpsKeepingPathAndQuery() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/a/b?x=1").header("Host", "a.test:8000").run(https("", false));

        assertFalse(probe.passedOn());
        assertEquals(302, probe.status());
        assertEquals("https://a.test/a/b?x=1", probe.responseHeader("Location"));
        assertEquals("Found", probe.responseBody());
    }

    @Test
    void thePortIsWrittenUnlessItIsTheSchemesDefault() throws Exception {
        assertEquals("https://a.test:8443/",
                MiddlewareProbe.get("/").header("Host", "a.test").run(https("8443", false)).responseHeader("Location"));
        assertEquals("https://a.test/",
                MiddlewareProbe.get("/").header("Host", "a.test").run(https("443", false)).responseHeader("Location"));
    }

    @Test
    void permanentAndOtherMethodsChooseTheStatus() throws Exception {
        assertEquals(301, MiddlewareProbe.get("/").header("Host", "a.test").run(https("", true)).status());
        assertEquals(307, MiddlewareProbe.request("POST", "/").header("Host", "a.test").run(https("", false)).status());
        assertEquals(308, MiddlewareProbe.request("POST", "/").header("Host", "a.test").run(https("", true)).status());
    }

    @Test
    void aRequestAlreadyOnTheSchemePassesOn() throws Exception {
        MiddlewareProbe secure = MiddlewareProbe.get("/").header("Host", "a.test").secure().run(https("", false));
        MiddlewareProbe forwarded = MiddlewareProbe.get("/").header("Host", "a.test")
                .header("X-Forwarded-Proto", "https").run(https("", false));

        assertTrue(secure.passedOn());
        assertTrue(forwarded.passedOn());
    }
}
