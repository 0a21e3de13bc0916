package io.jetway.e2e;

import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.jetway.e2e.MiddlewareHarness.receivedHeader;
import static io.jetway.e2e.MiddlewareHarness.requestLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The path middlewares and chains, through Jetway to a real backend that reports what it received. */
class PathMiddlewaresTest {

    @ParameterizedTest(name = "{0}: {2} -> {3}")
    @CsvSource(delimiter = '|', value = {
            // kind             | options                                              | sent            | received        | X-Forwarded-Prefix | X-Replaced-Path
            "addPrefix          | {prefix: /api}                                       | /users?id=1     | /api/users?id=1 |                    |",
            "stripPrefix        | {prefixes: [/other, /api]}                           | /api/users?x=%41 | /users?x=%41   | /api               |",
            "stripPrefix        | {prefixes: [/api]}                                   | /api            | /               | /api               |",
            "stripPrefix        | {prefixes: [/api]}                                   | /web/api        | /web/api        |                    |",
            "stripPrefixRegex   | {regex: ['/v[0-9]+']}                                | /v12/items      | /items          | /v12               |",
            "replacePath        | {path: /replaced}                                    | /anything?q=1   | /replaced?q=1   |                    | /anything",
            "replacePathRegex   | {regex: '^/blog/(.*)', replacement: '/posts/$1'}     | /blog/2024/x    | /posts/2024/x   |                    | /blog/2024/x",
            "replacePathRegex   | {regex: '^/blog/(.*)', replacement: '/posts/${1}'}   | /blog/a         | /posts/a        |                    | /blog/a",
            "replacePathRegex   | {regex: '^/blog/(.*)', replacement: '/posts/$1'}     | /shop/a         | /shop/a         |                    |",
    })
    void rewritesWhatTheBackendReceives(String kind, String options, String sent, String received, String prefix,
                                        String replaced, @TempDir Path dir) throws Exception {
        String middleware = """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: mw}
                spec:
                  %s: %s
                """.formatted(kind, options);
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, middleware, Manifests.appRoute("app.localhost", "{name: mw}"))) {
            ContentResponse r = h.get("app.localhost", sent);
            assertEquals(200, r.getStatus(), r.getContentAsString());
            assertEquals("GET " + received + " HTTP/1.1", requestLine(r));
            assertEquals(prefix, receivedHeader(r, "X-Forwarded-Prefix"));
            assertEquals(replaced, receivedHeader(r, "X-Replaced-Path"));
        }
    }

    @Test
    void chainsRunTheirMiddlewaresInOrderAndNest(@TempDir Path dir) throws Exception {
        String middlewares = """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: strip}
                spec:
                  stripPrefix: {prefixes: [/public]}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: add}
                spec:
                  addPrefix: {prefix: /v2}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: inner}
                spec:
                  chain:
                    middlewares: [{name: strip}, {name: add}]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: outer}
                spec:
                  chain:
                    middlewares: [{name: inner}, {name: add}]
                """;
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, middlewares, Manifests.appRoute("app.localhost", "{name: outer}"))) {
            ContentResponse r = h.get("app.localhost", "/public/items");
            assertEquals("GET /v2/v2/items HTTP/1.1", requestLine(r), "strip, add, then add again");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing middleware | {name: nope}                | middleware \"default-nope@kubernetescrd\" does not exist",
            "bad regexp         | {name: bad-regex}           | spec.stripPrefixRegex.regex[0]: invalid regular expression",
            "cycle              | {name: loop-a}              | reference cycle",
            "unknown kind       | {name: two-kinds}           | spec must name exactly one middleware type",
    })
    void aBrokenMiddlewareDisablesOnlyTheRoutersUsingIt(String label, String ref, String message, @TempDir Path dir) throws Exception {
        String middlewares = """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: bad-regex}
                spec:
                  stripPrefixRegex: {regex: ['/v[0-9']}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: loop-a}
                spec:
                  chain: {middlewares: [{name: loop-b}]}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: loop-b}
                spec:
                  chain: {middlewares: [{name: loop-a}]}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: two-kinds}
                spec:
                  addPrefix: {prefix: /a}
                  stripPrefix: {prefixes: [/b]}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: good}
                spec:
                  routes:
                    - match: Host(`good.localhost`)
                      services: [{name: app, port: 80}]
                """;
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, middlewares, Manifests.appRoute("bad.localhost", ref))) {
            assertEquals(404, h.get("bad.localhost", "/").getStatus(), "the router using it is disabled");
            assertEquals(200, h.get("good.localhost", "/").getStatus(), "everything else serves");
            String errors = h.jetway.server.routerStatuses().toString();
            assertTrue(errors.contains(message), errors);
        }
    }
}
