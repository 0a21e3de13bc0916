package io.jetway.routing.tcp;

/** `!a`. */
record NotMatcher(TcpMatcher operand) implements TcpMatcher {

    @Override
    public boolean matches(TcpConnectionInfo connection) {
        return !operand.matches(connection);
    }
}
