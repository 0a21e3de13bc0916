package io.jetway.routing.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Traefik v2's matchers: most take several arguments and match if any of them does. */
final class V2Matchers {

    static final MatcherCatalog<Matcher> CATALOG = new MatcherCatalog<>(RuleSyntax.V2, List.of(
            anyArgument("Host", host -> HostMatcher.v2(ArgumentChecks.asciiHost(host))),
            anyArgument("HostHeader", host -> HostMatcher.v2(ArgumentChecks.asciiHost(host))),
            anyArgument("HostRegexp", template -> new HostRegexpMatcher(MuxTemplate.compile(
                    ArgumentChecks.asciiHost(template), MuxTemplate.HOST_DEFAULT, true, true))),
            anyArgument("Path", path -> pathMatcher(ArgumentChecks.absolutePath(path), true)),
            anyArgument("PathPrefix", path -> pathMatcher(ArgumentChecks.absolutePath(path), false)),
            anyArgument("Method", method -> new MethodMatcher(ArgumentChecks.method(method))),
            MatcherSpec.of("Headers", 2, 2, args -> new HeaderMatcher(args.get(0), args.get(1))),
            MatcherSpec.of("HeadersRegexp", 2, 2,
                    args -> new HeaderRegexpMatcher(args.get(0), Regexps.compile(args.get(1)))),
            MatcherSpec.of("Query", 1, MatcherSpec.UNBOUNDED, V2Matchers::allQueryPairs),
            anyArgument("ClientIP", ip -> new ClientIpMatcher(ArgumentChecks.ipRange(ip)))));

    private V2Matchers() {
    }

    private static MatcherSpec<Matcher> anyArgument(String name, Function<String, Matcher> perArgument) {
        return MatcherSpec.of(name, 1, MatcherSpec.UNBOUNDED, args -> {
            if (args.size() == 1) {
                return perArgument.apply(args.get(0));
            }
            List<Matcher> parts = new ArrayList<>(args.size());
            for (String arg : args) {
                parts.add(perArgument.apply(arg));
            }
            return new AnyOf(parts);
        });
    }

    /** Without a `{...}` variable a plain string comparison does, which is much cheaper than a regexp. */
    private static Matcher pathMatcher(String path, boolean whole) {
        if (!MuxTemplate.hasVariables(path)) {
            return whole ? new PathMatcher(path) : new PathPrefixMatcher(path);
        }
        return new PathRegexpMatcher(MuxTemplate.compile(path, MuxTemplate.PATH_DEFAULT, whole, false));
    }

    /** Query("k=v", "k2") : every pair must match; a key alone (or "k=") only requires presence. */
    private static Matcher allQueryPairs(List<String> pairs) {
        List<Matcher> parts = new ArrayList<>(pairs.size());
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            if (key.isEmpty()) {
                throw new ArgumentProblem("missing key in \"" + pair + "\"");
            }
            if (value.isEmpty()) {
                parts.add(new QueryKeyMatcher(key));
            } else if (MuxTemplate.hasVariables(value)) {
                parts.add(new QueryRegexpMatcher(key,
                        MuxTemplate.compile(value, MuxTemplate.QUERY_DEFAULT, true, false)));
            } else {
                parts.add(new QueryMatcher(key, value));
            }
        }
        return parts.size() == 1 ? parts.get(0) : new AllOf(parts);
    }
}
