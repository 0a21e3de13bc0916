package io.jetway.routing.rule;

import java.util.List;
import java.util.regex.Pattern;

/** `QueryRegexp(k, re)`, and v2 `Query("k={name:re}")` with an anchored pattern. */
record QueryRegexpMatcher(String key, Pattern pattern) implements Matcher {

    @Override
    public boolean matches(RequestView request) {
        List<String> values = request.queryParameters().get(key);
        if (values == null) {
            return false;
        }
        for (int i = 0; i < values.size(); i++) {
            if (pattern.matcher(values.get(i)).find()) {
                return true;
            }
        }
        return false;
    }
}
