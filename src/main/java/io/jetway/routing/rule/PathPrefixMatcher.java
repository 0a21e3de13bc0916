package io.jetway.routing.rule;

/** `PathPrefix(p)`: character-wise prefix, so `/products` also matches `/products-for-sale`. */
record PathPrefixMatcher(String prefix) implements Matcher {

    @Override
    public boolean matches(RequestView request) {
        return request.routingPath().startsWith(prefix);
    }

    @Override
    public PathKeys pathKeys() {
        return PathKeys.prefix(prefix);
    }
}
