package io.jetway.routing.rule;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HostlessChecksTest {

    private final HostlessChecks checks = new HostlessChecks();

    @Test
    void theRestOfARuleIsSharedBetweenHosts() {
        Rule a = checks.afterHost(RuleParser.parse("Host(`a.com`) && PathPrefix(`/api`)", RuleSyntax.V3), "a.com");
        Rule b = checks.afterHost(RuleParser.parse("PathPrefix(`/api`) && Host(`b.com`)", RuleSyntax.V3), "b.com");

        assertSame(a, b);
        assertTrue(a.matches(FakeRequest.parse("GET other.net /api/x")), "the host is no longer checked");
        assertFalse(a.matches(FakeRequest.parse("GET a.com /web")));
    }

    @Test
    void aBareHostLeavesNothingToCheck() {
        Rule rest = checks.afterHost(RuleParser.parse("Host(`a.com`)", RuleSyntax.V3), "a.com");

        assertTrue(rest.matches(FakeRequest.parse("GET other.net /anything")));
    }

    @Test
    void onlyThatHostIsDropped() {
        Rule both = RuleParser.parse("Host(`a.com`) && Host(`b.com`)", RuleSyntax.V3);
        Rule rest = checks.afterHost(both, "a.com");

        assertFalse(rest.matches(FakeRequest.parse("GET a.com /")), "Host(`b.com`) still decides");
        assertTrue(rest.matches(FakeRequest.parse("GET b.com /")));
    }

    @Test
    void rulesWithoutATopLevelHostAreKept() {
        Rule either = RuleParser.parse("Host(`a.com`) || Host(`b.com`)", RuleSyntax.V3);
        Rule wildcard = RuleParser.parse("Host(`*.a.com`) && Path(`/x`)", RuleSyntax.V3);

        assertSame(either, checks.afterHost(either, "a.com"));
        assertSame(wildcard, checks.afterHost(wildcard, "x.a.com"));
        assertNotSame(wildcard, checks.afterHost(RuleParser.parse("Host(`x.a.com`) && Path(`/x`)", RuleSyntax.V3), "x.a.com"));
    }

    @Test
    void aKeyNoCanonicalHostHasKeepsTheHostCheck() {
        Rule trailingDot = RuleParser.parse("Host(`a.com..`) && Path(`/x`)", RuleSyntax.V3);

        assertSame(trailingDot, checks.afterHost(trailingDot, "a.com."));
    }
}
