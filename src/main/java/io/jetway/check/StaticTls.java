package io.jetway.check;

import io.jetway.config.EntryPointConfig;
import io.jetway.config.StaticConfig;
import io.jetway.dynamic.RouterTls;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the static configuration says about TLS that a check of the routes needs: the entry points
 * whose {@code http.tls} their routers take, and the certificates resolvers that are defined (a
 * route naming another one is warned of, as at run time).
 */
public record StaticTls(Map<String, RouterTls> byEntryPoint, Set<String> resolvers) {

    public static final StaticTls NONE = new StaticTls(Map.of(), Set.of());

    public StaticTls {
        byEntryPoint = Map.copyOf(byEntryPoint);
        resolvers = Set.copyOf(resolvers);
    }

    public static StaticTls of(StaticConfig config) {
        Map<String, RouterTls> tls = new LinkedHashMap<>();
        for (EntryPointConfig ep : config.entryPoints().values()) {
            if (ep.tls() != null) {
                tls.put(ep.name(), new RouterTls(ep.tls().options(), ep.tls().certResolver(), ep.tls().domains()));
            }
        }
        return new StaticTls(tls, config.certificateResolvers().keySet());
    }
}
