package io.jetway.routing.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TcpPriorityTest {

    /** Rule ; configured priority ; effective priority. */
    @ParameterizedTest(name = "[{index}] {0} ({1}) -> {2}")
    @CsvSource(delimiter = ';', textBlock = """
            # catch-all: -1 however it is quoted, spaced, parenthesised or spelled
            HostSNI(`*`)                              ; 0  ; -1
            HostSNI("*")                              ; 0  ; -1
            '   HostSNI ( `*` )       '               ; 0  ; -1
            (HostSNI(`*`))                            ; 0  ; -1
            hostsni(`*`)                              ; 0  ; -1
            HOSTSNI(`*`)                              ; 0  ; -1
            Hostsni(`*`)                              ; 0  ; -1
            # Traefik's test ignores a negation (this rule matches nothing anyway)
            !HostSNI(`*`)                             ; 0  ; -1
            # not catch-alls: the length of the rule in bytes
            HostSNI(`example.org`)                    ; 0  ; 22
            HostSni(`*`)                              ; 0  ; 12
            HostSNI(`*`, `*`)                         ; 0  ; 17
            HostSNI(`*.example.com`)                  ; 0  ; 24
            HostSNI(`*`) && ClientIP(`10.0.0.1`)      ; 0  ; 36
            HostSNI(`*`) || HostSNI(`*`)              ; 0  ; 28
            HostSNIRegexp(`*`)                        ; 0  ; 18
            HostSNI(`é.com`)                          ; 0  ; 17
            HostSNI(`**`)                             ; 0  ; 13
            Bogus(`*`)                                ; 0  ; 10
            HostSNI(`*`) &&                           ; 0  ; 15
            # a configured priority is kept, negative ones too
            HostSNI(`*`)                              ; 5  ; 5
            HostSNI(`*`)                              ; -3 ; -3
            HostSNI(`a.com`)                          ; -1 ; -1
            HostSNI(`a.com`)                          ; 9223372036854775807 ; 9223372036854775807
            """)
    void priority(String rule, long configured, long expected) {
        assertEquals(expected, TcpPriority.of(rule, configured));
    }

    @Test
    void emptyRuleHasLengthZero() {
        assertEquals(0, TcpPriority.of("", 0));
        assertEquals(0, TcpPriority.of(null, 0));
    }

    /** TcpRule.isCatchAll and the -1 priority are one notion. */
    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @CsvSource(delimiter = ';', textBlock = """
            v3 ; HostSNI(`*`)                         ; true
            v3 ; ' ( HostSNI ( "*" ) ) '              ; true
            v3 ; !HostSNI(`*`)                        ; true
            v2 ; HostSNI(`*`)                         ; true
            v2 ; HostSNI(`*`, `*`)                    ; false
            v2 ; HostSNI(`a.com`, `*`)                ; false
            v3 ; HostSNI(`*`) && ClientIP(`10.0.0.1`) ; false
            v3 ; HostSNI(`a.com`)                     ; false
            v3 ; HostSNIRegexp(`.*`)                  ; false
            v3 ; ClientIP(`0.0.0.0/0`)                ; false
            """)
    void catchAll(String syntax, String rule, boolean expected) {
        assertEquals(expected, TcpRule.parse(rule, syntax).isCatchAll());
        assertEquals(expected, TcpPriority.of(rule, 0) == -1);
    }

    @Test
    void maximum() {
        assertEquals(Long.MAX_VALUE - 1000, TcpPriority.MAX);
        assertEquals(Optional.empty(), TcpPriority.checkMax(TcpPriority.MAX));
        assertEquals(Optional.empty(), TcpPriority.checkMax(-5));
        assertEquals(Optional.of("the router priority 9223372036854774808 exceeds the max user-defined priority"
                + " 9223372036854774807"), TcpPriority.checkMax(TcpPriority.MAX + 1));
        assertEquals(Optional.of("the router priority 9223372036854775807 exceeds the max user-defined priority"
                + " 9223372036854774807"), TcpPriority.checkMax(Long.MAX_VALUE));
    }
}
