package io.jetway.routing.rule;

import java.util.List;

/** `a || b || ...`; also v2 matchers with several arguments, which match if any argument does. */
record AnyOf(List<Matcher> parts) implements Matcher {

    AnyOf {
        parts = List.copyOf(parts);
    }

    @Override
    public boolean matches(RequestView request) {
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).matches(request)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String whyNot(RequestView request) {
        if (matches(request)) {
            return null;
        }
        java.util.List<String> reasons = new java.util.ArrayList<>();
        parts.forEach(part -> reasons.add(part.whyNot(request)));
        return "none of the alternatives matched: " + String.join("; ", reasons);
    }

    @Override
    public HostKeys hostKeys() {
        HostKeys keys = parts.get(0).hostKeys();
        for (int i = 1; i < parts.size() && keys.indexable(); i++) {
            keys = keys.union(parts.get(i).hostKeys());
        }
        return keys;
    }

    @Override
    public PathKeys pathKeys() {
        PathKeys keys = parts.get(0).pathKeys();
        for (int i = 1; i < parts.size() && keys.indexable(); i++) {
            keys = keys.union(parts.get(i).pathKeys());
        }
        return keys;
    }
}
