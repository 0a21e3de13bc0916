package io.jetway.routing.rule;

import java.util.HashSet;
import java.util.Set;

/**
 * The hosts that every request matching a rule must have, so a routing table can index routers by
 * host. {@link #ANY} means the rule cannot be indexed and must be tried for every host.
 *
 * @param indexable false for {@link #ANY}
 * @param exact     canonical host names (lowercase, no trailing dot)
 * @param wildcards suffixes of one-label wildcards: `*.example.com` is stored as `example.com`
 */
public record HostKeys(boolean indexable, Set<String> exact, Set<String> wildcards) {

    public static final HostKeys ANY = new HostKeys(false, Set.of(), Set.of());

    public HostKeys {
        exact = Set.copyOf(exact);
        wildcards = Set.copyOf(wildcards);
        if (!indexable && (!exact.isEmpty() || !wildcards.isEmpty())) {
            throw new IllegalArgumentException("ANY host keys carry no hosts");
        }
    }

    public static HostKeys exactHost(String host) {
        return new HostKeys(true, Set.of(host), Set.of());
    }

    public static HostKeys wildcardSuffix(String suffix) {
        return new HostKeys(true, Set.of(), Set.of(suffix));
    }

    /** Keys for "this or that": both must be indexable, otherwise the union is unbounded. */
    public HostKeys union(HostKeys other) {
        if (!indexable || !other.indexable) {
            return ANY;
        }
        Set<String> allExact = new HashSet<>(exact);
        allExact.addAll(other.exact);
        Set<String> allWildcards = new HashSet<>(wildcards);
        allWildcards.addAll(other.wildcards);
        return new HostKeys(true, allExact, allWildcards);
    }

    /**
     * The key an index looks up for a wildcard: everything after the first label
     * (`a.b.example.com` gives `b.example.com`), or null when the host has no such suffix.
     */
    public static String wildcardSuffixOf(String host) {
        int dot = host.indexOf('.');
        // A leading or trailing dot leaves an empty label, which a one-label wildcard never matches.
        if (dot <= 0 || dot == host.length() - 1) {
            return null;
        }
        return host.substring(dot + 1);
    }
}
