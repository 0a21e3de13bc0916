package io.jetway.middleware.headers;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeadersOptionsTest {

    private static HeadersOptions from(Map<String, Object> options) {
        return HeadersOptions.from(Node.root(options));
    }

    @Test
    void customHeadersAloneLeaveCorsAndSecurityUnset() {
        HeadersOptions options = from(Map.of("customRequestHeaders", Map.of("X-Env", "prod", "X-Drop", ""),
                "customResponseHeaders", Map.of("Server", "")));

        assertEquals(Map.of("X-Env", "prod", "X-Drop", ""), options.customRequestHeaders());
        assertEquals(Map.of("Server", ""), options.customResponseHeaders());
        assertNull(options.cors());
        assertNull(options.security());
        assertEquals(List.of(), options.v2OnlyOptions());
    }

    @Test
    void readsTheCorsOptions() {
        CorsHeaders cors = from(Map.of(
                "accessControlAllowOriginList", List.of("https://a.test"),
                "accessControlAllowOriginListRegex", List.of("^https://.*\\.b\\.test$"),
                "accessControlAllowMethods", List.of("GET", "POST"),
                "accessControlAllowHeaders", List.of("X-Token"),
                "accessControlExposeHeaders", List.of("X-Total"),
                "accessControlAllowCredentials", true,
                "accessControlMaxAge", 600,
                "addVaryHeader", true)).cors();

        assertEquals(List.of("https://a.test"), cors.allowOrigins());
        assertEquals("^https://.*\\.b\\.test$", cors.allowOriginPatterns().get(0).pattern());
        assertEquals(List.of("GET", "POST"), cors.allowMethods());
        assertEquals(List.of("X-Token"), cors.allowHeaders());
        assertEquals(List.of("X-Total"), cors.exposeHeaders());
        assertTrue(cors.allowCredentials());
        assertEquals(600, cors.maxAge());
        assertTrue(cors.addVaryHeader());
    }

    @Test
    void readsTheSecurityOptions() {
        SecurityHeaders security = from(Map.ofEntries(
                Map.entry("allowedHosts", List.of("a.test")),
                Map.entry("hostsProxyHeaders", List.of("X-Forwarded-Host")),
                Map.entry("sslProxyHeaders", Map.of("X-Forwarded-Proto", "https")),
                Map.entry("stsSeconds", 31536000),
                Map.entry("stsIncludeSubdomains", true),
                Map.entry("stsPreload", true),
                Map.entry("forceSTSHeader", true),
                Map.entry("frameDeny", true),
                Map.entry("contentTypeNosniff", true),
                Map.entry("browserXssFilter", true),
                Map.entry("contentSecurityPolicy", "default-src 'self'"),
                Map.entry("contentSecurityPolicyReportOnly", "script-src 'self'"),
                Map.entry("publicKey", "pin-sha256=\"x\""),
                Map.entry("referrerPolicy", "no-referrer"),
                Map.entry("permissionsPolicy", "camera=()"),
                Map.entry("isDevelopment", false))).security();

        assertEquals(List.of("a.test"), security.allowedHosts());
        assertEquals(List.of("X-Forwarded-Host"), security.hostsProxyHeaders());
        assertEquals(Map.of("X-Forwarded-Proto", "https"), security.sslProxyHeaders());
        assertEquals(31536000, security.stsSeconds());
        assertTrue(security.stsIncludeSubdomains() && security.stsPreload() && security.forceSTSHeader());
        assertEquals("DENY", security.frameOptions());
        assertTrue(security.contentTypeNosniff());
        assertEquals("1; mode=block", security.xssProtection());
        assertEquals("default-src 'self'", security.contentSecurityPolicy());
        assertEquals("script-src 'self'", security.contentSecurityPolicyReportOnly());
        assertEquals("pin-sha256=\"x\"", security.publicKey());
        assertEquals("no-referrer", security.referrerPolicy());
        assertEquals("camera=()", security.permissionsPolicy());
        assertFalse(security.isDevelopment());
        assertFalse(security.sslRedirect().defined());
    }

    @Test
    void customFrameAndXssValuesWinOverTheSwitches() {
        SecurityHeaders security = from(Map.of("frameDeny", true, "customFrameOptionsValue", "SAMEORIGIN",
                "browserXssFilter", true, "customBrowserXSSValue", "0")).security();

        assertEquals("SAMEORIGIN", security.frameOptions());
        assertEquals("0", security.xssProtection());
    }

    @Test
    void v2OptionsAreReadAndListed() {
        HeadersOptions options = from(Map.of("sslRedirect", true, "sslTemporaryRedirect", true, "sslHost", "secure.test",
                "sslForceHost", true, "featurePolicy", "vibrate 'none'"));

        assertEquals(new SecurityHeaders.SslRedirect(true, true, "secure.test", true), options.security().sslRedirect());
        assertEquals(307, options.security().sslRedirect().status());
        assertEquals("vibrate 'none'", options.security().featurePolicy());
        assertEquals(List.of("sslRedirect", "sslTemporaryRedirect", "sslHost", "sslForceHost", "featurePolicy"),
                options.v2OnlyOptions());
    }

    @Test
    void optionsThatSetNothingAreRefused() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> HeadersOptions.from(Node.at("spec.headers", Map.of("customRequestHeaders", Map.of()))));
        assertEquals("spec.headers: sets no custom header, CORS or security option", e.getMessage());
    }

    @Test
    void anEmptyHeaderNameIsNamed() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> from(Map.of("customResponseHeaders", Map.of(" ", "x"))));
        assertEquals("customResponseHeaders: a header name is empty", e.getMessage());
    }

    @Test
    void aNegativeStsSecondsIsNamed() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class, () -> from(Map.of("stsSeconds", -1)));
        assertEquals("stsSeconds: must not be negative, got -1", e.getMessage());
    }

    @Test
    void anInvalidOriginRegexNamesItsEntry() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> from(Map.of("accessControlAllowOriginListRegex", List.of("(unclosed"))));
        assertEquals("accessControlAllowOriginListRegex[0]", e.field());
    }

    @Test
    void wrongTypesAreNamed() {
        assertEquals("accessControlMaxAge", assertThrows(Node.InvalidFieldException.class,
                () -> from(Map.of("accessControlMaxAge", "long"))).field());
        assertEquals("contentTypeNosniff", assertThrows(Node.InvalidFieldException.class,
                () -> from(Map.of("contentTypeNosniff", "yes"))).field());
    }
}
