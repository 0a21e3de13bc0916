package io.jetway.routing.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostKeysTest {

    /** Expected keys: ANY, or space-separated exact:HOST and wild:SUFFIX entries. */
    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource(delimiter = ';', textBlock = """
            V3 ; Host(`a.com`)                                        ; exact:a.com
            V3 ; Host(`A.Com.`)                                       ; exact:a.com
            V3 ; Host(`[::1]`)                                        ; exact:::1
            V3 ; Host(`a.com`) && Path(`/x`)                          ; exact:a.com
            V3 ; Path(`/x`) && Host(`a.com`)                          ; exact:a.com
            V3 ; Host(`a.com`) || Host(`b.com`)                       ; exact:a.com exact:b.com
            V3 ; (Host(`a.com`) || Host(`b.com`)) && PathPrefix(`/api`) ; exact:a.com exact:b.com
            V3 ; Host(`a.com`) || (Host(`b.com`) && Method(`GET`))    ; exact:a.com exact:b.com
            V3 ; Host(`a.com`) && (Host(`b.com`) || Host(`c.com`))    ; exact:a.com
            V3 ; (Host(`b.com`) || Host(`c.com`)) && Host(`a.com`)    ; exact:a.com
            V3 ; Host(`a.com`) && !Host(`b.com`)                      ; exact:a.com
            V3 ; !!Host(`a.com`)                                      ; exact:a.com
            V3 ; Host(`*.example.com`)                                ; wild:example.com
            V3 ; Host(`*.example.com`) || Host(`example.com`)         ; exact:example.com wild:example.com
            V3 ; HostHeader(`a.com`)                                  ; exact:a.com
            V3 ; Host(`a.com`) || Path(`/x`)                          ; ANY
            V3 ; !Host(`a.com`)                                       ; ANY
            V3 ; !(Host(`a.com`) || Host(`b.com`))                    ; ANY
            V3 ; HostRegexp(`^a\\.com$`)                              ; ANY
            V3 ; Host(`*`)                                            ; ANY
            V3 ; Host(`*`) && Path(`/x`)                              ; ANY
            V3 ; Host(`a.com`) || Host(`*`)                           ; ANY
            V3 ; Path(`/x`)                                           ; ANY
            V3 ; PathPrefix(`/`) && Method(`GET`)                     ; ANY
            V2 ; Host(`a.com`, `b.com`)                               ; exact:a.com exact:b.com
            V2 ; HostHeader(`a.com`) && Path(`/x`)                    ; exact:a.com
            V2 ; HostRegexp(`{x}.a.com`)                              ; ANY
            """)
    void hostKeys(RuleSyntax syntax, String rule, String expected) {
        HostKeys keys = RuleParser.parse(rule, syntax).hostKeys();

        if (expected.equals("ANY")) {
            assertEquals(HostKeys.ANY, keys);
            return;
        }
        Set<String> exact = new HashSet<>();
        Set<String> wildcards = new HashSet<>();
        for (String entry : expected.split(" ")) {
            if (entry.startsWith("exact:")) {
                exact.add(entry.substring("exact:".length()));
            } else {
                wildcards.add(entry.substring("wild:".length()));
            }
        }
        assertEquals(new HostKeys(true, exact, wildcards), keys);
    }

    @Test
    void conjunctionOfTwoHostsIndexesByOneOfThem() {
        HostKeys keys = RuleParser.parse("Host(`a.com`) && Host(`b.com`)", RuleSyntax.V3).hostKeys();

        assertTrue(keys.indexable());
        assertEquals(1, keys.exact().size());
        assertTrue(Set.of("a.com", "b.com").containsAll(keys.exact()));
    }

    @ParameterizedTest(name = "[{index}] wildcardSuffixOf({0}) = {1}")
    @CsvSource(delimiter = ';', nullValues = "NULL", textBlock = """
            a.b.example.com ; b.example.com
            a.example.com   ; example.com
            a.com           ; com
            localhost       ; NULL
            .com            ; NULL
            a.              ; NULL
            ::1             ; NULL
            """)
    void wildcardSuffixOf(String host, String expected) {
        assertEquals(expected, HostKeys.wildcardSuffixOf(host));
    }

    @Test
    void anyCarriesNoHostsAndSetsAreImmutable() {
        assertFalse(HostKeys.ANY.indexable());
        assertThrows(IllegalArgumentException.class, () -> new HostKeys(false, Set.of("a.com"), Set.of()));
        HostKeys keys = new HostKeys(true, new HashSet<>(Set.of("a.com")), Set.of());
        assertThrows(UnsupportedOperationException.class, () -> keys.exact().add("b.com"));
        assertNull(HostKeys.wildcardSuffixOf("nodot"));
    }
}
