package io.jetway.routing.rule;

import java.util.List;

/**
 * `Query(k, v)`: some decoded value of parameter k equals v. v3's one-argument `Query(k)` is
 * `Query(k, "")`: the key is present with an empty value, as in Traefik.
 */
record QueryMatcher(String key, String value) implements Matcher {

    @Override
    public boolean matches(RequestView request) {
        List<String> values = request.queryParameters().get(key);
        if (values == null) {
            return false;
        }
        for (int i = 0; i < values.size(); i++) {
            if (value.equals(values.get(i))) {
                return true;
            }
        }
        return false;
    }
}
