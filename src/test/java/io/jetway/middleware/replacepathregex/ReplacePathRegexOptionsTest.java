package io.jetway.middleware.replacepathregex;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReplacePathRegexOptionsTest {

    @Test
    void theReplacementIsEmptyByDefault() {
        ReplacePathRegexOptions options = ReplacePathRegexOptions.from(Node.root(Map.of("regex", "^/foo")));
        assertEquals("^/foo", options.regex().pattern());
        assertEquals("", options.replacement());
    }

    @Test
    void goGroupReferencesBecomeJavas() {
        ReplacePathRegexOptions options = ReplacePathRegexOptions.from(
                Node.root(Map.of("regex", "^/(\\w+)/(?<rest>.*)", "replacement", "/${1}x/$1/${rest}")));
        assertEquals("/$1x/$1/${rest}", options.replacement());
    }

    @Test
    void theRegexIsRequired() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> ReplacePathRegexOptions.from(Node.root(Map.of("replacement", "/x"))));
        assertEquals("regex: is required", e.getMessage());
    }

    @Test
    void anInvalidRegexIsNamed() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> ReplacePathRegexOptions.from(Node.root(Map.of("regex", "[a-"))));
        assertEquals("regex", e.field());
    }
}
