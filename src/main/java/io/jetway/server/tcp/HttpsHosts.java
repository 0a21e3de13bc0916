package io.jetway.server.tcp;

import io.jetway.routing.CompiledRouter;
import io.jetway.routing.rule.HostKeys;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The HTTPS routers of an entry point as Traefik's TCP router sees them: the server names their
 * Host rules name (a ClientHello for one of them goes to HTTPS before any TCP router), and whether
 * some router has no host (an HTTPS catch-all, which comes after the TCP routers with a specific
 * HostSNI).
 */
record HttpsHosts(Set<String> exact, Set<String> wildcardSuffixes, boolean catchAll, boolean any) {

    static final HttpsHosts NONE = new HttpsHosts(Set.of(), Set.of(), false, false);

    static HttpsHosts of(List<CompiledRouter> tlsRouters) {
        if (tlsRouters.isEmpty()) {
            return NONE;
        }
        Set<String> exact = new HashSet<>();
        Set<String> wildcards = new HashSet<>();
        boolean catchAll = false;
        for (CompiledRouter router : tlsRouters) {
            HostKeys keys = router.rule().hostKeys();
            if (!keys.indexable() || keys.exact().isEmpty() && keys.wildcards().isEmpty()) {
                catchAll = true;
            } else {
                exact.addAll(keys.exact());
                wildcards.addAll(keys.wildcards());
            }
        }
        return new HttpsHosts(Set.copyOf(exact), Set.copyOf(wildcards), catchAll, true);
    }

    /** An HTTPS router names this server name in its Host rule. */
    boolean names(String serverName) {
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
