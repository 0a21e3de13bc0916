package io.jetway.middleware.gatewayapi;

import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** gatewayUrlRewrite: its options and what it asks the proxy to forward. */
class UrlRewriteTest {

    private static UrlRewriteOptions parse(Map<String, Object> options) {
        return UrlRewriteOptions.from(Node.at("spec.gatewayUrlRewrite", options));
    }

    private static MiddlewareProbe run(Map<String, Object> options, String pathAndQuery) throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get(pathAndQuery).header("Host", "a.test");
        return probe.run(UrlRewriteMiddleware.create(Node.root(options), MiddlewareProbe.context("u@kubernetesgateway")));
    }

    @Test
    void readsHostnameAndPath() {
        assertEquals(new UrlRewriteOptions("b.test", new PathModifier("/new", "/old")), parse(Map.of("hostname", "b.test",
                "path", Map.of("type", "ReplacePrefixMatch", "replacePrefixMatch", "/new"), "pathPrefix", "/old")));
        assertEquals(new UrlRewriteOptions("b.test", null), parse(Map.of("hostname", "b.test")));
    }

    @Test
    void neitherHostnameNorPathIsAnError() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class, () -> parse(Map.of("pathPrefix", "/p")));
        assertEquals("spec.gatewayUrlRewrite: a URL rewrite needs a hostname or a path, it has neither", e.getMessage());
    }

    @Test
    void aBadHostnameIsNamed() {
        assertEquals("spec.gatewayUrlRewrite.hostname: invalid hostname \"b.test:80\"",
                assertThrows(Node.InvalidFieldException.class, () -> parse(Map.of("hostname", "b.test:80"))).getMessage());
    }

    @Test
    void aHostnameRewritesTheHostAndKeepsThePath() throws Exception {
        MiddlewareProbe probe = run(Map.of("hostname", "b.test"), "/foo/?q=1");

        assertTrue(probe.passedOn());
        assertEquals(List.of("b.test"), probe.exchange().requestHeader("Host"));
        assertEquals("/foo/", probe.exchange().path());
        assertEquals("q=1", probe.exchange().query());
    }

    @Test
    void aFullPathReplacesThePathAndKeepsHostAndQuery() throws Exception {
        MiddlewareProbe probe = run(Map.of("path", Map.of("type", "ReplaceFullPath", "replaceFullPath", "/baz")), "/foo/bar/?q=1");

        assertEquals("/baz", probe.exchange().path());
        assertEquals("q=1", probe.exchange().query());
        assertEquals(List.of("a.test"), probe.exchange().requestHeader("Host"));
        assertEquals(List.of(), probe.exchange().requestHeader("X-Replaced-Path"), "Traefik adds no X-Replaced-Path here");
    }

    @Test
    void aPrefixReplacementKeepsWhatFollowsThePrefix() throws Exception {
        Map<String, Object> options = Map.of("hostname", "b.test", "pathPrefix", "/foo",
                "path", Map.of("type", "ReplacePrefixMatch", "replacePrefixMatch", "/baz"));

        assertEquals("/baz/bar/", run(options, "/foo/bar/").exchange().path());
        assertEquals("/baz", run(options, "/foo").exchange().path());
        assertEquals(List.of("b.test"), run(options, "/foo").exchange().requestHeader("Host"));
    }
}
