package io.jetway.tls.acme;

import io.jetway.config.CertificateResolverConfig;
import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.TlsDomain;
import io.jetway.routing.RoutingTable;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The ACME resolvers of the static configuration, kept in step with the routing table: each new
 * table (a {@link io.jetway.routing.RoutingTableHolder} swap listener) tells every resolver which
 * certificates its routers want. Holds the seams the TLS serving code connects to:
 * {@link #certificates()} (what to serve, with listeners) and {@link #challenges()} (HTTP-01
 * tokens, TLS-ALPN-01 certificates); and reports per router why its certificate is missing.
 */
public final class CertificateResolvers implements Consumer<RoutingTable>, AutoCloseable {

    private final Map<String, AcmeResolver> resolvers = new LinkedHashMap<>();
    private final AcmeCertificates certificates = new AcmeCertificates();
    private final AcmeChallenges challenges;
    private final List<String> allEntryPoints;
    private volatile Map<String, String> entryPointResolvers = Map.of();
    /** Resolver name to the certificates entry points' {@code http.tls.domains} ask of it. */
    private volatile Map<String, Set<TlsDomain>> entryPointDomains = Map.of();
    private volatile DynamicConfig lastConfig = DynamicConfig.EMPTY;
    private volatile CertificateDomains lastDomains = CertificateDomains.NONE;

    /**
     * @param allEntryPoints the entry points a router without an entry point list is on
     */
    public CertificateResolvers(Map<String, CertificateResolverConfig> configs, List<String> allEntryPoints, Clock clock,
                                Backoff backoff) {
        this(configs, allEntryPoints, clock, backoff, secret -> null);
    }

    /**
     * @param secretStorages the storage for a {@code secret:} storage setting (resolvers naming the
     *                       same Secret get the same instance), or null without a Kubernetes provider
     */
    public CertificateResolvers(Map<String, CertificateResolverConfig> configs, List<String> allEntryPoints, Clock clock,
                                Backoff backoff, Function<CertificateResolverConfig.Storage, CertificateStorage> secretStorages) {
        this.allEntryPoints = List.copyOf(allEntryPoints);
        this.challenges = new AcmeChallenges(configs.values().stream()
                .map(CertificateResolverConfig::httpChallengeEntryPoint)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet()));
        Map<Path, FileCertificateStorage> files = new HashMap<>();
        Set<CertificateStorage> shared = new LinkedHashSet<>();
        for (CertificateResolverConfig config : configs.values()) {
            CertificateStorage storage = config.storage().isSecret()
                    ? secretStorages.apply(config.storage())
                    : files.computeIfAbsent(config.storage().file().toAbsolutePath(), FileCertificateStorage::new);
            if (storage == null) {
                storage = CertificateStorage.unavailable(config.storage().toString(),
                        "needs the Kubernetes provider (--providers.kubernetescrd or --providers.kubernetesingress)");
            } else if (shared.add(storage)) {
                challenges.addSharedSource(storage::sharedKeyAuthorization);
            }
            resolvers.put(config.name(), new AcmeResolver(config, storage, certificates, challenges, clock, backoff));
        }
    }

    public CertificateResolvers(Map<String, CertificateResolverConfig> configs, List<String> allEntryPoints) {
        this(configs, allEntryPoints, Clock.systemUTC(), Backoff.DEFAULT);
    }

    public AcmeCertificates certificates() {
        return certificates;
    }

    public AcmeChallenges challenges() {
        return challenges;
    }

    public AcmeResolver resolver(String name) {
        return resolvers.get(name);
    }

    public Set<String> names() {
        return resolvers.keySet();
    }

    /**
     * The resolvers of entry points' {@code http.tls.certResolver} (entry point name to resolver name);
     * their routers without a resolver of their own use it.
     */
    public void setEntryPointResolvers(Map<String, String> byEntryPoint) {
        entryPointResolvers = Map.copyOf(byEntryPoint);
        update(lastConfig);
    }

    /**
     * The entry points' {@code http.tls.domains} (resolver name to domains): ordered as one
     * certificate each, whether or not a router names them.
     */
    public void setEntryPointDomains(Map<String, List<TlsDomain>> byResolver) {
        Map<String, Set<TlsDomain>> domains = new LinkedHashMap<>();
        byResolver.forEach((resolver, list) -> list.stream().map(CertificateDomains::certificate).filter(Objects::nonNull)
                .forEach(d -> domains.computeIfAbsent(resolver, r -> new LinkedHashSet<>()).add(d)));
        entryPointDomains = Map.copyOf(domains);
        update(lastConfig);
    }

    @Override
    public void accept(RoutingTable table) {
        update(table.config());
    }

    /** Tells every resolver what the configuration wants; returns at once. */
    public synchronized void update(DynamicConfig config) {
        lastConfig = config;
        CertificateDomains domains = CertificateDomains.of(config, entryPointResolvers, allEntryPoints);
        lastDomains = domains;
        for (AcmeResolver resolver : resolvers.values()) {
            Set<TlsDomain> wanted = new LinkedHashSet<>(domains.byResolver().getOrDefault(resolver.name(), Map.of()).keySet());
            wanted.addAll(entryPointDomains.getOrDefault(resolver.name(), Set.of()));
            resolver.want(wanted);
        }
    }

    /**
     * The certificates a resolver is asked for now, each with the routers that use it (none for an
     * entry point's domain no router names).
     */
    public Map<TlsDomain, Set<String>> wanted(String resolver) {
        Map<TlsDomain, Set<String>> wanted = new LinkedHashMap<>(lastDomains.byResolver().getOrDefault(resolver, Map.of()));
        entryPointDomains.getOrDefault(resolver, Set.of()).forEach(d -> wanted.putIfAbsent(d, Set.of()));
        return wanted;
    }

    /** Every wanted certificate's state, by resolver then main domain. */
    public List<DomainStatus> statuses() {
        List<DomainStatus> all = new ArrayList<>();
        for (AcmeResolver resolver : resolvers.values()) {
            all.addAll(new TreeMap<>(resolver.statuses().entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().main() + " " + e.getKey().sans(), Map.Entry::getValue))).values());
        }
        return all;
    }

    /**
     * Why routers lack their certificate: a resolver that does not exist, no domain to order, or the
     * resolver's last failure (router name to one line). Routers whose certificate is fine are absent.
     */
    public Map<String, String> routerErrors() {
        CertificateDomains domains = lastDomains;
        Map<String, String> errors = new TreeMap<>(domains.problems());
        domains.byResolver().forEach((name, wanted) -> {
            AcmeResolver resolver = resolvers.get(name);
            for (Map.Entry<TlsDomain, Set<String>> entry : wanted.entrySet()) {
                String error;
                if (resolver == null) {
                    error = "certificate resolver \"" + name + "\" does not exist";
                } else {
                    DomainStatus status = resolver.statuses().get(entry.getKey());
                    error = status == null || status.error() == null ? null
                            : "certificate resolver " + name + " (" + String.join(", ", CertificateDomains.names(entry.getKey()))
                            + "): " + status.error();
                }
                if (error != null) {
                    entry.getValue().forEach(router -> errors.merge(router, error, (a, b) -> a + "; " + b));
                }
            }
        });
        return errors;
    }

    @Override
    public void close() {
        resolvers.values().forEach(AcmeResolver::close);
    }
}
