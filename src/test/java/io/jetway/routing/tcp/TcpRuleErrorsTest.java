package io.jetway.routing.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rules TcpRule refuses, and the errors TcpRouterChecks gives a router, with their messages. */
class TcpRuleErrorsTest {

    static Stream<Arguments> rejectedRules() {
        return Stream.of(
                // empty and malformed
                arguments("v3", "", "empty rule"),
                arguments("v3", "   ", "empty rule"),
                arguments("v3", null, "empty rule"),
                arguments("v3", "HostSNI(`a.com`) &&", "unexpected end of rule"),
                arguments("v3", "(HostSNI(`a.com`)", "missing \")\" for \"(\" at 1"),
                arguments("v3", "HostSNI(`a.com`))", "unexpected token \")\" at 17"),
                arguments("v3", "HostSNI(a.com)", "HostSNI: argument at 9 must be quoted"),
                arguments("v3", "HostSNI('a.com')", "single-quoted strings are not supported"),
                arguments("v3", "HostSNI(`a.com`) & ClientIP(`10.0.0.1`)", "unexpected \"&\" at 18"),
                // unknown matchers, HTTP ones included
                arguments("v3", "rulewithnotmatcher", "unknown matcher \"rulewithnotmatcher\" at 1"
                        + " (TCP rules know HostSNI, HostSNIRegexp, ClientIP and ALPN)"),
                arguments("v3", "Host(`a.com`)", "unknown matcher \"Host\" at 1"),
                arguments("v3", "HostSni(`a.com`)", "unknown matcher \"HostSni\""),
                arguments("v2", "HostSNI(`a.com`) && PathPrefix(`/`)", "unknown matcher \"PathPrefix\" at 21"),
                // argument counts: exactly one in v3, at least one in v2
                arguments("v3", "HostSNI(`a.com`, `b.com`)", "HostSNI: expected 1 argument, got 2"),
                arguments("v3", "HostSNI()", "HostSNI: expected 1 argument, got 0"),
                arguments("v3", "HostSNIRegexp(`a`, `b`)", "HostSNIRegexp: expected 1 argument, got 2"),
                arguments("v3", "ClientIP(`127.0.0.1`, `127.0.0.2`)", "ClientIP: expected 1 argument, got 2"),
                arguments("v3", "ALPN(`h2`, `mqtt`)", "ALPN: expected 1 argument, got 2"),
                arguments("v2", "HostSNI()", "HostSNI: expected at least 1 argument, got 0"),
                arguments("v2", "ClientIP()", "ClientIP: expected at least 1 argument, got 0"),
                arguments("v3", "HostSNI(``)", "HostSNI: empty argument at 9"),
                arguments("v2", "HostSNIRegexp(``)", "HostSNIRegexp: empty argument"),
                // HostSNI domains
                arguments("v3", "HostSNI(`🦭.com`)", "HostSNI: \"🦭.com\" is not a valid domain name"
                        + " (non-ASCII characters are not allowed; use punycode)"),
                arguments("v3", "HostSNI(`*.*.example.com`)", "HostSNI: \"*.*.example.com\" is not a valid domain name"),
                arguments("v3", "HostSNI(`a*.example.com`)", "is not a valid domain name"),
                arguments("v3", "HostSNI(`a b.com`)", "is not a valid domain name"),
                arguments("v3", "HostSNI(`example.com/x`)", "is not a valid domain name"),
                arguments("v3", "HostSNI(\"a.com\\n\")", "HostSNI: \"a.com\\n\" is not a valid domain name"),
                arguments("v3", "HostSNI(`a.com`) &&\nHostSNIRegexp(`a\n(`)", "HostSNIRegexp: invalid regexp \"a\\n(\""),
                arguments("v3", "HostSNI(`*.`)", "is not a valid domain name"),
                arguments("v2", "HostSNI(`*.example.com`)", "HostSNI: \"*.example.com\" is not a valid host name or IP"
                        + " (v2 syntax has no wildcards; use HostSNIRegexp)"),
                arguments("v2", "HostSNI(`a.com`, `é.com`)", "HostSNI: \"é.com\" is not a valid host name or IP"
                        + " (non-ASCII characters are not allowed; use punycode)"),
                // HostSNIRegexp
                arguments("v3", "HostSNIRegexp(`🦭.com`)", "HostSNIRegexp: non-ASCII characters are not allowed in \"🦭.com\""),
                arguments("v3", "HostSNIRegexp(`(example.com`)", "HostSNIRegexp: invalid regexp \"(example.com\""),
                arguments("v2", "HostSNIRegexp(`{sub.example.com`)", "HostSNIRegexp: unbalanced braces"),
                arguments("v2", "HostSNIRegexp(`{:[a-z]+}.com`)", "HostSNIRegexp: missing name or pattern"),
                arguments("v2", "HostSNIRegexp(`{sub:(}.com`)", "HostSNIRegexp: invalid regexp"),
                // ClientIP
                arguments("v3", "ClientIP(`invalid`)", "ClientIP: invalid IP or CIDR \"invalid\""),
                arguments("v3", "ClientIP(`10.0.0.0/33`)", "ClientIP: invalid IP or CIDR \"10.0.0.0/33\""),
                arguments("v3", "ClientIP(`🦭/32`)", "ClientIP: invalid IP or CIDR"),
                arguments("v3", "ClientIP(` 10.0.0.1`)", "ClientIP: invalid IP or CIDR \" 10.0.0.1\""),
                arguments("v3", "ClientIP(`fe80::1%eth0`)", "ClientIP: invalid IP or CIDR"),
                arguments("v2", "ClientIP(`10.0.0.1`, `nope`)", "ClientIP: invalid IP or CIDR \"nope\""),
                // ALPN
                arguments("v3", "ALPN(`acme-tls/1`)", "ALPN: \"acme-tls/1\" is not allowed: it is reserved for ACME"),
                arguments("v2", "ALPN(`h2`, `acme-tls/1`)", "ALPN: \"acme-tls/1\" is not allowed"),
                // syntax names
                arguments("v4", "HostSNI(`*`)", "unknown rule syntax \"v4\" (expected v3 or v2)"),
                arguments("V2", "HostSNI(`*`)", "unknown rule syntax \"V2\""));
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("rejectedRules")
    void refused(String syntax, String rule, String expectedMessagePart) {
        TcpRuleException e = assertThrows(TcpRuleException.class, () -> TcpRule.parse(rule, syntax));
        assertTrue(e.getMessage().contains(expectedMessagePart), () -> "message was: " + e.getMessage());
        assertTrue(e.getMessage().indexOf('\n') < 0, "one line");
    }

    /** Values just inside the limits the refusals above draw. */
    @ParameterizedTest(name = "[{index}] {0} {1}")
    @MethodSource("acceptedNearMisses")
    void accepted(String syntax, String rule) {
        assertEquals(rule, TcpRule.parse(rule, syntax).text());
    }

    static Stream<Arguments> acceptedNearMisses() {
        return Stream.of(
                arguments(null, "HostSNI(`*.example.com`)"),
                arguments("", "HostSNI(`example.com.`)"),
                arguments("v3", "HostSNI(`*.example.com.`)"),
                arguments("v3", "HostSNI(`10::10`)"),
                arguments("v3", "HostSNI(`::1`)"),
                arguments("v3", "ClientIP(`10.0.0.0/32`)"),
                arguments("v3", "ClientIP(`::ffff:10.0.0.1`)"),
                arguments("v3", "ALPN(`acme-tls/2`)"),
                arguments("v3", "HostSNIRegexp(`{sub.example.com`)"),
                arguments("v2", "HostSNI(`a.com`, `b.com`, `*`)"),
                arguments("default", "HostSNI(`a.com`)"));
    }

    // --- router errors ---

    private static final String KNOWN = " (TCP rules know HostSNI, HostSNIRegexp, ClientIP and ALPN)";

    @Test
    void missingServiceComesFirst() {
        assertEquals(List.of("the service is missing on the router"),
                TcpRouterChecks.errors("", null, false, false, 0));
    }

    @Test
    void emptyRule() {
        assertEquals(List.of("router has no rule"), TcpRouterChecks.errors("", null, true, true, 0));
        assertEquals(List.of("router has no rule"), TcpRouterChecks.errors(null, null, true, true, 0));
        assertEquals(List.of("router has no rule"), TcpRouterChecks.errors("  ", null, false, true, 0));
    }

    @Test
    void ruleThatDoesNotParse() {
        assertEquals(List.of("invalid rule Foo(`x`): unknown matcher \"Foo\" at 1" + KNOWN),
                TcpRouterChecks.errors("Foo(`x`)", null, true, true, 0));
    }

    @Test
    void hostSniOtherThanStarWithoutTls() {
        assertEquals(List.of("invalid rule HostSNI(`A.com`): HostSNI(`a.com`) needs tls on the router:"
                        + " a connection without TLS has no SNI, so only HostSNI(`*`) is allowed there"),
                TcpRouterChecks.errors("HostSNI(`A.com`)", null, false, true, 0));
        assertEquals(1, TcpRouterChecks.errors("!HostSNI(`a.com`)", null, false, true, 0).size());
        assertEquals(1, TcpRouterChecks.errors("HostSNI(`a.com`) || HostSNI(`*`)", null, false, true, 0).size());
        assertEquals(1, TcpRouterChecks.errors("ClientIP(`10.0.0.1`) && HostSNI(`a.com`)", null, false, true, 0).size());
    }

    /** Traefik only looks at the first HostSNI value and never at HostSNIRegexp or ALPN. */
    @Test
    void withoutTlsTheseAreAllowed() {
        for (String rule : List.of("HostSNI(`*`)", "ClientIP(`10.0.0.0/8`)", "HostSNI(`*`) && ClientIP(`::1`)",
                "HostSNI(`*`) || HostSNI(`a.com`)", "HostSNIRegexp(`^a`)", "!ALPN(`h2`)")) {
            assertEquals(List.of(), TcpRouterChecks.errors(rule, null, false, true, 0), rule);
        }
    }

    @Test
    void withTlsAHostSniIsFine() {
        assertEquals(List.of(), TcpRouterChecks.errors("HostSNI(`a.com`) && ClientIP(`10.0.0.0/8`)", null, true, true, 0));
    }

    @Test
    void priorityAboveTheMaximum() {
        assertEquals(List.of("the router priority 9223372036854774808 exceeds the max user-defined priority"
                        + " 9223372036854774807"),
                TcpRouterChecks.errors("HostSNI(`*`)", null, false, true, TcpPriority.MAX + 1));
        assertEquals(List.of(), TcpRouterChecks.errors("HostSNI(`*`)", null, false, true, TcpPriority.MAX));
        // Checked before the rule's values, as in Traefik, which stops there.
        assertEquals(1, TcpRouterChecks.errors("ClientIP(`bad`)", null, true, true, Long.MAX_VALUE).size());
    }

    @Test
    void nonAsciiDomainWithTlsIsReportedAndTheRuleRefused() {
        assertEquals(List.of("invalid domain name \"🦭.com\" in HostSNI: non-ASCII characters are not allowed"
                        + " (use punycode)",
                "invalid rule HostSNI(`🦭.com`): HostSNI: \"🦭.com\" is not a valid domain name"
                        + " (non-ASCII characters are not allowed; use punycode); expected letters, digits, \"_\","
                        + " \".\", \"-\" or \":\", optionally after a leading \"*.\""),
                TcpRouterChecks.errors("HostSNI(`🦭.com`)", null, true, true, 0));
    }

    @Test
    void theRulesOwnChecksComeLast() {
        assertEquals(List.of("invalid rule ClientIP(`bad`): ClientIP: invalid IP or CIDR \"bad\""),
                TcpRouterChecks.errors("ClientIP(`bad`)", null, true, true, 0));
        assertEquals(List.of("invalid rule HostSNI() && ClientIP(`10.0.0.1`): HostSNI: expected 1 argument, got 0"),
                TcpRouterChecks.errors("HostSNI() && ClientIP(`10.0.0.1`)", null, false, true, 0));
        assertEquals(List.of("invalid rule HostSNI(`a.com`, `b.com`): HostSNI: expected 1 argument, got 2"),
                TcpRouterChecks.errors("HostSNI(`a.com`, `b.com`)", "v3", true, true, 0));
        assertEquals(List.of(), TcpRouterChecks.errors("HostSNI(`a.com`, `b.com`)", "v2", true, true, 0));
        assertEquals(List.of("invalid rule ClientIP(`10.0.0.1`) &&\\nALPN(`x`, `y`): ALPN: expected 1 argument, got 2"),
                TcpRouterChecks.errors("ClientIP(`10.0.0.1`) &&\nALPN(`x`, `y`)", null, true, true, 0));
        assertEquals(List.of("invalid rule HostSNI(`*`): unknown rule syntax \"v9\" (expected v3 or v2)"),
                TcpRouterChecks.errors("HostSNI(`*`)", "v9", false, true, 0));
    }
}
