package io.jetway.routing.tcp;

import io.jetway.routing.rule.ArgumentProblem;
import io.jetway.routing.rule.MuxTemplate;
import io.jetway.routing.rule.Regexps;

import java.util.regex.Pattern;

/**
 * `HostSNIRegexp(...)` on the (lowercased) SNI, which may be empty: v3 takes a Go regexp, searched
 * unanchored; v2 took a gorilla/mux template such as `{sub:[a-z]+}.example.com`, anchored at both
 * ends and case-insensitive.
 */
record HostSniRegexpMatcher(Pattern pattern) implements TcpMatcher {

    static HostSniRegexpMatcher v3(String regexp) {
        if (!regexp.chars().allMatch(c -> c < 0x80)) {
            throw new ArgumentProblem("non-ASCII characters are not allowed in \"" + regexp + "\" (use punycode)");
        }
        return new HostSniRegexpMatcher(Regexps.compile(regexp));
    }

    static HostSniRegexpMatcher v2(String template) {
        Pattern anchored = MuxTemplate.compile(template, MuxTemplate.HOST_DEFAULT, true, false);
        // Traefik's v2 template starts with (?i), which covers the variables' own regexps too.
        return new HostSniRegexpMatcher(
                Pattern.compile(anchored.pattern(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }

    @Override
    public String whyNot(TcpConnectionInfo connection) {
        return matches(connection) ? null : describe() + " did not match " + Sni.of(connection);
    }

    /** The compiled pattern: a v2 template shows as the regexp it became. */
    @Override
    public String describe() {
        return TcpMatcher.call("HostSNIRegexp", java.util.List.of(pattern.pattern()));
    }

    @Override
    public boolean matches(TcpConnectionInfo connection) {
        return pattern.matcher(connection.serverName()).find();
    }
}
