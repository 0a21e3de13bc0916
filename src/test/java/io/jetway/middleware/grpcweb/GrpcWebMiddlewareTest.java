package io.jetway.middleware.grpcweb;

import io.jetway.middleware.MiddlewareProbe;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How grpcWeb turns a gRPC-Web call into a gRPC one, and the preflights it answers itself. */
class GrpcWebMiddlewareTest {

    private static final GrpcWebMiddleware APP_ONLY = new GrpcWebMiddleware(new GrpcWebOptions(List.of("https://app.test")));

    private static MiddlewareProbe preflight(String origin) {
        return MiddlewareProbe.request("OPTIONS", "/pkg.Service/Call").header("Origin", origin)
                .header("Access-Control-Request-Method", "post")
                .header("Access-Control-Request-Headers", "X-Grpc-Web, Content-Type ,");
    }

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredWithTheCorsHeaders() throws Exception {
        MiddlewareProbe probe = preflight("https://app.test").run(APP_ONLY);

        assertFalse(probe.passedOn());
        assertEquals(200, probe.status());
        assertEquals("https://app.test", probe.responseHeader("Access-Control-Allow-Origin"));
        assertEquals("POST", probe.responseHeader("Access-Control-Allow-Methods"));
        assertEquals("x-grpc-web, content-type", probe.responseHeader("Access-Control-Allow-Headers"));
        assertEquals("true", probe.responseHeader("Access-Control-Allow-Credentials"));
        assertEquals("600", probe.responseHeader("Access-Control-Max-Age"));
        assertEquals("Origin", probe.responseHeader("Vary"));
        assertEquals("0", probe.responseHeader("Content-Length"));
    }

    @Test
    void aPreflightFromAnotherOriginIsAnsweredWithoutThem() throws Exception {
        MiddlewareProbe probe = preflight("https://evil.test").run(APP_ONLY);

        assertFalse(probe.passedOn());
        assertEquals(200, probe.status());
        assertNull(probe.responseHeader("Access-Control-Allow-Origin"));
    }

    @Test
    void aPreflightThatDoesNotAskForGrpcWebPassesOn() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.request("OPTIONS", "/").header("Origin", "https://app.test")
                .header("Access-Control-Request-Method", "POST").run(APP_ONLY);

        assertTrue(probe.passedOn());
    }

    @Test
    void otherRequestsPassOnUntouched() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.request("POST", "/").header("Content-Type", "application/json")
                .body("{}").run(APP_ONLY);

        assertTrue(probe.passedOn());
        assertNull(probe.exchange().editsIfAny());
        assertNull(probe.exchange().responseBodyTransformer());
    }

    @Test
    void aGrpcWebCallGoesOutAsGrpcAndComesBackTransformed() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.request("POST", "/pkg.Service/Call")
                .header("Content-Type", "application/grpc-web+proto").header("Origin", "https://app.test")
                .body("\0\0\0\0\0").run(APP_ONLY);

        assertTrue(probe.passedOn());
        assertEquals(List.of("application/grpc+proto"), probe.exchange().requestHeader("Content-Type"));
        assertEquals(List.of(), probe.exchange().requestHeader("Content-Length"));
        assertNotNull(probe.exchange().responseBodyTransformer());
        assertNull(probe.exchange().bufferedBody(), "a binary body streams as it is");
        HttpFields.Mutable headers = HttpFields.build();
        probe.exchange().edits().applyToResponse(headers);
        assertEquals("https://app.test", headers.get("Access-Control-Allow-Origin"));
        assertEquals("true", headers.get("Access-Control-Allow-Credentials"));
        assertEquals("Origin", headers.get("Vary"));
    }

    @Test
    void aTextCallsBodyIsDecodedBeforeItGoesOut() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.request("POST", "/pkg.Service/Call")
                .header("Content-Type", "application/grpc-web-text").body("AAAAAAJoaQ==").run(APP_ONLY);

        assertTrue(probe.passedOn());
        assertEquals(List.of("application/grpc"), probe.exchange().requestHeader("Content-Type"));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 2, 'h', 'i'}, probe.exchange().bufferedBody().bytes());
    }

    @Test
    void aTextCallWhoseBodyIsNotBase64IsABadRequest() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.request("POST", "/pkg.Service/Call")
                .header("Content-Type", "application/grpc-web-text").body("not base64!").run(APP_ONLY);

        assertFalse(probe.passedOn());
        assertEquals(400, probe.status());
        assertEquals("Bad Request", probe.responseBody());
    }
}
