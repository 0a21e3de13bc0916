package io.jetway.routing.rule;

import java.util.List;
import java.util.regex.Pattern;

/** `HeaderRegexp(k, re)`: some value of header k contains a match of re (unanchored). */
record HeaderRegexpMatcher(String name, Pattern pattern) implements Matcher {

    @Override
    public boolean matches(RequestView request) {
        List<String> values = request.headers(name);
        for (int i = 0; i < values.size(); i++) {
            if (pattern.matcher(values.get(i)).find()) {
                return true;
            }
        }
        return false;
    }
}
