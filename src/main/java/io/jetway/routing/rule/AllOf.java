package io.jetway.routing.rule;

import java.util.List;

/** `a && b && ...`: the operands of a chain of `&&` flattened into one node. */
record AllOf(List<Matcher> parts) implements Matcher {

    AllOf {
        parts = List.copyOf(parts);
    }

    @Override
    public boolean matches(RequestView request) {
        for (int i = 0; i < parts.size(); i++) {
            if (!parts.get(i).matches(request)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String whyNot(RequestView request) {
        for (Matcher part : parts) {
            String why = part.whyNot(request);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    /** Any indexable operand constrains the host; the one with the fewest keys makes the tightest index. */
    @Override
    public HostKeys hostKeys() {
        HostKeys best = HostKeys.ANY;
        for (Matcher part : parts) {
            HostKeys keys = part.hostKeys();
            if (keys.indexable() && (!best.indexable() || size(keys) < size(best))) {
                best = keys;
            }
        }
        return best;
    }

    /** Likewise for paths: any indexable operand will do, the fewest prefixes make the tightest index. */
    @Override
    public PathKeys pathKeys() {
        PathKeys best = PathKeys.ANY;
        for (Matcher part : parts) {
            PathKeys keys = part.pathKeys();
            if (keys.indexable() && (!best.indexable() || keys.prefixes().size() < best.prefixes().size())) {
                best = keys;
            }
        }
        return best;
    }

    private static int size(HostKeys keys) {
        return keys.exact().size() + keys.wildcards().size();
    }
}
