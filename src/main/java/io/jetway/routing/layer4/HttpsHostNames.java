package io.jetway.routing.layer4;

import io.jetway.routing.CompiledRouter;
import io.jetway.routing.rule.HostKeys;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The HTTPS routers of an entry point as Traefik's TCP router sees them: the server names their
 * Host rules name (a ClientHello for one of them goes to HTTPS before any TCP router), and whether
 * some router has no host (an HTTPS catch-all, which comes after the TCP routers with a specific
 * HostSNI). {@link TcpDecision} reads it for the data plane and for explanations.
 *
 * @param any some HTTPS router is on the entry point (which turns the TCP fast path off)
 */
public record HttpsHostNames(Set<String> exact, Set<String> wildcardSuffixes, boolean catchAll, boolean any) {

    public static final HttpsHostNames NONE = new HttpsHostNames(Set.of(), Set.of(), false, false);

    public HttpsHostNames {
        exact = Set.copyOf(exact);
        wildcardSuffixes = Set.copyOf(wildcardSuffixes);
    }

    /** @param tlsRouters the entry point's enabled routers with a tls section */
    public static HttpsHostNames of(List<CompiledRouter> tlsRouters) {
        if (tlsRouters.isEmpty()) {
            return NONE;
        }
        Set<String> exact = new HashSet<>();
        Set<String> wildcards = new HashSet<>();
        boolean catchAll = false;
        for (CompiledRouter router : tlsRouters) {
            HostKeys keys = router.rule().hostKeys();
            if (hostless(keys)) {
                catchAll = true;
            } else {
                exact.addAll(keys.exact());
                wildcards.addAll(keys.wildcards());
            }
        }
        return new HttpsHostNames(exact, wildcards, catchAll, true);
    }

    /** A router whose rule names no host the index can use: Traefik counts it as an HTTPS catch-all. */
    public static boolean hostless(HostKeys keys) {
        return !keys.indexable() || keys.exact().isEmpty() && keys.wildcards().isEmpty();
    }

    /** Some HTTPS router names this server name in its Host rule. */
    public boolean names(String serverName) {
        return names(exact, wildcardSuffixes, serverName);
    }

    /** One router's host keys name this server name (for explanations that say which router). */
    public static boolean names(HostKeys keys, String serverName) {
        return !hostless(keys) && names(keys.exact(), keys.wildcards(), serverName);
    }

    private static boolean names(Set<String> exact, Set<String> wildcardSuffixes, String serverName) {
        if (serverName.isEmpty()) {
            return false;
        }
        if (exact.contains(serverName)) {
            return true;
        }
        String suffix = HostKeys.wildcardSuffixOf(serverName);
        return suffix != null && wildcardSuffixes.contains(suffix);
    }
}
