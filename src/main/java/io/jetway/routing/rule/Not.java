package io.jetway.routing.rule;

/** `!a`. Never indexable: the negation of a host set is every other host. */
record Not(Matcher operand) implements Matcher {

    @Override
    public boolean matches(RequestView request) {
        return !operand.matches(request);
    }
}
