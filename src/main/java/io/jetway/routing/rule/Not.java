package io.jetway.routing.rule;

/** `!a`. Never indexable: the negation of a host set is every other host. */
record Not(Matcher operand) implements Matcher {

    @Override
    public boolean matches(RequestView request) {
        return !operand.matches(request);
    }

    @Override
    public String whyNot(RequestView request) {
        return matches(request) ? null : "!" + operand.describe() + " did not match: " + operand.describe() + " matched";
    }
}
