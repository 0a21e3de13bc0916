package io.jetway.routing.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathKeysTest {

    /** Expected keys: ANY, or the space-separated prefixes. */
    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource(delimiter = ';', textBlock = """
            V3 ; Path(`/x`)                                           ; /x
            V3 ; PathPrefix(`/api`)                                   ; /api
            V3 ; PathPrefix(`/`)                                      ; /
            V3 ; PathPrefix(`/api`) && Method(`GET`)                  ; /api
            V3 ; Header(`X-A`, `1`) && Path(`/x`)                     ; /x
            V3 ; Path(`/x`) || PathPrefix(`/y`)                       ; /x /y
            V3 ; (Path(`/x`) || Path(`/y`)) && PathPrefix(`/z`)       ; /z
            V3 ; Host(`a.com`) && Path(`/x`)                          ; /x
            V3 ; Path(`/x`) || Method(`GET`)                          ; ANY
            V3 ; !Path(`/x`)                                          ; ANY
            V3 ; PathRegexp(`^/x`)                                    ; ANY
            V3 ; Method(`GET`)                                        ; ANY
            V3 ; Host(`a.com`)                                        ; ANY
            V2 ; Path(`/a`, `/b`)                                     ; /a /b
            V2 ; PathPrefix(`/a`) && Method(`GET`)                    ; /a
            V2 ; Path(`/a/{id}`)                                      ; ANY
            """)
    void pathKeys(RuleSyntax syntax, String rule, String expected) {
        PathKeys keys = RuleParser.parse(rule, syntax).pathKeys();

        if (expected.equals("ANY")) {
            assertEquals(PathKeys.ANY, keys);
            return;
        }
        assertEquals(new PathKeys(true, Set.of(expected.split(" "))), keys);
    }

    @Test
    void anyCarriesNoPrefixes() {
        assertThrows(IllegalArgumentException.class, () -> new PathKeys(false, Set.of("/x")));
    }
}
