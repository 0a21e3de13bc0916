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
}
