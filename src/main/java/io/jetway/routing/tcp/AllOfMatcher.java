package io.jetway.routing.tcp;

import java.util.List;

/** `a && b && ...`. */
record AllOfMatcher(List<TcpMatcher> parts) implements TcpMatcher {

    AllOfMatcher {
        parts = List.copyOf(parts);
    }

    @Override
    public boolean matches(TcpConnectionInfo connection) {
        for (int i = 0; i < parts.size(); i++) {
            if (!parts.get(i).matches(connection)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String whyNot(TcpConnectionInfo connection) {
        for (TcpMatcher part : parts) {
            String why = part.whyNot(connection);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    @Override
    public String describe() {
        return "(" + String.join(" && ", parts.stream().map(TcpMatcher::describe).toList()) + ")";
    }
}
