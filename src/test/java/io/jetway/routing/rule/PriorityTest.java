package io.jetway.routing.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriorityTest {

    @ParameterizedTest(name = "[{index}] configured {0} for {1} -> {2}")
    @CsvSource(delimiter = ';', textBlock = """
            0   ; Host(`a.com`)                        ; 13
            0   ; Host(`a.com`) && PathPrefix(`/api`)  ; 35
            42  ; Host(`a.com`)                        ; 42
            -1  ; Host(`a.com`)                        ; -1
            -50 ; PathPrefix(`/`)                      ; -50
            0   ; Path(`/é`)                           ; 11
            """)
    void effectivePriority(int configured, String rule, int expected) {
        assertEquals(expected, Priority.effective(configured, rule));
    }

    @Test
    void defaultIsRuleLengthInBytes() {
        assertEquals(13, Priority.defaultFor("Host(`a.com`)"));
        assertEquals(0, Priority.defaultFor(null));
        // Go's len counts UTF-8 bytes: a 4-byte character counts 4 (it is two Java chars).
        assertEquals(13, Priority.defaultFor("Path(`/\uD83D\uDE00`)"));
    }

    @Test
    void longerRuleWinsByDefault() {
        String general = "Host(`a.com`)";
        String specific = "Host(`a.com`) && PathPrefix(`/api`)";

        assertEquals(true, Priority.defaultFor(specific) > Priority.defaultFor(general));
    }
}
