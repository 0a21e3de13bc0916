package io.jetway.tls;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.TlsDomain;
import io.jetway.dynamic.TlsOptionsConfig;
import io.jetway.kube.Problem;
import io.jetway.routing.rule.RuleParser;
import io.jetway.routing.rule.RuleSyntax;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which TLS options each host name uses: the hosts of a TLS router's {@code Host(...)} rule and
 * {@code tls.domains} map to the router's options; a host that routers map to different options
 * uses the default ones (Traefik's rule for conflicting options), and those routers get a warning.
 */
public final class TlsHostOptions {

    private TlsHostOptions() {
    }

    /** Host to the options name for every host with non-default options. */
    static Map<String, String> byHost(DynamicConfig config) {
        Map<String, String> byHost = new HashMap<>();
        candidates(config).forEach((host, options) -> {
            if (options.size() == 1) {
                String name = options.keySet().iterator().next();
                if (!name.equals(TlsOptionsConfig.DEFAULT_NAME)) {
                    byHost.put(host, name);
                }
            }
        });
        return byHost;
    }

    /** The configuration with a warning on each router whose host another router maps to other options. */
    public static DynamicConfig withConflictWarnings(DynamicConfig config) {
        List<Problem> problems = new ArrayList<>(config.problems());
        Map<String, List<String>> hostsByRouter = new TreeMap<>();
        candidates(config).forEach((host, options) -> {
            if (options.size() > 1) {
                options.values().forEach(routers -> routers.forEach(
                        r -> hostsByRouter.computeIfAbsent(r, k -> new ArrayList<>()).add(host + " " + options.keySet())));
            }
        });
        if (hostsByRouter.isEmpty()) {
            return config;
        }
        hostsByRouter.forEach((router, conflicts) -> problems.add(Problem.warning(config.routers().get(router).source(), router,
                "TLS options conflict for " + String.join(", ", conflicts) + ": the default TLS options are used for that host")));
        return config.withProblems(problems);
    }

    /** Host to options name to the routers that map the host to those options. */
    private static Map<String, Map<String, List<String>>> candidates(DynamicConfig config) {
        Map<String, Map<String, List<String>>> candidates = new TreeMap<>();
        for (RouterConfig router : config.routers().values()) {
            if (router.tls() == null) {
                continue;
            }
            String options = router.tls().options() == null ? TlsOptionsConfig.DEFAULT_NAME : router.tls().options();
            for (String host : hosts(router)) {
                candidates.computeIfAbsent(host, k -> new LinkedHashMap<>())
                        .computeIfAbsent(options, k -> new ArrayList<>()).add(router.name());
            }
        }
        return candidates;
    }

    private static Set<String> hosts(RouterConfig router) {
        Set<String> hosts = new LinkedHashSet<>();
        try {
            hosts.addAll(RuleParser.parse(router.rule(), RuleSyntax.parse(router.ruleSyntax())).hostKeys().exact());
        } catch (RuntimeException e) {
            // a bad rule disables the router; it maps no host
        }
        for (TlsDomain d : router.tls().domains()) {
            if (!d.main().isEmpty()) {
                hosts.add(d.main().toLowerCase(Locale.ROOT));
            }
            d.sans().forEach(s -> hosts.add(s.toLowerCase(Locale.ROOT)));
        }
        return hosts;
    }
}
