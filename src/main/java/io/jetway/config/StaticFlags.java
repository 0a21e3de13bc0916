package io.jetway.config;

import java.nio.file.Path;
import java.util.List;

/** The flag table. Each flag is data: adding one is adding a row here. */
final class StaticFlags {

    private StaticFlags() {
    }

    static final String CONFIG_FILE = "configfile";

    static final List<FlagSpec> ALL = concat(List.of(
            FlagSpec.value(CONFIG_FILE, "FILE", null,
                    "Static configuration file (YAML or JSON, Traefik's layout); flags override it",
                    (draft, origin, value) -> draft.configFile = Path.of(value)).commandLineOnly(),

            FlagSpec.value("entrypoints.<name>.address", "[host]:port", null,
                    "Entry point address (optional /tcp); with no entry point at all, web listens on :8000",
                    (draft, origin, value) -> draft.entryPoint(origin).address = Values.parseAddress(value)),
            FlagSpec.value("entrypoints.<name>.forwardedheaders.trustedips", "CIDR,...", null,
                    "Peers (CIDRs or IPs) whose X-Forwarded-* headers are kept",
                    (draft, origin, value) -> draft.entryPoint(origin).trustedIPs = Values.parseCidrs(value)),
            FlagSpec.bool("entrypoints.<name>.forwardedheaders.insecure", false,
                    "Keep X-Forwarded-* headers from every peer",
                    (draft, origin, value) -> draft.entryPoint(origin).insecure = Values.parseBoolean(value)),
            FlagSpec.value("entrypoints.<name>.udp.timeout", "DURATION", "3s",
                    "A UDP session with no datagram either way for this long ends (UDP entry points)",
                    (draft, origin, value) -> {
                        draft.entryPoint(origin).udpTimeout = Values.parseDuration(value);
                        draft.entryPoint(origin).udpTimeoutFlag = origin.flag();
                    }),
            FlagSpec.bool("entrypoints.<name>.asdefault", false,
                    "Routers that name no entry point attach to the entry points marked asDefault (else to all)",
                    (draft, origin, value) -> draft.entryPoint(origin).asDefault = Values.parseBoolean(value)),
            FlagSpec.value("entrypoints.<name>.proxyprotocol.trustedips", "CIDR,...", null,
                    "Read a PROXY protocol header (v1 or v2) from these peers: the client address is the one it names",
                    (draft, origin, value) -> draft.entryPoint(origin).proxyProtocolTrustedIPs = Values.parseCidrs(value)),
            FlagSpec.bool("entrypoints.<name>.proxyprotocol.insecure", false,
                    "Read a PROXY protocol header from any peer",
                    (draft, origin, value) -> draft.entryPoint(origin).proxyProtocolInsecure = Values.parseBoolean(value)),
            FlagSpec.value("entrypoints.<name>.tcp.serverfirstafter", "DURATION", "0s",
                    "When a client sends nothing for this long, hand its connection to the non-TLS HostSNI(`*`) TCP router"
                            + " (server-speaks-first protocols such as SMTP on an entry point with TLS routers; 0 = wait as Traefik)",
                    (draft, origin, value) -> draft.entryPoint(origin).serverFirstAfter = Values.parseDuration(value)),
            FlagSpec.value("entrypoints.<name>.transport.lifecycle.requestacceptgracetimeout", "DURATION", "0s",
                    "On shutdown, keep accepting requests this long (while /ping answers 503)",
                    (draft, origin, value) -> draft.entryPoint(origin).requestAcceptGraceTimeout = Values.parseDuration(value)),
            FlagSpec.value("entrypoints.<name>.transport.lifecycle.gracetimeout", "DURATION", "10s",
                    "On shutdown, then give requests in flight this long to finish",
                    (draft, origin, value) -> draft.entryPoint(origin).graceTimeout = Values.parseDuration(value)),
            FlagSpec.bool("entrypoints.<name>.http.tls", false,
                    "Every router of the entry point terminates TLS (default certificate and options unless set)",
                    (draft, origin, value) -> draft.entryPoint(origin).tls = Values.parseBoolean(value)),
            FlagSpec.value("entrypoints.<name>.http.tls.options", "NAME", null,
                    "TLS options of the entry point's routers (implies http.tls)",
                    (draft, origin, value) -> draft.entryPoint(origin).tlsOptions = value),
            FlagSpec.value("entrypoints.<name>.http.tls.certresolver", "NAME", null,
                    "Certificates resolver of the entry point's routers (implies http.tls)",
                    (draft, origin, value) -> draft.entryPoint(origin).tlsCertResolver = value),
            FlagSpec.value("entrypoints.<name>.http.tls.domains[<n>].main", "DOMAIN", null,
                    "A certificate of the entry point: ordered by its certresolver, default tls.domains of its routers",
                    (draft, origin, value) -> draft.entryPoint(origin).domain(origin).main = Values.parseDomain(value)),
            FlagSpec.value("entrypoints.<name>.http.tls.domains[<n>].sans", "DOMAIN,...", null,
                    "That certificate's alternative names",
                    (draft, origin, value) -> draft.entryPoint(origin).domain(origin).sans = Values.parseDomains(value)),
            FlagSpec.value("entrypoints.<name>.http.redirections.entrypoint.to", "NAME|:PORT", null,
                    "Redirect every request to this entry point (its port goes in the Location) or port",
                    (draft, origin, value) -> {
                        draft.entryPoint(origin).redirectTo = value;
                        draft.entryPoint(origin).redirectFlag = origin.flag();
                    }),
            FlagSpec.value("entrypoints.<name>.http.redirections.entrypoint.scheme", "SCHEME", RedirectionConfig.DEFAULT_SCHEME,
                    "Scheme of the redirection's Location",
                    (draft, origin, value) -> draft.entryPoint(origin).redirectScheme = value),
            FlagSpec.bool("entrypoints.<name>.http.redirections.entrypoint.permanent", true,
                    "Permanent redirection: 301 (GET, HEAD) or 308; otherwise 302 or 307",
                    (draft, origin, value) -> draft.entryPoint(origin).redirectPermanent = Values.parseBoolean(value)),
            FlagSpec.value("entrypoints.<name>.http.redirections.entrypoint.priority", "N", Integer.toString(RedirectionConfig.DEFAULT_PRIORITY),
                    "Routers with a higher priority are served instead of redirected",
                    (draft, origin, value) -> draft.entryPoint(origin).redirectPriority = Values.parsePriority(value)),

            FlagSpec.bool("entrypoints.<name>.http.sanitizepath", true,
                    "Remove . and .. segments and duplicate slashes from request paths before routing",
                    (draft, origin, value) -> draft.entryPoint(origin).sanitizePath = Values.parseBoolean(value)),
            encodedCharacterFlag("allowencodedslash", "%2F (slash)"),
            encodedCharacterFlag("allowencodedbackslash", "%5C (backslash)"),
            encodedCharacterFlag("allowencodednullcharacter", "%00 (null character)"),
            encodedCharacterFlag("allowencodedsemicolon", "%3B (semicolon)"),
            encodedCharacterFlag("allowencodedpercent", "%25 (percent)"),
            encodedCharacterFlag("allowencodedquestionmark", "%3F (question mark)"),
            encodedCharacterFlag("allowencodedhash", "%23 (hash)"),

            FlagSpec.value("providers.file.directory", "DIR", null,
                    "Load dynamic configuration (manifests) from every file in this directory",
                    (draft, origin, value) -> draft.fileProvider(origin).directory = Path.of(value)),
            FlagSpec.value("providers.file.filename", "FILE", null,
                    "Load dynamic configuration (manifests) from this file",
                    (draft, origin, value) -> draft.fileProvider(origin).filename = Path.of(value)),
            FlagSpec.bool("providers.file.watch", true,
                    "Reload the file provider when its files change",
                    (draft, origin, value) -> draft.fileProvider(origin).watch = Values.parseBoolean(value)),

            FlagSpec.bool("providers.kubernetescrd", false,
                    "Watch the Kubernetes API server for Traefik's resources (in-cluster, or KUBECONFIG)",
                    (draft, origin, value) -> draft.kubernetesCrd = Values.parseBoolean(value)),
            // The connection options turn the provider on, as in Traefik.
            FlagSpec.value("providers.kubernetescrd.endpoint", "URL", null,
                    "Kubernetes API server URL (default: in-cluster service account, then KUBECONFIG)",
                    (draft, origin, value) -> draft.kubernetesOption(() -> draft.kubernetesEndpoint = value)),
            FlagSpec.value("providers.kubernetescrd.token", "TOKEN", null,
                    "Bearer token for the Kubernetes API server",
                    (draft, origin, value) -> draft.kubernetesOption(() -> draft.kubernetesToken = value)),
            FlagSpec.value("providers.kubernetescrd.certauthfilepath", "FILE", null,
                    "CA certificate file of the Kubernetes API server",
                    (draft, origin, value) -> draft.kubernetesOption(() -> draft.kubernetesCertAuthFilePath = Path.of(value))),
            FlagSpec.value("providers.kubernetescrd.namespaces", "NS,...", null,
                    "Namespaces to watch (default: all)",
                    (draft, origin, value) -> draft.kubernetesOption(() -> draft.kubernetesNamespaces = Values.parseList(value))),
            FlagSpec.value("providers.kubernetescrd.ingressclass", "CLASS", "-",
                    "Only read IngressRoutes (HTTP, TCP, UDP) of this class (spec.ingressClassName or the kubernetes.io/ingress.class "
                            + "annotation); without it, those without a class or of class traefik",
                    (draft, origin, value) -> draft.kubernetesOption(() -> draft.kubernetesCrdIngressClass = value)),
            FlagSpec.value("providers.kubernetescrd.labelselector", "SELECTOR", null,
                    "Only read Traefik resources whose labels match this selector",
                    (draft, origin, value) -> draft.kubernetesOption(() -> draft.kubernetesLabelSelector = value)),
            FlagSpec.value("providers.kubernetescrd.throttleduration", "DURATION", "0s",
                    "Reload at most once per this duration; changes in between are combined",
                    (draft, origin, value) -> draft.kubernetesOption(
                            () -> draft.kubernetesThrottle = Values.parseDuration(value))),
            FlagSpec.bool("providers.kubernetescrd.allowcrossnamespace", false,
                    "Allow references to objects in other namespaces",
                    (draft, origin, value) -> draft.allowCrossNamespace = Values.parseBoolean(value)),
            FlagSpec.bool("providers.kubernetescrd.allowemptyservices", false,
                    "Keep routers whose services have no endpoints (they answer 503)",
                    (draft, origin, value) -> draft.allowEmptyServices = Values.parseBoolean(value)),
            FlagSpec.bool("providers.kubernetescrd.allowexternalnameservices", false,
                    "Allow routes to Services of type ExternalName",
                    (draft, origin, value) -> draft.allowExternalNameServices = Values.parseBoolean(value)),

            FlagSpec.value("serverstransport.forwardingtimeouts.dialtimeout", "DURATION", "30s",
                    "How long to wait for a TCP connection to a backend",
                    (draft, origin, value) -> draft.dialTimeout = Values.parseDuration(value)),
            FlagSpec.value("serverstransport.forwardingtimeouts.responseheadertimeout", "DURATION", "0s",
                    "How long to wait for a backend's response headers after sending the request (0 = no limit); 504 after",
                    (draft, origin, value) -> draft.responseHeaderTimeout = Values.parseDuration(value)),
            FlagSpec.value("serverstransport.forwardingtimeouts.idleconntimeout", "DURATION", "90s",
                    "How long an idle keep-alive connection to a backend stays open",
                    (draft, origin, value) -> draft.idleConnTimeout = Values.parseDuration(value)),

            // Any api.* or ping.* option turns its section on, as in Traefik.
            FlagSpec.bool("api", false,
                    "Enable the management API (reached through routes to api@internal unless --api.insecure)",
                    (draft, origin, value) -> draft.api = Values.parseBoolean(value)),
            FlagSpec.bool("api.insecure", false,
                    "Serve the API and dashboard on the entry point traefik (:8080) at /api and /dashboard/",
                    (draft, origin, value) -> {
                        draft.apiInsecure = Values.parseBoolean(value);
                        draft.api = true;
                    }),
            FlagSpec.bool("api.dashboard", true,
                    "Serve the dashboard with the API",
                    (draft, origin, value) -> {
                        draft.apiDashboard = Values.parseBoolean(value);
                        draft.api = true;
                    }),
            FlagSpec.bool("ping", false,
                    "Serve /ping (200 OK) on the entry point traefik or --ping.entrypoint",
                    (draft, origin, value) -> {
                        draft.ping = Values.parseBoolean(value);
                        draft.pingEntryPointFlag = draft.pingEntryPointFlag == null ? origin.flag() : draft.pingEntryPointFlag;
                    }),
            FlagSpec.value("ping.entrypoint", "NAME", "traefik",
                    "The entry point that answers /ping",
                    (draft, origin, value) -> {
                        draft.pingEntryPoint = value;
                        draft.pingEntryPointFlag = origin.flag();
                        draft.ping = true;
                    }),

            // Any metrics.prometheus.* option turns metrics on, as in Traefik.
            FlagSpec.bool("metrics.prometheus", false,
                    "Record Prometheus metrics and serve them at /metrics on the entry point traefik or --metrics.prometheus.entrypoint",
                    (draft, origin, value) -> metricsOption(draft, origin, () -> draft.metrics = Values.parseBoolean(value))),
            FlagSpec.value("metrics.prometheus.entrypoint", "NAME", "traefik",
                    "The entry point that answers /metrics",
                    (draft, origin, value) -> metricsOption(draft, origin, () -> draft.metricsEntryPoint = value)),
            FlagSpec.bool("metrics.prometheus.manualrouting", false,
                    "Serve /metrics only through routes to prometheus@internal",
                    (draft, origin, value) -> metricsOption(draft, origin,
                            () -> draft.metricsManualRouting = Values.parseBoolean(value))),
            FlagSpec.value("metrics.prometheus.buckets", "SECONDS,...", "0.1,0.3,1.2,5",
                    "Upper bounds of the request duration histograms",
                    (draft, origin, value) -> metricsOption(draft, origin, () -> draft.metricsBuckets = Values.parseBuckets(value))),
            FlagSpec.bool("metrics.prometheus.addentrypointslabels", true,
                    "Record per-entry-point request metrics (traefik_entrypoint_*)",
                    (draft, origin, value) -> metricsOption(draft, origin,
                            () -> draft.metricsEntryPointsLabels = Values.parseBoolean(value))),
            FlagSpec.bool("metrics.prometheus.addrouterslabels", false,
                    "Record per-router request metrics (traefik_router_*)",
                    (draft, origin, value) -> metricsOption(draft, origin,
                            () -> draft.metricsRoutersLabels = Values.parseBoolean(value))),
            FlagSpec.bool("metrics.prometheus.addserviceslabels", true,
                    "Record per-service request metrics (traefik_service_*)",
                    (draft, origin, value) -> metricsOption(draft, origin,
                            () -> draft.metricsServicesLabels = Values.parseBoolean(value))),
            FlagSpec.bool("metrics.addinternals", false,
                    "Also count the requests Jetway answers itself (API, dashboard, ping, metrics)",
                    (draft, origin, value) -> draft.metricsAddInternals = Values.parseBoolean(value)),

            // Any accesslog.* option turns the access log on, as in Traefik.
            FlagSpec.bool("accesslog", false,
                    "Write one line per request (Traefik's access log)",
                    (draft, origin, value) -> accessLogOption(draft, () -> draft.accessLog = Values.parseBoolean(value))),
            FlagSpec.value("accesslog.format", "common|json", "common",
                    "Access log format: Common Log Format with Traefik's additions, or one JSON object per line",
                    (draft, origin, value) -> accessLogOption(draft, () -> draft.accessLogFormat = AccessLogConfig.Format.parse(value))),
            FlagSpec.value("accesslog.filepath", "FILE", "stdout",
                    "Access log file (reopened on SIGUSR1, for log rotation)",
                    (draft, origin, value) -> accessLogOption(draft, () -> draft.accessLogFilePath = Path.of(value))),
            FlagSpec.value("accesslog.bufferingsize", "LINES", "0",
                    "Access log lines kept in memory before they are written",
                    (draft, origin, value) -> accessLogOption(draft, () -> draft.accessLogBufferingSize = Values.parseCount(value))),
            FlagSpec.value("accesslog.filters.statuscodes", "CODES", null,
                    "Keep lines whose status is listed (e.g. 200,300-302,500-599)",
                    (draft, origin, value) -> accessLogOption(draft,
                            () -> draft.accessLogStatusCodes = AccessLogConfig.parseStatusCodes(value))),
            FlagSpec.bool("accesslog.filters.retryattempts", false,
                    "Keep lines of requests that were retried",
                    (draft, origin, value) -> accessLogOption(draft, () -> draft.accessLogRetryAttempts = Values.parseBoolean(value))),
            FlagSpec.value("accesslog.filters.minduration", "DURATION", "0s",
                    "Keep lines of requests that took longer than this",
                    (draft, origin, value) -> accessLogOption(draft, () -> draft.accessLogMinDuration = Values.parseDuration(value))),
            FlagSpec.bool("accesslog.addinternals", false,
                    "Also log requests served by the API, dashboard, ping and metrics",
                    (draft, origin, value) -> accessLogOption(draft, () -> draft.accessLogAddInternals = Values.parseBoolean(value))),
            FlagSpec.value("accesslog.fields.defaultmode", "keep|drop", "keep",
                    "What happens to access log fields not named below",
                    (draft, origin, value) -> accessLogOption(draft,
                            () -> draft.accessLogFieldsDefault = AccessLogConfig.Mode.parse(value, false))),
            FlagSpec.value("accesslog.fields.names.<name>", "keep|drop", null,
                    "The mode of one access log field (e.g. ClientUsername)",
                    (draft, origin, value) -> accessLogOption(draft,
                            () -> draft.accessLogFieldNames.put(origin.name(), AccessLogConfig.Mode.parse(value, false)))),
            FlagSpec.value("accesslog.fields.headers.defaultmode", "keep|drop|redact", "drop",
                    "What happens to headers not named below",
                    (draft, origin, value) -> accessLogOption(draft,
                            () -> draft.accessLogHeadersDefault = AccessLogConfig.Mode.parse(value, true))),
            FlagSpec.value("accesslog.fields.headers.names.<name>", "keep|drop|redact", null,
                    "The mode of one header (e.g. User-Agent); Authorization and cookies are logged only when named",
                    (draft, origin, value) -> accessLogOption(draft,
                            () -> draft.accessLogHeaderNames.put(origin.name(), AccessLogConfig.Mode.parse(value, true)))),
            FlagSpec.value("certificatesresolvers.<name>.acme.email", "EMAIL", null,
                    "ACME account contact address",
                    (draft, origin, value) -> draft.resolver(origin).email = value.trim()),
            FlagSpec.value("certificatesresolvers.<name>.acme.storage", "FILE|secret:NS/NAME", CertificateResolverConfig.DEFAULT_STORAGE,
                    "Where the ACME account and certificates are kept (a JSON file, mode 0600)",
                    (draft, origin, value) -> draft.resolver(origin).storage = CertificateResolverConfig.Storage.parse(value)),
            FlagSpec.value("certificatesresolvers.<name>.acme.caserver", "URL", CertificateResolverConfig.LETS_ENCRYPT_PRODUCTION,
                    "ACME directory URL",
                    (draft, origin, value) -> draft.resolver(origin).caServer = Values.parseUrl(value)),
            FlagSpec.bool("certificatesresolvers.<name>.acme.httpchallenge", false,
                    "Use the HTTP-01 challenge (needs .httpchallenge.entrypoint)",
                    (draft, origin, value) -> {
                        draft.resolver(origin).httpChallenge = Values.parseBoolean(value);
                        draft.resolver(origin).httpChallengeFlag = origin.flag();
                    }),
            FlagSpec.value("certificatesresolvers.<name>.acme.httpchallenge.entrypoint", "NAME", null,
                    "Answer HTTP-01 challenges on this entry point (before routing)",
                    (draft, origin, value) -> {
                        draft.resolver(origin).httpChallengeEntryPoint = value.trim();
                        draft.resolver(origin).httpChallengeEntryPointFlag = origin.flag();
                    }),
            FlagSpec.bool("certificatesresolvers.<name>.acme.tlschallenge", false,
                    "Use the TLS-ALPN-01 challenge",
                    (draft, origin, value) -> draft.resolver(origin).tlsChallenge = Values.parseBoolean(value)),
            FlagSpec.value("certificatesresolvers.<name>.acme.cacertificates", "FILE,...", null,
                    "PEM files of CAs trusted for the ACME server, beyond the JVM's trust store",
                    (draft, origin, value) -> draft.resolver(origin).caCertificates = Values.parseReadableFiles(value)),
            FlagSpec.value("certificatesresolvers.<name>.acme.keytype", "TYPE", AcmeKeyType.EC256.name(),
                    "Certificate key type: EC256, EC384, RSA2048, RSA4096 or RSA8192",
                    (draft, origin, value) -> draft.resolver(origin).keyType = AcmeKeyType.parse(value)),
            FlagSpec.value("certificatesresolvers.<name>.acme.certificatesduration", "HOURS", "2160",
                    "Certificates' lifetime in hours; renewal starts when a third of it is left",
                    (draft, origin, value) -> draft.resolver(origin).certificatesDuration = Values.parseHours(value)),
            FlagSpec.value("certificatesresolvers.<name>.acme.preferredchain", "ISSUER_CN", null,
                    "Prefer the alternate chain whose top issuer has this common name",
                    (draft, origin, value) -> draft.resolver(origin).preferredChain = value.trim()),
            FlagSpec.value("certificatesresolvers.<name>.acme.eab.kid", "KID", null,
                    "External account binding: key identifier",
                    (draft, origin, value) -> {
                        draft.resolver(origin).eabKid = value.trim();
                        draft.resolver(origin).eabFlag = origin.flag();
                    }),
            FlagSpec.value("certificatesresolvers.<name>.acme.eab.hmacencoded", "KEY", null,
                    "External account binding: MAC key, base64url",
                    (draft, origin, value) -> {
                        draft.resolver(origin).eabHmacEncoded = value.trim();
                        draft.resolver(origin).eabFlag = origin.flag();
                    }),

            FlagSpec.value("tls.engine", "ENGINE", TlsEngine.AUTO.flagValue(),
                    "Jetway: SSLEngine of the entry points, auto (Conscrypt when it loads, else the JDK's), conscrypt or jdk",
                    (draft, origin, value) -> draft.tlsEngine = TlsEngine.parse(value)),
            FlagSpec.bool("proxy.directforwarding", false,
                    "Jetway (experimental): forward bodiless HTTP/1.1 requests of routes without middlewares on Jetway's "
                            + "own backend connections instead of the servlet proxy (measured slower, docs/performance.md)",
                    (draft, origin, value) -> draft.directForwarding = Values.parseBoolean(value)),

            FlagSpec.bool("global.checknewversion", true,
                    "Traefik's: accepted, no effect (Jetway never checks for new versions)",
                    (draft, origin, value) -> withoutEffect(draft, "global.checkNewVersion", value)),
            FlagSpec.bool("global.sendanonymoususage", false,
                    "Traefik's: accepted, no effect (Jetway sends no usage data)",
                    (draft, origin, value) -> withoutEffect(draft, "global.sendAnonymousUsage", value)),
            FlagSpec.bool("api.disabledashboardad", false,
                    "Traefik's: accepted, no effect (Jetway's dashboard shows no advertisement)",
                    (draft, origin, value) -> withoutEffect(draft, "api.disableDashboardAd", value)),
            FlagSpec.bool("serverstransport.insecureskipverify", false,
                    "HTTPS backends' certificates are not verified (backends without a ServersTransport)",
                    (draft, origin, value) -> draft.transportInsecureSkipVerify = Values.parseBoolean(value)),
            FlagSpec.value("serverstransport.rootcas", "FILES", "-",
                    "CA certificates (PEM files, comma-separated) HTTPS backends must chain to, instead of the JDK's",
                    (draft, origin, value) -> draft.transportRootCAs = Values.readPemFiles(value)),
            FlagSpec.value("serverstransport.maxidleconnsperhost", "N",
                    Integer.toString(ServersTransportConfig.DEFAULT_MAX_IDLE_CONNS_PER_HOST),
                    "Idle connections kept per backend server (0: 2, as Go; negative: none, every connection closes after its request)",
                    (draft, origin, value) -> draft.transportMaxIdleConnsPerHost = Values.parseInteger(value)),
            FlagSpec.value("log.level", "LEVEL", LogConfig.DEFAULTS.level(),
                    "Log level: " + String.join(", ", LogConfig.LEVELS) + " (case-insensitive)",
                    (draft, origin, value) -> draft.logLevel = Values.parseLevel(value)),
            FlagSpec.value("log.format", "FORMAT", LogConfig.DEFAULTS.format(),
                    "Log format: common (time, level, then logfmt pairs) or json (Traefik's keys: level, time, message)",
                    (draft, origin, value) -> draft.logFormat = Values.parseOneOf(value, LogConfig.FORMATS)),
            FlagSpec.value("log.filepath", "FILE", "stderr",
                    "Log file, appended to (reopened on SIGUSR1, for log rotation)",
                    (draft, origin, value) -> draft.logFilePath = Path.of(value)),
            FlagSpec.bool("log.nocolor", false, "No colours in the common format, even on a terminal",
                    (draft, origin, value) -> draft.logNoColor = Values.parseBoolean(value))),
            KubernetesIngressDraft.flags(),
            KubernetesGatewayDraft.flags(),
            ConnectionLimitsDraft.flags());

