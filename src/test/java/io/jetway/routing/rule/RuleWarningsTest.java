package io.jetway.routing.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleWarningsTest {

    /** Expected warnings joined by " + ", or NONE. */
    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            V3 | HeadersRegexp(`X-Debug`, `true`)             | HeadersRegexp is v2 syntax; use HeaderRegexp
            V3 | headersregexp(`X-Debug`, `true`)             | HeadersRegexp is v2 syntax; use HeaderRegexp
            V3 | Headers(`X-Env`, `prod`)                     | Headers is v2 syntax; use Header
            V3 | HostHeader(`a.com`)                          | HostHeader is v2 syntax; use Host
            V3 | Headers(`A`, `1`) && Headers(`B`, `2`)       | Headers is v2 syntax; use Header
            V3 | HostHeader(`a.com`) && Headers(`A`, `1`)     | HostHeader is v2 syntax; use Host + Headers is v2 syntax; use Header
            V3 | Host(`a.com`) && Header(`A`, `1`)            | NONE
            V2 | Headers(`X-Env`, `prod`)                     | NONE
            V2 | HostHeader(`a.com`)                          | NONE
            """)
    void warnings(RuleSyntax syntax, String rule, String expected) {
        List<String> want = expected.equals("NONE") ? List.of() : Arrays.asList(expected.split(" \\+ "));

        assertEquals(want, RuleParser.parse(rule, syntax).warnings());
    }

    @Test
    void ruleKeepsItsTextAndSyntax() {
        String text = "Host(`a.com`) && Path(`/x`)";
        Rule rule = RuleParser.parse(text, null);

        assertSame(text, rule.text());
        assertEquals(RuleSyntax.V3, rule.syntax());
        assertEquals(RuleSyntax.V2, RuleParser.parse(text, RuleSyntax.V2).syntax());
    }
}
