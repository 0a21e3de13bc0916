package io.jetway.routing.rule;

import java.util.regex.Pattern;

/** `PathRegexp(re)` (unanchored) or a v2 path template (anchored by {@link MuxTemplate}). */
record PathRegexpMatcher(Pattern pattern) implements Matcher {

    @Override
    public boolean matches(RequestView request) {
        return pattern.matcher(request.routingPath()).find();
    }
}
