package io.jetway.tls.acme;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.RouterConfig;
import io.jetway.dynamic.TcpRouterConfig;
import io.jetway.dynamic.TlsDomain;
import io.jetway.routing.rule.HostKeys;
import io.jetway.routing.rule.RuleException;
import io.jetway.routing.rule.RuleParser;
import io.jetway.routing.rule.RuleSyntax;
import io.jetway.routing.tcp.TcpRule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which certificates the routing configuration asks resolvers for. A router uses a resolver through
 * its {@code tls.certResolver}, or through the {@code http.tls.certResolver} of an entry point it is
 * on (when it has no resolver of its own). It gets one certificate per {@code tls.domains} entry, or
 * one for the exact Host names of its rule (the first name in alphabetical order as main).
 *
 * @param byResolver resolver name, then the domains it must hold, each with the routers that need it
 * @param problems   router name, then why it asks for no certificate (no host in its rule)
 */
public record CertificateDomains(Map<String, Map<TlsDomain, Set<String>>> byResolver, Map<String, String> problems) {

    public static final CertificateDomains NONE = new CertificateDomains(Map.of(), Map.of());

    public CertificateDomains {
        Map<String, Map<TlsDomain, Set<String>>> copy = new LinkedHashMap<>();
        byResolver.forEach((resolver, domains) -> {
            Map<TlsDomain, Set<String>> inner = new LinkedHashMap<>();
            domains.forEach((domain, routers) -> inner.put(domain, Collections.unmodifiableSet(new TreeSet<>(routers))));
            copy.put(resolver, Collections.unmodifiableMap(inner));
        });
        byResolver = Collections.unmodifiableMap(copy);
        problems = Map.copyOf(problems);
    }

    /**
     * @param entryPointResolvers entry point name to the resolver of its {@code http.tls.certResolver}
     * @param allEntryPoints      the entry points a router with no entry point list is on
     */
    public static CertificateDomains of(DynamicConfig config, Map<String, String> entryPointResolvers,
                                        List<String> allEntryPoints) {
        Map<String, Map<TlsDomain, Set<String>>> byResolver = new TreeMap<>();
        Map<String, String> problems = new TreeMap<>();
        for (RouterConfig router : new TreeMap<>(config.routers()).values()) {
            Set<String> resolvers = resolversOf(router, entryPointResolvers, allEntryPoints);
            if (resolvers.isEmpty()) {
                continue;
            }
            List<TlsDomain> domains = domainsOf(router);
            if (domains.isEmpty()) {
                problems.put(router.name(), "no domain for certificate resolver " + String.join(", ", resolvers)
                        + ": the rule has no Host(...) name and tls.domains is empty");
                continue;
            }
            for (String resolver : resolvers) {
                for (TlsDomain domain : domains) {
                    byResolver.computeIfAbsent(resolver, r -> new LinkedHashMap<>())
                            .computeIfAbsent(domain, d -> new TreeSet<>()).add(router.name());
                }
            }
        }
        // TCP routers that terminate TLS ask their own resolver (entry points' http.tls does not apply to them).
        for (TcpRouterConfig router : new TreeMap<>(config.layer4().tcpRouters()).values()) {
            if (router.tls() == null || router.tls().passthrough() || router.tls().certResolver() == null
                    || router.tls().certResolver().isBlank()) {
                continue;
            }
            List<TlsDomain> domains = tcpDomainsOf(router);
            if (domains.isEmpty()) {
                problems.put(router.name(), "no domain for certificate resolver " + router.tls().certResolver()
                        + ": the rule has no HostSNI(...) name and tls.domains is empty");
                continue;
            }
            for (TlsDomain domain : domains) {
                byResolver.computeIfAbsent(router.tls().certResolver(), r -> new LinkedHashMap<>())
                        .computeIfAbsent(domain, d -> new TreeSet<>()).add(router.name());
            }
        }
        return new CertificateDomains(byResolver, problems);
    }

    /** tls.domains, else the exact HostSNI names of the rule (not `*` or wildcards), as one certificate. */
    private static List<TlsDomain> tcpDomainsOf(TcpRouterConfig router) {
        List<TlsDomain> domains = new ArrayList<>();
        if (!router.tls().domains().isEmpty()) {
            for (TlsDomain d : router.tls().domains()) {
                TlsDomain certificate = certificate(d);
                if (certificate != null) {
                    domains.add(certificate);
                }
            }
            return domains;
        }
        Set<String> names = new TreeSet<>();
        try {
            for (String name : TcpRule.parse(router.rule(), router.ruleSyntax()).exactServerNames()) {
                if (!name.equals("*") && !name.startsWith("*.")) {
                    names.add(canonical(name));
                }
            }
        } catch (RuntimeException invalid) {
            return domains; // the router itself reports its rule error
        }
        names.remove("");
        List<String> ordered = new ArrayList<>(names);
        if (!ordered.isEmpty()) {
            domains.add(new TlsDomain(ordered.get(0), ordered.subList(1, ordered.size())));
        }
        return domains;
    }

    private static Set<String> resolversOf(RouterConfig router, Map<String, String> entryPointResolvers,
                                           List<String> allEntryPoints) {
        if (router.tls() != null && router.tls().certResolver() != null && !router.tls().certResolver().isBlank()) {
            return Set.of(router.tls().certResolver());
        }
        Set<String> resolvers = new TreeSet<>();
        for (String entryPoint : router.entryPoints().isEmpty() ? allEntryPoints : router.entryPoints()) {
            String resolver = entryPointResolvers.get(entryPoint);
            if (resolver != null) {
                resolvers.add(resolver);
            }
        }
        return resolvers;
    }

    private static List<TlsDomain> domainsOf(RouterConfig router) {
        List<TlsDomain> domains = new ArrayList<>();
        if (router.tls() != null && !router.tls().domains().isEmpty()) {
            for (TlsDomain d : router.tls().domains()) {
                TlsDomain certificate = certificate(d);
                if (certificate != null) {
                    domains.add(certificate);
                }
            }
            return domains;
        }
        HostKeys keys;
        try {
            keys = RuleParser.parse(router.rule(), RuleSyntax.parse(router.ruleSyntax())).hostKeys();
        } catch (RuleException | IllegalArgumentException invalid) {
            return domains; // the router itself reports its rule error
        }
        List<String> names = new ArrayList<>(new TreeSet<>(keys.exact()));
        if (!names.isEmpty()) {
            domains.add(new TlsDomain(names.get(0), names.subList(1, names.size())));
        }
        return domains;
    }

    /** The certificate a {@code tls.domains} entry asks for: names lowercased, duplicates dropped; null when it names none. */
    public static TlsDomain certificate(TlsDomain d) {
        Set<String> names = new LinkedHashSet<>();
        names.add(canonical(d.main()));
        d.sans().forEach(san -> names.add(canonical(san)));
        names.remove("");
        if (names.isEmpty()) {
            return null;
        }
        List<String> ordered = new ArrayList<>(names);
        return new TlsDomain(ordered.get(0), ordered.subList(1, ordered.size()));
    }

    private static String canonical(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    /** A certificate's names: main first, then the SANs. */
    public static List<String> names(TlsDomain domain) {
        List<String> names = new ArrayList<>();
        names.add(domain.main());
        for (String san : domain.sans()) {
            if (!names.contains(san)) {
                names.add(san);
            }
        }
        return names;
    }
}
