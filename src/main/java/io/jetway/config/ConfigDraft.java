package io.jetway.config;

import io.jetway.dynamic.TlsDomain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The mutable side of parsing: settings from the file and the flags land here in order, then
 * {@link #build()} checks what only the whole can tell and freezes it into a {@link StaticConfig}.
 * Lives for one {@link StaticConfigParser#parse} call.
 */
final class ConfigDraft {

    static final String DEFAULT_ENTRY_POINT = "web";
    static final int DEFAULT_PORT = 8000;

    /** Keyed by lowercase name: names match case-insensitively but keep their first spelling. */
    private final Map<String, EntryPointDraft> entryPoints = new LinkedHashMap<>();
    private FileProviderDraft fileProvider;
    /** Keyed by lowercase name, like entry points. */
    private final Map<String, ResolverDraft> resolvers = new LinkedHashMap<>();

    boolean allowCrossNamespace;
    boolean allowEmptyServices;
    boolean allowExternalNameServices;
    final KubernetesIngressDraft kubernetesIngress = new KubernetesIngressDraft();
    final KubernetesGatewayDraft kubernetesGateway = new KubernetesGatewayDraft();
    boolean kubernetesCrd;
    String kubernetesEndpoint;
    String kubernetesToken;
    Path kubernetesCertAuthFilePath;
    List<String> kubernetesNamespaces = List.of();
    String kubernetesLabelSelector;
    java.time.Duration kubernetesThrottle = java.time.Duration.ZERO;
    String logLevel = LogConfig.DEFAULTS.level();
    String logFormat = LogConfig.DEFAULTS.format();
    /** Traefik options accepted that change nothing in Jetway (each said once at start). */
    final java.util.Set<String> withoutEffect = new java.util.LinkedHashSet<>();
    boolean transportInsecureSkipVerify;
    List<String> transportRootCAs = List.of();
    String kubernetesCrdIngressClass = "";
    int transportMaxIdleConnsPerHost = ServersTransportConfig.DEFAULT_MAX_IDLE_CONNS_PER_HOST;
    Path logFilePath;
    boolean logNoColor;
    TlsEngine tlsEngine = TlsEngine.AUTO;
    boolean directForwarding = false;
    java.time.Duration dialTimeout = ServersTransportConfig.DEFAULTS.dialTimeout();
    java.time.Duration responseHeaderTimeout = ServersTransportConfig.DEFAULTS.responseHeaderTimeout();
    java.time.Duration idleConnTimeout = ServersTransportConfig.DEFAULTS.idleConnTimeout();
    Path configFile;
    boolean api;
    boolean apiInsecure;
    boolean apiDashboard = true;
    boolean ping;
    String pingEntryPoint = ApiConfig.MANAGEMENT_ENTRY_POINT;
    /** The flag that named the ping entry point, blamed if it does not exist. */
    String pingEntryPointFlag;
    boolean metrics;
    String metricsEntryPoint = ApiConfig.MANAGEMENT_ENTRY_POINT;
    /** The flag that turned metrics on or named their entry point, blamed if it does not exist. */
    String metricsFlag;
    boolean metricsManualRouting;
    List<Double> metricsBuckets = MetricsConfig.DEFAULT_BUCKETS;
    boolean metricsEntryPointsLabels = true;
    boolean metricsRoutersLabels;
    boolean metricsServicesLabels = true;
    boolean metricsAddInternals;
    boolean accessLog;
    AccessLogConfig.Format accessLogFormat = AccessLogConfig.Format.COMMON;
    Path accessLogFilePath;
    int accessLogBufferingSize;
    List<AccessLogConfig.StatusRange> accessLogStatusCodes = List.of();
    boolean accessLogRetryAttempts;
    java.time.Duration accessLogMinDuration = java.time.Duration.ZERO;
    boolean accessLogAddInternals;
    AccessLogConfig.Mode accessLogFieldsDefault = AccessLogConfig.Mode.KEEP;
    final Map<String, AccessLogConfig.Mode> accessLogFieldNames = new LinkedHashMap<>();
    AccessLogConfig.Mode accessLogHeadersDefault = AccessLogConfig.Mode.DROP;
    final Map<String, AccessLogConfig.Mode> accessLogHeaderNames = new LinkedHashMap<>();

    static final class EntryPointDraft {
        final String name;
        /** The first flag that mentioned this entry point, blamed if it ends up without address. */
        final String firstFlag;
        Values.ListenAddress address;
        List<String> trustedIPs = List.of();
        boolean insecure;
        java.time.Duration requestAcceptGraceTimeout = LifecycleConfig.DEFAULTS.requestAcceptGraceTimeout();
        java.time.Duration graceTimeout = LifecycleConfig.DEFAULTS.graceTimeout();
        /** http.tls as set explicitly; null when only its sub-options (or nothing) were given. */
        Boolean tls;
        String tlsOptions;
        String tlsCertResolver;
        String redirectTo;
        /** The flag that named the redirection target, blamed if it does not exist. */
        String redirectFlag;
        String redirectScheme = RedirectionConfig.DEFAULT_SCHEME;
        boolean redirectPermanent = true;
        int redirectPriority = RedirectionConfig.DEFAULT_PRIORITY;
        boolean sanitizePath = RequestPathConfig.DEFAULTS.sanitizePath();
        /** http.encodedCharacters.allowEncoded* as set, by lower-case option name; the others keep their default. */
        final Map<String, Boolean> encodedCharacters = new HashMap<>();
        final ConnectionLimitsDraft connectionLimits = new ConnectionLimitsDraft();
        java.time.Duration udpTimeout = Layer4EntryPointConfig.DEFAULT_UDP_TIMEOUT;
        /** The udp.timeout flag, blamed when it is zero. */
        String udpTimeoutFlag;
        boolean asDefault;
        List<String> proxyProtocolTrustedIPs;
        boolean proxyProtocolInsecure;
        java.time.Duration serverFirstAfter = java.time.Duration.ZERO;

        Layer4EntryPointConfig layer4() throws ConfigException {
            if (udpTimeout.isZero()) {
                throw new ConfigException(udpTimeoutFlag, "entry point \"" + name + "\": udp.timeout must be greater than 0");
            }
            Layer4EntryPointConfig.ProxyProtocolConfig proxyProtocol = proxyProtocolTrustedIPs == null && !proxyProtocolInsecure
                    ? null : new Layer4EntryPointConfig.ProxyProtocolConfig(
                    proxyProtocolTrustedIPs == null ? List.of() : proxyProtocolTrustedIPs, proxyProtocolInsecure);
            return new Layer4EntryPointConfig(address.udp(), udpTimeout, asDefault, proxyProtocol, serverFirstAfter);
        }

        /** http.tls.domains by index, as given. */
        final TreeMap<Integer, DomainDraft> domains = new TreeMap<>();

        DomainDraft domain(FlagSpec.Origin origin) {
            return domains.computeIfAbsent(origin.index(), i -> new DomainDraft(origin.flag()));
        }

        EntryPointTlsConfig tlsConfig() throws ConfigException {
            boolean enabled = tls != null ? tls : tlsOptions != null || tlsCertResolver != null || !domains.isEmpty();
            List<TlsDomain> built = new ArrayList<>();
            for (Map.Entry<Integer, DomainDraft> d : domains.entrySet()) {
                if (d.getValue().main == null) {
                    String prefix = "--entrypoints." + name + ".http.tls.domains[" + d.getKey() + "].";
                    throw new ConfigException(d.getValue().firstFlag, "entry point \"" + name + "\": " + prefix
                            + "sans needs " + prefix + "main");
                }
                built.add(new TlsDomain(d.getValue().main, d.getValue().sans));
            }
            return enabled ? new EntryPointTlsConfig(tlsOptions, tlsCertResolver, built) : null;
        }

        RequestPathConfig requestPath() {
            RequestPathConfig.EncodedCharacters defaults = RequestPathConfig.DEFAULTS.encodedCharacters();
            return new RequestPathConfig(sanitizePath, new RequestPathConfig.EncodedCharacters(
                    encodedCharacters.getOrDefault("allowencodedslash", defaults.allowEncodedSlash()),
                    encodedCharacters.getOrDefault("allowencodedbackslash", defaults.allowEncodedBackSlash()),
                    encodedCharacters.getOrDefault("allowencodednullcharacter", defaults.allowEncodedNullCharacter()),
                    encodedCharacters.getOrDefault("allowencodedsemicolon", defaults.allowEncodedSemicolon()),
                    encodedCharacters.getOrDefault("allowencodedpercent", defaults.allowEncodedPercent()),
                    encodedCharacters.getOrDefault("allowencodedquestionmark", defaults.allowEncodedQuestionMark()),
                    encodedCharacters.getOrDefault("allowencodedhash", defaults.allowEncodedHash())));
        }

        EntryPointDraft(String name, String firstFlag) {
            this.name = name;
            this.firstFlag = firstFlag;
        }
    }

    /** One {@code http.tls.domains[n]} entry of an entry point. */
    static final class DomainDraft {
        /** The first flag that mentioned this entry, blamed when it has no main. */
        final String firstFlag;
        String main;
        List<String> sans = List.of();

        DomainDraft(String firstFlag) {
            this.firstFlag = firstFlag;
        }
    }

    static final class FileProviderDraft {
        final String firstFlag;
        Path directory;
        Path filename;
        boolean watch = true;

        FileProviderDraft(String firstFlag) {
            this.firstFlag = firstFlag;
        }
    }

    static final class ResolverDraft {
        final String name;
        /** The first flag that mentioned this resolver, blamed when it has no challenge. */
        final String firstFlag;
        String email;
        CertificateResolverConfig.Storage storage = CertificateResolverConfig.Storage.file(
                Path.of(CertificateResolverConfig.DEFAULT_STORAGE));
        String caServer = CertificateResolverConfig.LETS_ENCRYPT_PRODUCTION;
        boolean httpChallenge;
        String httpChallengeFlag;
        String httpChallengeEntryPoint;
        String httpChallengeEntryPointFlag;
        boolean tlsChallenge;
        List<Path> caCertificates = List.of();
        AcmeKeyType keyType = AcmeKeyType.EC256;
        java.time.Duration certificatesDuration = CertificateResolverConfig.DEFAULT_DURATION;
        String preferredChain;
        String eabKid;
        String eabHmacEncoded;
        String eabFlag;

        ResolverDraft(String name, String firstFlag) {
            this.name = name;
            this.firstFlag = firstFlag;
        }
    }

    ResolverDraft resolver(FlagSpec.Origin origin) {
        return resolvers.computeIfAbsent(origin.name().toLowerCase(Locale.ROOT),
                key -> new ResolverDraft(origin.name(), origin.flag()));
    }

    EntryPointDraft entryPoint(FlagSpec.Origin origin) {
        return entryPoints.computeIfAbsent(origin.name().toLowerCase(Locale.ROOT),
                key -> new EntryPointDraft(origin.name(), origin.flag()));
    }

    FileProviderDraft fileProvider(FlagSpec.Origin origin) {
        if (fileProvider == null) {
            fileProvider = new FileProviderDraft(origin.flag());
        }
        return fileProvider;
    }

    /** Applies a connection option of the Kubernetes provider, which turns the provider on. */
    void kubernetesOption(Runnable apply) {
        kubernetesCrd = true;
        apply.run();
    }

    StaticConfig build() throws ConfigException {
        Map<String, EntryPointConfig> built = new LinkedHashMap<>();
        for (EntryPointDraft draft : entryPoints.values()) {
            if (draft.address == null) {
                throw new ConfigException(draft.firstFlag, "entry point \"" + draft.name + "\" has no address (set --entrypoints."
                        + draft.name + ".address)");
            }
            RedirectionConfig redirection = null;
            if (draft.redirectTo != null && draft.redirectTo.startsWith(":")) {
                // A port rather than an entry point, as Traefik's Helm chart writes it (to=:443).
                try {
                    Values.parsePort(draft.redirectTo.substring(1));
                } catch (IllegalArgumentException e) {
                    throw new ConfigException(draft.redirectFlag, e.getMessage());
                }
                redirection = new RedirectionConfig(draft.redirectTo, draft.redirectScheme, draft.redirectPermanent,
                        draft.redirectPriority);
            } else if (draft.redirectTo != null) {
                EntryPointDraft target = entryPoints.get(draft.redirectTo.toLowerCase(Locale.ROOT));
                if (target == null) {
                    throw new ConfigException(draft.redirectFlag, "entry point \"" + draft.redirectTo + "\" does not exist");
                }
                redirection = new RedirectionConfig(target.name, draft.redirectScheme, draft.redirectPermanent,
                        draft.redirectPriority);
            }
            built.put(draft.name, new EntryPointConfig(draft.name, draft.address.host(), draft.address.port(),
                    new ForwardedHeadersConfig(draft.trustedIPs, draft.insecure),
                    new LifecycleConfig(draft.requestAcceptGraceTimeout, draft.graceTimeout), draft.tlsConfig(), redirection,
                    draft.requestPath(), draft.connectionLimits.build(), draft.layer4()));
        }
        if (built.isEmpty()) {
            built.put(DEFAULT_ENTRY_POINT, new EntryPointConfig(DEFAULT_ENTRY_POINT, "", DEFAULT_PORT,
                    ForwardedHeadersConfig.NONE));
        }
        addManagementEntryPoint(built);
        if (ping && built.keySet().stream().noneMatch(n -> n.equalsIgnoreCase(pingEntryPoint))) {
            throw new ConfigException(pingEntryPointFlag, "entry point \"" + pingEntryPoint + "\" does not exist");
        }
        if (metrics && !metricsManualRouting && built.keySet().stream().noneMatch(n -> n.equalsIgnoreCase(metricsEntryPoint))) {
            throw new ConfigException(metricsFlag, "entry point \"" + metricsEntryPoint + "\" does not exist");
        }
        Map<String, CertificateResolverConfig> builtResolvers = buildResolvers(built);
        FileProviderConfig file = null;
        if (fileProvider != null) {
            if (fileProvider.directory == null && fileProvider.filename == null) {
                throw new ConfigException(fileProvider.firstFlag,
                        "the file provider needs --providers.file.directory or --providers.file.filename");
            }
            file = new FileProviderConfig(fileProvider.directory, fileProvider.filename, fileProvider.watch);
        }
        return new StaticConfig(built, file, new KubernetesCrdConfig(allowCrossNamespace, allowEmptyServices, allowExternalNameServices,
                        kubernetesCrd, kubernetesEndpoint, kubernetesToken, kubernetesCertAuthFilePath, kubernetesNamespaces,
                        kubernetesLabelSelector, kubernetesThrottle, kubernetesCrdIngressClass),
                new LogConfig(logLevel, logFormat, logFilePath, logNoColor), configFile,
                new ServersTransportConfig(dialTimeout, responseHeaderTimeout, idleConnTimeout, transportInsecureSkipVerify,
                        transportRootCAs, transportMaxIdleConnsPerHost),
                new ApiConfig(api, apiInsecure, apiDashboard), new PingConfig(ping, canonicalName(built, pingEntryPoint)),
                new MetricsConfig(metrics, canonicalName(built, metricsEntryPoint), metricsManualRouting, metricsBuckets,
                        metricsEntryPointsLabels, metricsRoutersLabels, metricsServicesLabels, metricsAddInternals),
                kubernetesIngress.build(),
                accessLogConfig(),
                builtResolvers,
                tlsEngine,
                directForwarding,
                kubernetesGateway.build(),
                List.copyOf(withoutEffect));
    }

    private AccessLogConfig accessLogConfig() {
        if (!accessLog) {
            return AccessLogConfig.DISABLED;
        }
        return new AccessLogConfig(true, accessLogFormat, accessLogFilePath, accessLogBufferingSize,
                new AccessLogConfig.Filters(accessLogStatusCodes, accessLogRetryAttempts, accessLogMinDuration),
                accessLogAddInternals, new AccessLogConfig.Fields(accessLogFieldsDefault, accessLogFieldNames,
                        accessLogHeadersDefault, accessLogHeaderNames));
    }

    /** Checks what only the whole resolver can tell: a challenge is chosen and its entry point exists. */
    private Map<String, CertificateResolverConfig> buildResolvers(Map<String, EntryPointConfig> entryPointsBuilt)
            throws ConfigException {
        Map<String, CertificateResolverConfig> built = new LinkedHashMap<>();
        for (ResolverDraft r : resolvers.values()) {
            String prefix = "--certificatesresolvers." + r.name + ".acme.";
            if (r.httpChallenge && r.httpChallengeEntryPoint == null) {
                throw new ConfigException(r.httpChallengeFlag, "the HTTP challenge needs an entry point (set "
                        + prefix + "httpchallenge.entrypoint)");
            }
            if (r.httpChallengeEntryPoint == null && !r.tlsChallenge) {
                throw new ConfigException(r.firstFlag, "certificates resolver \"" + r.name + "\" has no challenge (set "
                        + prefix + "httpchallenge.entrypoint or " + prefix + "tlschallenge)");
            }
            String httpEntryPoint = null;
            if (r.httpChallengeEntryPoint != null) {
                if (entryPointsBuilt.keySet().stream().noneMatch(n -> n.equalsIgnoreCase(r.httpChallengeEntryPoint))) {
                    throw new ConfigException(r.httpChallengeEntryPointFlag,
                            "entry point \"" + r.httpChallengeEntryPoint + "\" does not exist");
                }
                httpEntryPoint = canonicalName(entryPointsBuilt, r.httpChallengeEntryPoint);
            }
            if ((r.eabKid == null) != (r.eabHmacEncoded == null)) {
                throw new ConfigException(r.eabFlag, "external account binding needs both " + prefix + "eab.kid and "
                        + prefix + "eab.hmacencoded");
            }
            built.put(r.name, new CertificateResolverConfig(r.name, r.email, r.storage, r.caServer, httpEntryPoint,
                    r.tlsChallenge, r.caCertificates, r.keyType, r.certificatesDuration, r.preferredChain, r.eabKid,
                    r.eabHmacEncoded));
        }
        return built;
    }

    /** Traefik's implicit entry point {@code traefik} (:8080), when the insecure API, ping or metrics need it. */
    private void addManagementEntryPoint(Map<String, EntryPointConfig> built) {
        boolean needed = (api && apiInsecure)
                || (ping && pingEntryPoint.equalsIgnoreCase(ApiConfig.MANAGEMENT_ENTRY_POINT))
                || (metrics && !metricsManualRouting && metricsEntryPoint.equalsIgnoreCase(ApiConfig.MANAGEMENT_ENTRY_POINT));
        if (needed && built.keySet().stream().noneMatch(n -> n.equalsIgnoreCase(ApiConfig.MANAGEMENT_ENTRY_POINT))) {
            built.put(ApiConfig.MANAGEMENT_ENTRY_POINT, new EntryPointConfig(ApiConfig.MANAGEMENT_ENTRY_POINT, "",
                    ApiConfig.MANAGEMENT_PORT, ForwardedHeadersConfig.NONE));
        }
    }

    private static String canonicalName(Map<String, EntryPointConfig> built, String name) {
        return built.keySet().stream().filter(n -> n.equalsIgnoreCase(name)).findFirst().orElse(name);
    }
}
