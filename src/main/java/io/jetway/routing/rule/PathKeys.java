package io.jetway.routing.rule;

import java.util.HashSet;
import java.util.Set;

/**
 * Literal prefixes of the routing path that every request matching a rule must have, so a routing
 * table can index routers without a host by path. {@link #ANY} means the rule cannot be indexed
 * by path (a regexp, a negation, a rule on headers only).
 *
 * @param indexable false for {@link #ANY}
 * @param prefixes  a matching request's routing path starts with one of these (character-wise)
 */
public record PathKeys(boolean indexable, Set<String> prefixes) {

    public static final PathKeys ANY = new PathKeys(false, Set.of());

    public PathKeys {
        prefixes = Set.copyOf(prefixes);
        if (!indexable && !prefixes.isEmpty()) {
            throw new IllegalArgumentException("ANY path keys carry no prefixes");
        }
    }

    public static PathKeys prefix(String prefix) {
        return new PathKeys(true, Set.of(prefix));
    }

    /** Keys for "this or that": both must be indexable, otherwise the union is unbounded. */
    public PathKeys union(PathKeys other) {
        if (!indexable || !other.indexable) {
            return ANY;
        }
        Set<String> all = new HashSet<>(prefixes);
        all.addAll(other.prefixes);
        return new PathKeys(true, all);
    }
}
