package io.jetway.routing.rule;

/** v2 `Query("k")` or `Query("k=")`: the parameter is present, whatever its value. */
record QueryKeyMatcher(String key) implements Matcher {

    @Override
    public boolean matches(RequestView request) {
        return request.queryParameters().containsKey(key);
    }
}
