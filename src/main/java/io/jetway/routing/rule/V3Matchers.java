package io.jetway.routing.rule;

import java.util.List;

/** Traefik v3's matchers: one value per matcher; combine several with `||`. */
final class V3Matchers {

    private static final MatcherSpec<Matcher> HOST = MatcherSpec.of("Host", 1, 1,
            args -> HostMatcher.v3(ArgumentChecks.asciiHost(args.get(0))));
    private static final MatcherSpec<Matcher> HEADER = MatcherSpec.of("Header", 2, 2,
            args -> new HeaderMatcher(args.get(0), args.get(1)));
    private static final MatcherSpec<Matcher> HEADER_REGEXP = MatcherSpec.of("HeaderRegexp", 2, 2,
            args -> new HeaderRegexpMatcher(args.get(0), Regexps.compile(args.get(1))));

    static final MatcherCatalog<Matcher> CATALOG = new MatcherCatalog<>(RuleSyntax.V3, List.of(
            HOST,
            MatcherSpec.of("HostRegexp", 1, 1,
                    args -> new HostRegexpMatcher(Regexps.compile(ArgumentChecks.asciiHost(args.get(0))))),
            MatcherSpec.of("Path", 1, 1, args -> new PathMatcher(ArgumentChecks.absolutePath(args.get(0)))),
            MatcherSpec.of("PathPrefix", 1, 1,
                    args -> new PathPrefixMatcher(ArgumentChecks.absolutePath(args.get(0)))),
            MatcherSpec.of("PathRegexp", 1, 1, args -> new PathRegexpMatcher(Regexps.compile(args.get(0)))),
            MatcherSpec.of("Method", 1, 1, args -> new MethodMatcher(ArgumentChecks.method(args.get(0)))),
            HEADER,
            HEADER_REGEXP,
            // One argument means "present with an empty value": Traefik compares against "".
            MatcherSpec.of("Query", 1, 2,
                    args -> new QueryMatcher(args.get(0), args.size() == 2 ? args.get(1) : "")),
            MatcherSpec.of("QueryRegexp", 2, 2,
                    args -> new QueryRegexpMatcher(args.get(0), Regexps.compile(args.get(1)))),
            MatcherSpec.of("ClientIP", 1, 1, args -> new ClientIpMatcher(ArgumentChecks.ipRange(args.get(0)))),
            // v2 names still found in v3 routes (the seeds use HeadersRegexp): accepted with a warning.
            HEADER.aliasedAs("Headers", "Header"),
            HEADER_REGEXP.aliasedAs("HeadersRegexp", "HeaderRegexp"),
            HOST.aliasedAs("HostHeader", "Host")));

    private V3Matchers() {
    }
}
