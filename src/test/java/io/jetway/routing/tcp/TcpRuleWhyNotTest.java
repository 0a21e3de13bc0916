package io.jetway.routing.tcp;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Why a TCP rule does not match a connection, for explanations; null when it matches. */
class TcpRuleWhyNotTest {

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiterString = "=>", nullValues = "null", textBlock = """
            HostSNI(`db.example.com`) => db.example.com => null
            HostSNI(`db.example.com`) => other.com => HostSNI(`db.example.com`) did not match SNI "other.com"
            HostSNI(`db.example.com`) => '' => HostSNI(`db.example.com`) did not match a connection without SNI
            HostSNI(`a.com`) && ClientIP(`10.0.0.0/8`) => a.com => ClientIP(`10.0.0.0/8`) did not match client 192.168.1.1
            HostSNI(`a.com`) || ALPN(`h2`) => b.com => none of the alternatives matched: HostSNI(`a.com`) did not match SNI "b.com"; ALPN(`h2`) did not match: the ClientHello offers http/1.1
            !HostSNI(`b.com`) => b.com => !HostSNI(`b.com`) did not match: HostSNI(`b.com`) matched
            HostSNIRegexp(`^db\\.`) => web.com => HostSNIRegexp(`^db\\.`) did not match SNI "web.com"
            """)
    void saysWhichPartFailed(String rule, String sni, String expected) throws Exception {
        TcpConnectionInfo connection = new TcpConnectionInfo(sni, List.of("http/1.1"), InetAddress.getByName("192.168.1.1"));
        assertEquals(expected, TcpRule.parse(rule, null).whyNot(connection));
    }

    @ParameterizedTest(name = "v2 {0}")
    @CsvSource(delimiterString = "=>", textBlock = """
            HostSNI(`a.com`, `b.com`) => HostSNI(`a.com`, `b.com`) did not match SNI "c.com"
            ALPN(`h2`, `h3`) => ALPN(`h2`, `h3`) did not match: the ClientHello offers http/1.1
            """)
    void v2RulesListTheirArguments(String rule, String expected) throws Exception {
        TcpConnectionInfo connection = new TcpConnectionInfo("c.com", List.of("http/1.1"), InetAddress.getByName("192.168.1.1"));
        assertEquals(expected, TcpRule.parse(rule, "v2").whyNot(connection));
    }
}
