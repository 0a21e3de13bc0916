package io.jetway.routing.tcp;

import io.jetway.routing.rule.MatcherCatalog;
import io.jetway.routing.rule.MatcherSpec;
import io.jetway.routing.rule.RuleLanguage;
import io.jetway.routing.rule.RuleSyntax;

import java.util.ArrayList;
import java.util.List;

/** The TCP matchers of each syntax: the same four names, one argument each in v3, one or more in v2. */
final class TcpMatchers {

    /** Said after "unknown matcher": HTTP names (Host, PathPrefix) are the usual mistake. */
    static final String KNOWN_NAMES = " (TCP rules know HostSNI, HostSNIRegexp, ClientIP and ALPN)";

    private static final MatcherCatalog<TcpMatcher> V3 = new MatcherCatalog<>(RuleSyntax.V3, List.of(
            MatcherSpec.of("HostSNI", 1, 1, args -> HostSniMatcher.of(args.get(0))),
            MatcherSpec.of("HostSNIRegexp", 1, 1, args -> HostSniRegexpMatcher.v3(args.get(0))),
            MatcherSpec.of("ClientIP", 1, 1, ClientIpMatcher::of),
            MatcherSpec.of("ALPN", 1, 1, AlpnMatcher::of)));

    private static final MatcherCatalog<TcpMatcher> V2 = new MatcherCatalog<>(RuleSyntax.V2, List.of(
            MatcherSpec.of("HostSNI", 1, MatcherSpec.UNBOUNDED, HostSniV2Matcher::of),
            MatcherSpec.of("HostSNIRegexp", 1, MatcherSpec.UNBOUNDED, TcpMatchers::anyTemplate),
            MatcherSpec.of("ClientIP", 1, MatcherSpec.UNBOUNDED, ClientIpMatcher::of),
            MatcherSpec.of("ALPN", 1, MatcherSpec.UNBOUNDED, AlpnMatcher::of)));

    private TcpMatchers() {
    }

    static RuleLanguage<TcpMatcher> language(RuleSyntax syntax) {
        return new Language(syntax == RuleSyntax.V2 ? V2 : V3);
    }

    private static TcpMatcher anyTemplate(List<String> templates) {
        if (templates.size() == 1) {
            return HostSniRegexpMatcher.v2(templates.get(0));
        }
        List<TcpMatcher> parts = new ArrayList<>(templates.size());
        for (String template : templates) {
            parts.add(HostSniRegexpMatcher.v2(template));
        }
        return new AnyOfMatcher(parts);
    }

    private record Language(MatcherCatalog<TcpMatcher> catalog) implements RuleLanguage<TcpMatcher> {

        @Override
        public MatcherSpec<TcpMatcher> lookup(String writtenName) {
            return catalog.lookup(writtenName);
        }

        @Override
        public String unknownNameHint(String writtenName) {
            return KNOWN_NAMES;
        }

        @Override
        public TcpMatcher allOf(List<TcpMatcher> parts) {
            return new AllOfMatcher(parts);
        }

        @Override
        public TcpMatcher anyOf(List<TcpMatcher> parts) {
            return new AnyOfMatcher(parts);
        }

        @Override
        public TcpMatcher not(TcpMatcher operand) {
            return operand instanceof NotMatcher not ? not.operand() : new NotMatcher(operand);
        }
    }
}
