package io.jetway.routing.rule;

import java.util.List;

/** `Header(k, v)`: some value of header k equals v. Values are not split on commas, as in Traefik. */
record HeaderMatcher(String name, String value) implements Matcher {

    @Override
    public boolean matches(RequestView request) {
        List<String> values = request.headers(name);
        for (int i = 0; i < values.size(); i++) {
            if (value.equals(values.get(i))) {
                return true;
            }
        }
        return false;
    }
}
