package io.jetway.middleware.headers;

import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadersMiddlewareTest {

    private static HeadersMiddleware headers(Map<String, Object> options) {
        return new HeadersMiddleware(HeadersOptions.from(Node.root(options)));
    }

    @Test
    void customRequestHeadersAreSetOrRemovedOnTheForwardedRequest() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/").header("X-Drop", "secret")
                .run(headers(Map.of("customRequestHeaders", Map.of("X-Env", "prod", "X-Drop", ""))));

        assertTrue(probe.passedOn());
        assertEquals(List.of("prod"), probe.exchange().requestHeader("X-Env"));
        assertEquals(List.of(), probe.exchange().requestHeader("X-Drop"));
        assertTrue(probe.exchange().requestHeaderEdited("X-Drop"));
    }

    @Test
    void customResponseHeadersReachTheAnswerWrittenAfterIt() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/").run(headers(Map.of("customResponseHeaders", Map.of("X-Served-By", "jetway"))));

        assertTrue(probe.passedOn());
        assertEquals("jetway", probe.responseHeader("X-Served-By"));
    }

    @Test
    void securityHeadersAreAddedAndACustomValueWins() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/").secure().run(headers(Map.of(
                "stsSeconds", 60, "stsIncludeSubdomains", true, "frameDeny", true, "contentTypeNosniff", true,
                "customResponseHeaders", Map.of("X-Frame-Options", "SAMEORIGIN"))));

        assertTrue(probe.passedOn());
        assertEquals("max-age=60; includeSubDomains", probe.responseHeader("Strict-Transport-Security"));
        assertEquals("SAMEORIGIN", probe.responseHeader("X-Frame-Options"));
        assertEquals("nosniff", probe.responseHeader("X-Content-Type-Options"));
    }

    @Test
    void stsOnlyOverTlsUnlessForced() throws Exception {
        assertNull(MiddlewareProbe.get("/").run(headers(Map.of("stsSeconds", 60))).responseHeader("Strict-Transport-Security"));
        assertEquals("max-age=60", MiddlewareProbe.get("/").run(headers(Map.of("stsSeconds", 60, "forceSTSHeader", true)))
                .responseHeader("Strict-Transport-Security"));
    }

    @Test
    void aHostNotAllowedGetsBadHost() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/").header("Host", "evil.test")
                .run(headers(Map.of("allowedHosts", List.of("a.test"), "customResponseHeaders", Map.of("X-Custom", "1"))));

        assertFalse(probe.passedOn());
        assertEquals(500, probe.status());
        assertEquals("Bad Host\n", probe.responseBody());
        assertEquals("1", probe.responseHeader("X-Custom"));
    }

    @Test
    void anAllowedHostPassesOn() throws Exception {
        assertTrue(MiddlewareProbe.get("/").header("Host", "a.test").run(headers(Map.of("allowedHosts", List.of("a.test")))).passedOn());
    }

    @Test
    void v2SslRedirectSendsPlainRequestsToHttps() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/p?q=1").header("Host", "a.test").run(headers(Map.of("sslRedirect", true)));

        assertFalse(probe.passedOn());
        assertEquals(301, probe.status());
        assertEquals("https://a.test/p?q=1", probe.responseHeader("Location"));
        assertEquals("<a href=\"https://a.test/p?q=1\">Moved Permanently</a>.\n\n", probe.responseBody());
        assertTrue(MiddlewareProbe.get("/").header("Host", "a.test").secure()
                .run(headers(Map.of("sslRedirect", true))).passedOn());
    }

    @Test
    void aPreflightIsAnsweredHere() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.request("OPTIONS", "/").header("Origin", "https://a.test")
                .header("Access-Control-Request-Method", "PUT")
                .run(headers(Map.of("accessControlAllowOriginList", List.of("https://a.test"),
                        "accessControlAllowMethods", List.of("GET", "PUT"), "accessControlMaxAge", 100)));

        assertFalse(probe.passedOn());
        assertEquals(200, probe.status());
        assertEquals("https://a.test", probe.responseHeader("Access-Control-Allow-Origin"));
        assertEquals("GET,PUT", probe.responseHeader("Access-Control-Allow-Methods"));
        assertEquals("100", probe.responseHeader("Access-Control-Max-Age"));
    }

    @Test
    void aCorsRequestGetsTheOriginMatchedByRegex() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/").header("Origin", "https://x.b.test")
                .run(headers(Map.of("accessControlAllowOriginListRegex", List.of("^https://.*\\.b\\.test$"),
                        "accessControlAllowCredentials", true)));

        assertTrue(probe.passedOn());
        assertEquals("https://x.b.test", probe.responseHeader("Access-Control-Allow-Origin"));
        assertEquals("true", probe.responseHeader("Access-Control-Allow-Credentials"));
    }

    @Test
    void anOriginNotListedGetsNoAllowOrigin() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/").header("Origin", "https://other.test")
                .run(headers(Map.of("accessControlAllowOriginList", List.of("https://a.test"))));

        assertTrue(probe.passedOn());
        assertNull(probe.responseHeader("Access-Control-Allow-Origin"));
    }
}
