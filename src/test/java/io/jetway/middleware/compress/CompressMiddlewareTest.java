package io.jetway.middleware.compress;

import io.jetway.exchange.ForwardEdits;
import io.jetway.middleware.MiddlewareProbe;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whether compress asks the proxy to compress this response, decided from the request. */
class CompressMiddlewareTest {

    private static CompressMiddleware compress(String defaultEncoding) {
        return new CompressMiddleware(new CompressOptions(Set.of(), Set.of(), 1024, List.of("gzip"), defaultEncoding));
    }

    private static String varyAfterEdits(MiddlewareProbe probe, String backendVary) {
        HttpFields.Mutable headers = HttpFields.build();
        if (backendVary != null) {
            headers.put("Vary", backendVary);
        }
        ForwardEdits edits = probe.exchange().editsIfAny();
        edits.applyToResponse(headers);
        return headers.get("Vary");
    }

    @Test
    void aClientThatAcceptsACodingGetsTheResponseTransformedAndVaryOnAcceptEncoding() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/").header("Accept-Encoding", "gzip, deflate").run(compress(null));

        assertTrue(probe.passedOn());
        assertNotNull(probe.exchange().responseBodyTransformer());
        assertEquals("Accept-Encoding", varyAfterEdits(probe, null));
        assertEquals("Origin,Accept-Encoding", varyAfterEdits(probe, "Origin"), "added to the backend's");
    }

    @Test
    void aClientThatAcceptsNoneOfOurCodingsGetsItAsItIs() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/").header("Accept-Encoding", "br").run(compress(null));

        assertTrue(probe.passedOn());
        assertNull(probe.exchange().responseBodyTransformer());
        assertNull(probe.exchange().editsIfAny());
    }

    @Test
    void withoutAcceptEncodingOnlyTheDefaultEncodingCompresses() throws Exception {
        assertNull(MiddlewareProbe.get("/").run(compress(null)).exchange().responseBodyTransformer());
        assertNotNull(MiddlewareProbe.get("/").run(compress("gzip")).exchange().responseBodyTransformer());
    }

    @Test
    void headAndGrpcRequestsAreNeverCompressed() throws Exception {
        MiddlewareProbe head = MiddlewareProbe.request("HEAD", "/").header("Accept-Encoding", "gzip").run(compress(null));
        MiddlewareProbe grpc = MiddlewareProbe.request("POST", "/pkg.Service/Call").header("Accept-Encoding", "gzip")
                .header("Content-Type", "application/grpc; charset=utf-8").run(compress(null));

        assertTrue(head.passedOn());
        assertNull(head.exchange().responseBodyTransformer());
        assertTrue(grpc.passedOn());
        assertNull(grpc.exchange().responseBodyTransformer());
    }

    @Test
    void mediaTypesDropTheirParametersAndCase() {
        assertEquals("text/html", CompressMiddleware.mediaType(" Text/HTML ; charset=utf-8"));
        assertNull(CompressMiddleware.mediaType("text"));
        assertNull(CompressMiddleware.mediaType("/html"));
        assertNull(CompressMiddleware.mediaType("text/"));
        assertNull(CompressMiddleware.mediaType(null));
    }
}
