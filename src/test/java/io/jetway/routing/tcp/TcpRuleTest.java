package io.jetway.routing.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.jetway.routing.rule.RuleSyntax;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a parsed rule tells the data plane besides matching, and how a connection is read. */
class TcpRuleTest {

    /** Syntax ; rule ; needs TLS ; exact server names (space-separated, "-" for none). */
    @ParameterizedTest(name = "[{index}] {1} -> tls {2}, names {3}")
    @CsvSource(delimiter = ';', textBlock = """
            v3 ; HostSNI(`*`)                                  ; false ; -
            v3 ; ClientIP(`10.0.0.0/8`)                        ; false ; -
            v3 ; HostSNI(`*`) && ClientIP(`::1`)               ; false ; -
            v3 ; HostSNI(`A.Example.com.`)                     ; true  ; a.example.com
            v3 ; HostSNI(`*.example.com`) || HostSNI(`b.org`)  ; true  ; *.example.com b.org
            v3 ; !HostSNI(`a.com`) && ClientIP(`10.0.0.1`)     ; true  ; a.com
            v3 ; HostSNI(`a.com`) || HostSNI(`a.com.`)         ; true  ; a.com
            v3 ; HostSNIRegexp(`^a`)                           ; true  ; -
            v3 ; HostSNI(`*`) && !ALPN(`h2`)                   ; true  ; -
            v2 ; HostSNI(`b.com`, `a.com`, `*`)                ; true  ; b.com a.com
            v2 ; HostSNI(`*`)                                  ; false ; -
            """)
    void properties(String syntax, String rule, boolean needsTls, String names) {
        TcpRule parsed = TcpRule.parse(rule, syntax);
        assertEquals(needsTls, parsed.needsTls());
        assertEquals(names.equals("-") ? List.of() : List.of(names.split(" ")),
                new ArrayList<>(parsed.exactServerNames()));
        assertEquals(rule, parsed.text());
    }

    @Test
    void syntaxIsRemembered() {
        assertEquals(RuleSyntax.V2, TcpRule.parse("HostSNI(`a.com`)", "v2").syntax());
        assertEquals(RuleSyntax.V3, TcpRule.parse("HostSNI(`a.com`)", null).syntax());
        assertEquals(RuleSyntax.V3, TcpRule.parse("HostSNI(`a.com`)", "default").syntax());
    }

    @Test
    void connectionServerNameIsTrimmedAndLowercased() {
        assertEquals("a.example.com", new TcpConnectionInfo(" A.Example.COM\t", null, null).serverName());
        assertEquals("", new TcpConnectionInfo(null, null, null).serverName());
        assertEquals(List.of(), new TcpConnectionInfo("a", null, null).alpn());
        assertNull(new TcpConnectionInfo("a", null, null).clientIp());
        String canonical = "already.lower";
        assertSame(canonical, new TcpConnectionInfo(canonical, List.of(), null).serverName());
    }
}
