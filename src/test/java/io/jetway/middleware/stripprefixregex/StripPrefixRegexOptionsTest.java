package io.jetway.middleware.stripprefixregex;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StripPrefixRegexOptionsTest {

    @Test
    void noRegexByDefault() {
        assertTrue(StripPrefixRegexOptions.from(Node.root(Map.of())).regex().isEmpty());
    }

    @Test
    void compilesEachRegex() {
        List<Pattern> regex = StripPrefixRegexOptions.from(Node.root(Map.of("regex", List.of("/a/[0-9]+", "/b")))).regex();
        assertEquals(List.of("/a/[0-9]+", "/b"), regex.stream().map(Pattern::pattern).toList());
    }

    @Test
    void anInvalidRegexNamesItsEntry() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> StripPrefixRegexOptions.from(Node.root(Map.of("regex", List.of("/ok", "/(bad")))));
        assertEquals("regex[1]", e.field());
        assertTrue(e.getMessage().startsWith("regex[1]: invalid regular expression \"/(bad\": "), e.getMessage());
    }

    @Test
    void anEmptyRegexIsRefused() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> StripPrefixRegexOptions.from(Node.root(Map.of("regex", List.of("")))));
        assertEquals("regex[0]: is required", e.getMessage());
    }
}
