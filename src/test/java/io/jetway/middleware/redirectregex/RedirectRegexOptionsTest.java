package io.jetway.middleware.redirectregex;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedirectRegexOptionsTest {

    @Test
    void temporaryByDefault() {
        RedirectRegexOptions options = RedirectRegexOptions.from(Node.root(Map.of("regex", "^http://a/(.*)", "replacement", "https://b/${1}")));

        assertEquals("^http://a/(.*)", options.regex().pattern());
        assertEquals("https://b/${1}", options.replacement());
        assertFalse(options.permanent());
    }

    @Test
    void readsPermanent() {
        assertTrue(RedirectRegexOptions.from(Node.root(Map.of("regex", "a", "replacement", "b", "permanent", "true"))).permanent());
    }

    @Test
    void theRegexIsRequiredAndValid() {
        assertEquals("regex: is required", assertThrows(Node.InvalidFieldException.class,
                () -> RedirectRegexOptions.from(Node.root(Map.of("replacement", "b")))).getMessage());
        assertEquals("regex", assertThrows(Node.InvalidFieldException.class,
                () -> RedirectRegexOptions.from(Node.root(Map.of("regex", "(", "replacement", "b")))).field());
    }

    @Test
    void theReplacementIsRequired() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> RedirectRegexOptions.from(Node.root(Map.of("regex", "a"))));
        assertEquals("replacement: is required", e.getMessage());
    }
}
