package io.jetway.routing.rule;

import java.util.regex.Pattern;

/** `HostRegexp(re)` (v3, unanchored) or a v2 host template (compiled anchored by {@link MuxTemplate}). */
record HostRegexpMatcher(Pattern pattern) implements Matcher {

    @Override
    public boolean matches(RequestView request) {
        return pattern.matcher(request.host()).find();
    }
}
