package io.jetway.routing.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostNamesTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = ';', textBlock = """
            Example.COM           ; example.com
            example.com:8080      ; example.com
            example.com:          ; example.com
            '  example.com  '     ; example.com
            example.com.          ; example.com
            example.com.:443      ; example.com
            [::1]:8080            ; ::1
            [::1]                 ; ::1
            [2001:DB8::1]:443     ; 2001:db8::1
            2001:DB8::1           ; 2001:db8::1
            10.0.0.1:80           ; 10.0.0.1
            ÄB.COM                ; Äb.com
            ''                    ; ''
            """)
    void canonicalizes(String hostHeader, String expected) {
        assertEquals(expected, HostNames.canonical(hostHeader));
    }

    @Test
    void nullMeansNoHost() {
        assertEquals("", HostNames.canonical(null));
    }

    @ParameterizedTest(name = "[{index}] {0} is already canonical")
    @ValueSource(strings = {"example.com", "a.b.c", "::1", "10.0.0.1"})
    void returnsSameInstanceWhenAlreadyCanonical(String host) {
        assertSame(host, HostNames.canonical(host));
    }
}
