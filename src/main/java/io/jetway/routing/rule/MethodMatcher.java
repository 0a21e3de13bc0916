package io.jetway.routing.rule;

/** `Method(m)`: m is uppercased when parsed; the request method must equal it exactly. */
record MethodMatcher(String method) implements Matcher {

    @Override
    public boolean matches(RequestView request) {
        return method.equals(request.method());
    }
}
