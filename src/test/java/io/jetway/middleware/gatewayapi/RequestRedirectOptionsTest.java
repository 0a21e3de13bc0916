package io.jetway.middleware.gatewayapi;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RequestRedirectOptionsTest {

    private static RequestRedirectOptions parse(Map<String, Object> options) {
        return RequestRedirectOptions.from(Node.at("spec.gatewayRequestRedirect", options));
    }

    private static String error(Map<String, Object> options) {
        return assertThrows(Node.InvalidFieldException.class, () -> parse(options)).getMessage();
    }

    @Test
    void nothingConfiguredIsA302KeepingEverything() {
        assertEquals(new RequestRedirectOptions(null, null, null, null, 302), parse(Map.of()));
    }

    @Test
    void readsEveryField() {
        RequestRedirectOptions options = parse(Map.of("scheme", "HTTPS", "hostname", "example.com", "port", 8443,
                "path", Map.of("type", "ReplacePrefixMatch", "replacePrefixMatch", "/new"), "pathPrefix", "/old",
                "statusCode", 301));

        assertEquals(new RequestRedirectOptions("https", "example.com", 8443, new PathModifier("/new", "/old"), 301), options);
    }

    @ParameterizedTest
    @ValueSource(ints = {301, 302, 303, 307, 308})
    void theRedirectStatusesAreAccepted(int status) {
        assertEquals(status, parse(Map.of("statusCode", status)).statusCode());
    }

    @Test
    void otherStatusesAreRefused() {
        assertEquals("spec.gatewayRequestRedirect.statusCode: unsupported status code 200 (301, 302, 303, 307 or 308)",
                error(Map.of("statusCode", 200)));
    }

    @Test
    void badFieldsAreNamed() {
        assertEquals("spec.gatewayRequestRedirect.port: must be a port number from 1 to 65535, got 70000",
                error(Map.of("port", 70000)));
        assertEquals("spec.gatewayRequestRedirect.port: expected an integer, got \"https\"", error(Map.of("port", "https")));
        assertEquals("spec.gatewayRequestRedirect.scheme: invalid scheme \"ht tp\"", error(Map.of("scheme", "ht tp")));
        assertEquals("spec.gatewayRequestRedirect.hostname: invalid hostname \"a.test/x\"", error(Map.of("hostname", "a.test/x")));
        assertEquals("spec.gatewayRequestRedirect.hostname: invalid hostname \"*.a.test\"", error(Map.of("hostname", "*.a.test")));
        assertEquals("spec.gatewayRequestRedirect.path.replaceFullPath: is required when type is ReplaceFullPath",
                error(Map.of("path", Map.of("type", "ReplaceFullPath"))));
    }
}
