package io.jetway.routing.tcp;

/** One node of a compiled TCP rule. Implementations are immutable and hold precompiled state. */
interface TcpMatcher {

    boolean matches(TcpConnectionInfo connection);
}
