package io.jetway.routing.rule;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Rules that must be refused, with the part of the message that tells the user why. */
class RuleErrorsTest {

    static Stream<Arguments> rejectedRules() {
        return Stream.of(
                // names
                arguments(RuleSyntax.V3, "Hots(`a.com`)", "unknown matcher \"Hots\""),
                arguments(RuleSyntax.V3, "hOsT(`a.com`)", "unknown matcher \"hOsT\""),
                arguments(RuleSyntax.V3, "HostSNI(`a.com`)", "unknown matcher \"HostSNI\""),
                arguments(RuleSyntax.V2, "PathRegexp(`/x`)", "unknown matcher \"PathRegexp\" at 1 (it exists in v3 syntax only)"),
                arguments(RuleSyntax.V2, "Header(`X`, `y`)", "unknown matcher \"Header\""),
                arguments(RuleSyntax.V2, "HeaderRegexp(`X`, `y`)", "unknown matcher \"HeaderRegexp\""),
                arguments(RuleSyntax.V2, "QueryRegexp(`k`, `v`)", "unknown matcher \"QueryRegexp\""),
                arguments(RuleSyntax.V3, "Host(`a.com`) && Bogus(`x`)", "unknown matcher \"Bogus\" at 18"),
                // argument counts
                arguments(RuleSyntax.V3, "Host(`a.com`, `b.com`)", "Host: expected 1 argument, got 2"),
                arguments(RuleSyntax.V3, "Host()", "Host: expected 1 argument, got 0"),
                arguments(RuleSyntax.V3, "Header(`X-Env`)", "Header: expected 2 arguments, got 1"),
                arguments(RuleSyntax.V3, "Query(`a`, `b`, `c`)", "Query: expected 1 or 2 arguments, got 3"),
                arguments(RuleSyntax.V3, "Method(`GET`, `POST`)", "Method: expected 1 argument, got 2"),
                arguments(RuleSyntax.V3, "ClientIP(`10.0.0.1`, `10.0.0.2`)", "ClientIP: expected 1 argument, got 2"),
                arguments(RuleSyntax.V3, "Headers(`X`)", "Headers: expected 2 arguments, got 1"),
                arguments(RuleSyntax.V2, "Host()", "Host: expected at least 1 argument, got 0"),
                arguments(RuleSyntax.V2, "Headers(`X`)", "Headers: expected 2 arguments, got 1"),
                // strings
                arguments(RuleSyntax.V3, "Host('a.com')", "single-quoted strings are not supported"),
                arguments(RuleSyntax.V3, "Host(``)", "Host: empty argument"),
                arguments(RuleSyntax.V3, "Header(`X`, \"\")", "Header: empty argument"),
                arguments(RuleSyntax.V3, "Query(`k`, ``)", "Query: empty argument"),
                arguments(RuleSyntax.V3, "Host(a.com)", "Host: argument at 6 must be quoted"),
                arguments(RuleSyntax.V3, "Path(/x)", "Path: argument at 6 must be quoted"),
                arguments(RuleSyntax.V3, "Host(`a.com`) && 1Path(`/x`)", "unexpected token \"1Path\" at 18"),
                arguments(RuleSyntax.V3, "Host(`a.com)", "unterminated string starting at 6"),
                arguments(RuleSyntax.V3, "Host(\"a.com)", "unterminated string starting at 6"),
                arguments(RuleSyntax.V3, "Host(\"a\\qb\")", "invalid escape \"\\q\""),
                arguments(RuleSyntax.V3, "Host(\"a\\x4\")", "invalid escape"),
                // structure
                arguments(RuleSyntax.V3, "", "empty rule"),
                arguments(RuleSyntax.V3, "   ", "empty rule"),
                arguments(RuleSyntax.V3, null, "empty rule"),
                arguments(RuleSyntax.V3, "(Host(`a.com`)", "missing \")\" for \"(\" at 1"),
                arguments(RuleSyntax.V3, "((Host(`a.com`))", "missing \")\""),
                arguments(RuleSyntax.V3, "Host(`a.com`))", "unexpected token \")\" at 14"),
                arguments(RuleSyntax.V3, "Host(`a.com`) &&", "unexpected end of rule"),
                arguments(RuleSyntax.V3, "Host(`a.com`) ||", "unexpected end of rule"),
                arguments(RuleSyntax.V3, "Host(`a.com`) && !", "unexpected end of rule"),
                arguments(RuleSyntax.V3, "&& Host(`a.com`)", "unexpected token \"&&\" at 1"),
                arguments(RuleSyntax.V3, "Host(`a.com`) Path(`/x`)", "unexpected token \"Path\" at 15"),
                arguments(RuleSyntax.V3, "Host(`a.com`) & Path(`/x`)", "unexpected \"&\" at 15"),
                arguments(RuleSyntax.V3, "Host(`a.com`) | Path(`/x`)", "unexpected \"|\" at 15"),
                arguments(RuleSyntax.V3, "Host(`a.com`", "unexpected end of rule"),
                arguments(RuleSyntax.V3, "Host(`a.com`,)", "unexpected token \")\""),
                arguments(RuleSyntax.V3, "Host(`a.com` `b.com`)", "unexpected token string \"b.com\""),
                arguments(RuleSyntax.V3, "()", "unexpected token \")\" at 2"),
                arguments(RuleSyntax.V3, "Host", "expected \"(\" after Host"),
                arguments(RuleSyntax.V3, "Host(`a.com`) && @", "unexpected token \"@\" at 18"),
                arguments(RuleSyntax.V3, "Host(`a.com`) && (Path(`/x`) || )", "unexpected token \")\""),
                arguments(RuleSyntax.V3, "Host(`a.com`),", "unexpected token \",\""),
                // values
                arguments(RuleSyntax.V3, "Host(`exämple.com`)", "Host: non-ASCII characters are not allowed"),
                arguments(RuleSyntax.V3, "HostRegexp(`ü.com`)", "HostRegexp: non-ASCII characters are not allowed"),
                arguments(RuleSyntax.V2, "Host(`a.com`, `bü.com`)", "Host: non-ASCII characters are not allowed"),
                arguments(RuleSyntax.V3, "HostRegexp(`[a-z`)", "HostRegexp: invalid regexp \"[a-z\""),
                arguments(RuleSyntax.V3, "PathRegexp(`(`)", "PathRegexp: invalid regexp"),
                arguments(RuleSyntax.V3, "HeaderRegexp(`X`, `*`)", "HeaderRegexp: invalid regexp"),
                arguments(RuleSyntax.V3, "QueryRegexp(`k`, `a(`)", "QueryRegexp: invalid regexp"),
                arguments(RuleSyntax.V3, "HeadersRegexp(`X`, `[`)", "HeadersRegexp: invalid regexp"),
                arguments(RuleSyntax.V3, "ClientIP(`10.0.0.0/33`)", "ClientIP: invalid IP or CIDR \"10.0.0.0/33\""),
                arguments(RuleSyntax.V3, "ClientIP(`10.0.0.256`)", "ClientIP: invalid IP or CIDR"),
                arguments(RuleSyntax.V3, "ClientIP(`010.0.0.1`)", "ClientIP: invalid IP or CIDR"),
                arguments(RuleSyntax.V3, "ClientIP(`example.com`)", "ClientIP: invalid IP or CIDR"),
                arguments(RuleSyntax.V3, "ClientIP(`::1/129`)", "ClientIP: invalid IP or CIDR"),
                arguments(RuleSyntax.V3, "ClientIP(`1::2::3`)", "ClientIP: invalid IP or CIDR"),
                arguments(RuleSyntax.V3, "ClientIP(`10.0.0.0/`)", "ClientIP: invalid IP or CIDR"),
                arguments(RuleSyntax.V2, "ClientIP(`10.0.0.1`, `nope`)", "ClientIP: invalid IP or CIDR \"nope\""),
                arguments(RuleSyntax.V3, "Path(`abc`)", "Path: path must start with \"/\""),
                arguments(RuleSyntax.V3, "PathPrefix(`api`)", "PathPrefix: path must start with \"/\""),
                arguments(RuleSyntax.V2, "Path(`users/{id}`)", "Path: path must start with \"/\""),
                arguments(RuleSyntax.V2, "HostRegexp(`{sub:[a-z]+.example.com`)", "HostRegexp: unbalanced braces"),
                arguments(RuleSyntax.V2, "HostRegexp(`sub}.example.com`)", "HostRegexp: unbalanced braces"),
                arguments(RuleSyntax.V2, "HostRegexp(`{sub:(}.example.com`)", "HostRegexp: invalid regexp"),
                arguments(RuleSyntax.V2, "Path(`/{:[0-9]+}`)", "Path: missing name or pattern"),
                arguments(RuleSyntax.V2, "Query(`=v`)", "Query: missing key"));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} -> {2}")
    @MethodSource("rejectedRules")
    void rejects(RuleSyntax syntax, String rule, String expectedMessage) {
        RuleException error = assertThrows(RuleException.class, () -> RuleParser.parse(rule, syntax));

        assertTrue(error.getMessage().contains(expectedMessage),
                () -> "message \"" + error.getMessage() + "\" lacks \"" + expectedMessage + "\"");
        assertTrue(error.getMessage().indexOf('\n') < 0, "one-line message");
    }
}
