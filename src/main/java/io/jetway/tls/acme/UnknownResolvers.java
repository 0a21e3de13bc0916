package io.jetway.tls.acme;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.kube.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A router that names a certificates resolver the static configuration does not define still
 * serves (with a matching certificate from a Secret, or the default one), with a warning that says
 * which resolver is missing.
 */
public final class UnknownResolvers {

    private UnknownResolvers() {
    }

    public static DynamicConfig withWarnings(DynamicConfig config, Set<String> configured) {
        List<Problem> problems = new ArrayList<>(config.problems());
        for (RouterConfig router : config.routers().values()) {
            String resolver = router.tls() == null ? null : router.tls().certResolver();
            if (resolver != null && !configured.contains(resolver)) {
                problems.add(Problem.warning(router.source(), router.name(), "tls.certResolver: certificates resolver \""
                        + resolver + "\" is not configured (--certificatesresolvers." + resolver
                        + ".acme...); the matching certificate or the default one is served"));
            }
        }
        for (TcpRouterConfig router : config.layer4().tcpRouters().values()) {
            String resolver = router.tls() == null || router.tls().passthrough() ? null : router.tls().certResolver();
            if (resolver != null && !resolver.isBlank() && !configured.contains(resolver)) {
                problems.add(Problem.warning(router.source(), router.name(), "tls.certResolver: certificates resolver \""
                        + resolver + "\" is not configured (--certificatesresolvers." + resolver
                        + ".acme...); the matching certificate or the default one is served"));
            }
        }
        if (problems.size() == config.problems().size()) {
            return config;
        }
        return config.withProblems(problems);
    }
}
