package io.jetway.routing.tcp;

import java.util.ArrayList;
import java.util.List;

/** `a || b || ...`; also a v2 HostSNIRegexp with several templates, which matches if any does. */
record AnyOfMatcher(List<TcpMatcher> parts) implements TcpMatcher {

    AnyOfMatcher {
        parts = List.copyOf(parts);
    }

    @Override
    public boolean matches(TcpConnectionInfo connection) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).matches(connection)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String whyNot(TcpConnectionInfo connection) {
        if (matches(connection)) {
            return null;
        }
        List<String> reasons = new ArrayList<>();
        parts.forEach(part -> reasons.add(part.whyNot(connection)));
        return "none of the alternatives matched: " + String.join("; ", reasons);
    }

    @Override
    public String describe() {
        return "(" + String.join(" || ", parts.stream().map(TcpMatcher::describe).toList()) + ")";
    }
}