    /** Checks the value and notes the option for the start's INFO line. */
    private static void withoutEffect(ConfigDraft draft, String option, String value) {
        Values.parseBoolean(value);
        draft.withoutEffect.add(option);
    }

    @SafeVarargs
    private static List<FlagSpec> concat(List<FlagSpec>... groups) {
        return java.util.stream.Stream.of(groups).flatMap(List::stream).toList();
    }

    /** One of {@code http.encodedcharacters.allowencoded*}: false makes the router's requests whose path holds it get 400. */
    private static FlagSpec encodedCharacterFlag(String option, String escape) {
        return FlagSpec.bool("entrypoints.<name>.http.encodedcharacters." + option, true,
                "Allow " + escape + " in request paths; false: 400",
                (draft, origin, value) -> draft.entryPoint(origin).encodedCharacters.put(option, Values.parseBoolean(value)));
    }

    /**
     * Applies a metrics option; each one turns metrics on (then {@code --metrics.prometheus=false}
     * may turn them off). The flag that named the entry point is the one blamed if it is missing.
     */
    private static void metricsOption(ConfigDraft draft, FlagSpec.Origin origin, Runnable apply) {
        draft.metrics = true;
        apply.run();
        if (draft.metricsFlag == null || origin.flag().endsWith(".entrypoint")) {
            draft.metricsFlag = origin.flag();
        }
    }

    /** Applies an access log option; each one turns the access log on (then {@code --accesslog=false} may turn it off). */
    private static void accessLogOption(ConfigDraft draft, Runnable apply) {
        draft.accessLog = true;
        apply.run();
    }

    /** A flag name matched against the table; index is the {@code [<n>]} segment's, -1 when none. */
    record Match(FlagSpec spec, String name, int index) {

        Match(FlagSpec spec, String name) {
            this(spec, name, -1);
        }
    }

    /** True when the dotted name is a section that holds flags (an empty {@code encodedCharacters: {}}). */
    static boolean isSection(String dottedName) {
        String[] segments = dottedName.split("\\.", -1);
        return ALL.stream().anyMatch(spec -> spec.inFile() && spec.isUnder(segments));
    }

    /** Finds the row for a dotted name such as {@code entryPoints.web.address}; null if none. */
    static Match find(String dottedName) {
        String[] segments = dottedName.split("\\.", -1);
        for (FlagSpec spec : ALL) {
            FlagSpec.Captured captured = spec.capture(segments);
            if (captured != null) {
                return new Match(spec, captured.name().isEmpty() ? null : captured.name(), captured.index());
            }
        }
        return null;
    }
}
