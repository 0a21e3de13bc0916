package io.jetway.routing.rule;

/** One node of a compiled rule. Implementations are immutable and hold precompiled state. */
interface Matcher {

    boolean matches(RequestView request);

    /** Hosts a request must have to match; most matchers say nothing about the host. */
    default HostKeys hostKeys() {
        return HostKeys.ANY;
    }
}
