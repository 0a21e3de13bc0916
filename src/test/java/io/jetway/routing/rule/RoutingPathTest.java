package io.jetway.routing.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingPathTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = ';', textBlock = """
            /%61bc              ; /abc
            /%41%42%43          ; /ABC
            /%30%39             ; /09
            /%7euser            ; /~user
            /%2D%2E%5F%7E       ; /-._~
            /a%2Fb              ; /a%2Fb
            /a%2fb              ; /a%2Fb
            /%3f                ; /%3F
            /%25                ; /%25
            /a%2561             ; /a%2561
            /%23frag            ; /%23frag
            /%20                ; /%20
            /%c3%a9             ; /%C3%A9
            /%2F%61%2f          ; /%2Fa%2F
            """)
    void decodesOnlyUnreservedCharacters(String raw, String expected) {
        assertEquals(expected, RoutingPath.decode(raw));
    }

    @ParameterizedTest(name = "[{index}] {0} is refused")
    @ValueSource(strings = {"/%zz", "/%4", "/%", "/a%g1", "/%1/", "/%\u0663\u0663", "/ok/%2"})
    void refusesMalformedEscapes(String raw) {
        assertThrows(IllegalArgumentException.class, () -> RoutingPath.decode(raw));
    }

    @ParameterizedTest(name = "[{index}] {0} is returned as is")
    @ValueSource(strings = {"/", "/plain/path", "/caf\u00e9", "/a;b=c"})
    void returnsSameInstanceWithoutEscapes(String raw) {
        assertSame(raw, RoutingPath.decode(raw));
    }
}
