package io.jetway.routing.tcp;

/** One node of a compiled TCP rule. Implementations are immutable and hold precompiled state. */
interface TcpMatcher {

    boolean matches(TcpConnectionInfo connection);

    /**
     * Why the connection does not match, for explanations (never on the connection path), or null
     * when it does. Leaves describe themselves; && and || say which operands failed.
     */
    default String whyNot(TcpConnectionInfo connection) {
        return matches(connection) ? null : describe() + " did not match";
    }

    /** The matcher as a rule would write it: {@code HostSNI(`a.example.com`)}. */
    String describe();

    /** {@code Name(`a`, `b`)}. */
    static String call(String name, java.util.List<String> args) {
        return name + "(" + String.join(", ", args.stream().map(a -> "`" + a + "`").toList()) + ")";
    }
}
