package io.jetway.e2e;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A compress middleware with bad options disables the routers using it, naming the field. */
class CompressOptionsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{excludedContentTypes: [text/csv], includedContentTypes: [text/html]} | spec.compress.includedContentTypes",
            "{encodings: [deflate]}                                               | spec.compress.encodings[0]",
            "{encodings: []}                                                      | spec.compress.encodings",
            "{defaultEncoding: zstd, encodings: [gzip]}                           | spec.compress.defaultEncoding",
            "{minResponseBodyBytes: -1}                                           | spec.compress.minResponseBodyBytes",
            "{excludedContentTypes: [notatype]}                                   | spec.compress.excludedContentTypes[0]",
    })
    void badOptionsDisableOnlyTheRoutersUsingThem(String options, String field, @TempDir Path dir) throws Exception {
        String middlewares = """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: bad}
                spec:
                  compress: %s
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: good}
                spec:
                  routes:
                    - match: Host(`good.localhost`)
                      services: [{name: app, port: 80}]
                """.formatted(options);
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, middlewares,
                MiddlewareHarness.route("bad.localhost", "{name: bad}"))) {
            assertEquals(404, h.get("bad.localhost", "/").getStatus(), "the router using it is disabled");
            assertEquals(200, h.get("good.localhost", "/").getStatus(), "everything else serves");
            String errors = h.jetway.server.routerStatuses().toString();
            assertTrue(errors.contains(field) && errors.contains("default-bad@kubernetescrd"), errors);
        }
    }

}
