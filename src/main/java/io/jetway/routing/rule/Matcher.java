package io.jetway.routing.rule;

/** One node of a compiled rule. Implementations are immutable and hold precompiled state. */
interface Matcher {

    boolean matches(RequestView request);

    /**
     * Why the request does not match, for explanations (never on the request path), or null when
     * it does. Leaves describe themselves; && and || say which operands failed.
     */
    default String whyNot(RequestView request) {
        return matches(request) ? null : describe() + " did not match";
    }

    /** The matcher as a rule would write it, roughly: {@code PathPrefix(/api)}. */
    default String describe() {
        String text = toString(); // a record: PathPrefixMatcher[prefix=/api]
        int open = text.indexOf('[');
        String name = (open < 0 ? text : text.substring(0, open)).replace("Matcher", "");
        String args = open < 0 ? "" : text.substring(open + 1, text.length() - 1).replaceAll("\\w+=", "");
        return name + "(" + args + ")";
    }

    /** Hosts a request must have to match; most matchers say nothing about the host. */
    default HostKeys hostKeys() {
        return HostKeys.ANY;
    }

    /** Path prefixes a request must have to match; most matchers say nothing about the path. */
    default PathKeys pathKeys() {
        return PathKeys.ANY;
    }
}
