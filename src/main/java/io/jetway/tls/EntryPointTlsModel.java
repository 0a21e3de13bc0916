package io.jetway.tls;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.RouterTls;
import io.jetway.kube.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Traefik's entry point model for {@code http.tls}: a router without a tls section of its own
 * takes the TLS settings of its entry points. A router on both TLS and plain entry points is split
 * into one copy per TLS entry point, named {@code <entrypoint>-<router>} as Traefik names them.
 */
public final class EntryPointTlsModel {

    private EntryPointTlsModel() {
    }

    /**
     * @param tlsByEntryPoint the entry points with http.tls and the settings they give
     * @param entryPoints     the routing entry points (a router without entry points is on all of them)
     */
    public static DynamicConfig apply(DynamicConfig config, Map<String, RouterTls> tlsByEntryPoint, List<String> entryPoints) {
        if (tlsByEntryPoint.isEmpty()) {
            return config;
        }
        Map<String, RouterConfig> routers = new TreeMap<>();
        List<Problem> problems = new ArrayList<>(config.problems());
        for (RouterConfig r : config.routers().values()) {
            if (r.tls() != null || !r.parentRefs().isEmpty()) {
                routers.put(r.name(), r);
                continue;
            }
            List<String> eps = r.entryPoints().isEmpty() ? entryPoints : r.entryPoints();
            List<String> tlsEps = new ArrayList<>();
            List<String> plainEps = new ArrayList<>();
            for (String ep : eps) {
                (find(tlsByEntryPoint, ep) != null ? tlsEps : plainEps).add(ep);
            }
            if (tlsEps.isEmpty()) {
                routers.put(r.name(), r);
            } else if (plainEps.isEmpty() && tlsEps.size() == 1) {
                routers.put(r.name(), withTls(r, r.name(), r.entryPoints(), find(tlsByEntryPoint, tlsEps.get(0))));
            } else {
                for (String ep : tlsEps) {
                    String name = ep + "-" + r.name();
                    routers.put(name, withTls(r, name, List.of(ep), find(tlsByEntryPoint, ep)));
                    for (Problem p : config.problems()) {
                        if (r.name().equals(p.element())) {
                            problems.add(new Problem(p.object(), name, p.message()));
                        }
                    }
                }
                if (!plainEps.isEmpty()) {
                    routers.put(r.name(), new RouterConfig(r.name(), plainEps, r.rule(), r.priority(), r.ruleSyntax(),
                            r.middlewares(), r.service(), r.source(), r.parentRefs(), null));
                }
            }
        }
        return new DynamicConfig(routers, config.services(), config.middlewares(), problems,
                config.serversTransports(), config.tls(), config.layer4(), config.gatewayStatus());
    }

    private static RouterTls find(Map<String, RouterTls> tlsByEntryPoint, String ep) {
        for (Map.Entry<String, RouterTls> e : tlsByEntryPoint.entrySet()) {
            if (e.getKey().equalsIgnoreCase(ep)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static RouterConfig withTls(RouterConfig r, String name, List<String> entryPoints, RouterTls tls) {
        return new RouterConfig(name, entryPoints, r.rule(), r.priority(), r.ruleSyntax(), r.middlewares(), r.service(),
                r.source(), r.parentRefs(), tls);
    }
}
