package io.jetway.routing.rule;

/** `Path(p)`: the routing path equals p, case-sensitive. */
record PathMatcher(String path) implements Matcher {

    @Override
    public boolean matches(RequestView request) {
        return request.routingPath().equals(path);
    }

    /** A path equal to p also starts with p. */
    @Override
    public PathKeys pathKeys() {
        return PathKeys.prefix(path);
    }
}
