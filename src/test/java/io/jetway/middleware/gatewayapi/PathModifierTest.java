package io.jetway.middleware.gatewayapi;

import io.jetway.kube.Node;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PathModifierTest {

    private static PathModifier parse(Map<String, Object> path, String pathPrefix) {
        Map<String, Object> options = new HashMap<>();
        options.put("path", path);
        if (pathPrefix != null) {
            options.put("pathPrefix", pathPrefix);
        }
        Node node = Node.at("spec.gatewayUrlRewrite", options);
        return PathModifier.from(node.get("path"), node.get("pathPrefix"));
    }

    private static PathModifier prefix(String matched, String replacement) {
        return parse(Map.of("type", "ReplacePrefixMatch", "replacePrefixMatch", replacement), matched);
    }

    @ParameterizedTest(name = "{0} with prefix {1} replaced by \"{2}\" -> {3}")
    @CsvSource(delimiter = '|', value = {
            // the Gateway API's own table (HTTPPathModifier.ReplacePrefixMatch)
            "/foo/bar  | /foo   | /xyz   | /xyz/bar",
            "/foo/bar  | /foo   | /xyz/  | /xyz/bar",
            "/foo/bar  | /foo/  | /xyz   | /xyz/bar",
            "/foo/bar  | /foo/  | /xyz/  | /xyz/bar",
            "/foo      | /foo   | /xyz   | /xyz",
            "/foo/     | /foo   | /xyz   | /xyz/",
            "/foo/bar  | /foo   | ''     | /bar",
            "/foo/     | /foo   | ''     | /",
            "/foo      | /foo   | ''     | /",
            "/foo/     | /foo   | /      | /",
            "/foo      | /foo   | /      | /",
            // a prefix written with its slash still matches the bare path
            "/foo      | /foo/  | /xyz   | /xyz",
            // Go's path.Join: a replacement without a leading slash, doubled slashes, dot segments
            "/foo/bar  | /foo   | xyz    | /xyz/bar",
            "/foo//bar | /foo   | /xyz   | /xyz/bar",
            "/foo/a/./b/../c/ | /foo | /xyz | /xyz/a/c/",
            "/foo/bar  | /      | /xyz   | /xyz/foo/bar",
            // a path that does not start with the prefix is kept whole after the replacement
            "/other    | /foo   | /xyz   | /xyz/other",
    })
    void replacePrefixMatchJoinsWhatFollowsThePrefix(String path, String matched, String replacement, String expected) {
        assertEquals(expected, prefix(matched, replacement).apply(path));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "/foo/bar  | /baz",
            "/foo/bar/ | /baz",
            "/         | /baz",
    })
    void replaceFullPathIgnoresThePathAndItsTrailingSlash(String path, String expected) {
        assertEquals(expected, parse(Map.of("type", "ReplaceFullPath", "replaceFullPath", "/baz"), "/foo").apply(path));
    }

    @Test
    void aFullPathIsTakenAsWrittenWithItsTrailingSlash() {
        assertEquals("/baz/", parse(Map.of("type", "ReplaceFullPath", "replaceFullPath", "/baz/"), null).apply("/foo"));
        assertEquals("/baz", parse(Map.of("type", "ReplaceFullPath", "replaceFullPath", "baz"), null).apply("/foo"));
    }

    @Test
    void withoutAPathPrefixTheRulesDefaultMatchSlashIsReplaced() {
        assertEquals("/xyz/foo/bar", prefix(null, "/xyz").apply("/foo/bar"));
    }

    @Test
    void charactersAPathCannotHoldAreEscaped() {
        assertEquals("/a%20b/%C3%A9%3F", parse(Map.of("type", "ReplaceFullPath", "replaceFullPath", "/a b/é?"), null).apply("/"));
        assertEquals("/new/x", prefix("/old%20dir", "/new").apply("/old%20dir/x"), "the prefix is compared escaped");
    }

    @Test
    void cleanIsGosPathClean() {
        assertEquals(".", PathModifier.clean(""));
        assertEquals("/", PathModifier.clean("/.."));
        assertEquals("../a", PathModifier.clean("../a"));
        assertEquals("a", PathModifier.clean("a/b/.."));
        assertEquals(".", PathModifier.clean("a/.."));
        assertEquals("/a/b", PathModifier.clean("//a//b//"));
    }

    @Test
    void noPathMeansNoModifier() {
        assertNull(PathModifier.from(Node.root(Map.of()).get("path"), Node.root(Map.of()).get("pathPrefix")));
    }

    @Test
    void badPathsAreNamedByTheirField() {
        assertEquals("spec.gatewayUrlRewrite.path.type: is required",
                assertThrows(Node.InvalidFieldException.class, () -> parse(Map.of("replaceFullPath", "/x"), null)).getMessage());
        assertEquals("spec.gatewayUrlRewrite.path.type: must be ReplaceFullPath or ReplacePrefixMatch, got \"Regex\"",
                assertThrows(Node.InvalidFieldException.class, () -> parse(Map.of("type", "Regex"), null)).getMessage());
        assertEquals("spec.gatewayUrlRewrite.path.replacePrefixMatch: is required when type is ReplacePrefixMatch",
                assertThrows(Node.InvalidFieldException.class,
                        () -> parse(Map.of("type", "ReplacePrefixMatch", "replaceFullPath", "/x"), "/p")).getMessage());
    }
}
