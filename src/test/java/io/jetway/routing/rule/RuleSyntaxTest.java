package io.jetway.routing.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RuleSyntaxTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = ';', nullValues = "NULL", textBlock = """
            NULL ; V3
            ''   ; V3
            v3   ; V3
            v2   ; V2
            """)
    void parses(String text, RuleSyntax expected) {
        assertEquals(expected, RuleSyntax.parse(text));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" is refused")
    @ValueSource(strings = {"v1", "V2", "3", " v3", "v4"})
    void refusesOthers(String text) {
        assertThrows(IllegalArgumentException.class, () -> RuleSyntax.parse(text));
    }
}
