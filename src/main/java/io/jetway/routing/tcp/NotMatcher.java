package io.jetway.routing.tcp;

/** `!a`. */
record NotMatcher(TcpMatcher operand) implements TcpMatcher {

    @Override
    public boolean matches(TcpConnectionInfo connection) {
        return !operand.matches(connection);
    }

    @Override
    public String whyNot(TcpConnectionInfo connection) {
        return matches(connection) ? null : "!" + operand.describe() + " did not match: " + operand.describe() + " matched";
    }

    @Override
    public String describe() {
        return "!" + operand.describe();
    }
}
