package io.jetway.tls;

import io.jetway.model.DynamicConfig;
import io.jetway.model.TlsCertificate;
import io.jetway.model.TlsOptionsConfig;
import io.jetway.model.TlsStoreConfig;
import io.jetway.tls.acme.AcmeChallenges;
import io.jetway.tls.acme.TlsAlpnChallengeKeyManager;
import io.jetway.util.CertifiedKey;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The TLS state of the running server: the certificates (chosen per handshake by SNI), one
 * SslContextFactory per set of TLS options, and which options each host name uses (from the
 * Host parts of the TLS routers' rules and their tls.domains). A reload swaps it all for new
 * handshakes; connections already established keep what they negotiated.
 */
public final class TlsManager {

    private static final Logger LOG = LoggerFactory.getLogger(TlsManager.class);

    /** What a reload computes; read by handshakes and requests without locking. */
    private record State(CertificateTable certificates, Map<String, TlsOptionsConfig> options,
                         Map<String, SslContextFactory.Server> factories, Map<String, String> optionsByHost) {
    }

    /** Generated on the first handshake that needs it: most servers never do, and RSA key generation is slow. */
    private final Supplier<CertifiedKey> generated = new Supplier<>() {
        private volatile CertifiedKey key;

        @Override
        public CertifiedKey get() {
            CertifiedKey k = key;
            if (k == null) {
                synchronized (this) {
                    k = key;
                    if (k == null) {
                        k = GeneratedCertificate.create();
                        key = k;
                    }
                }
            }
            return k;
        }
    };
    private volatile State state;
    private volatile CertificateTable previousCertificates;
    /** Certificates from the ACME resolvers, served next to the configuration's own. */
    private volatile List<TlsCertificate> issued = List.of();
    private DynamicConfig lastConfig = DynamicConfig.EMPTY;
    /** The store's default certificate, if any, for {@link #certificates()}. */
    private volatile CertifiedKey storeDefault;
    /** TLS-ALPN-01 challenges in progress, when a resolver uses the TLS challenge; null otherwise. */
    private volatile AcmeChallenges acmeChallenges;

    public TlsManager() {
        CertificateTable table = new CertificateTable(List.of(), generated);
        Map<String, TlsOptionsConfig> options = Map.of(TlsOptionsConfig.DEFAULT_NAME, TlsOptionsConfig.DEFAULTS);
        this.state = new State(table, options, factories(options, Map.of(), Map.of()), Map.of());
    }

    /** The factory of the default options, for the connector's own bookkeeping. */
    public SslContextFactory.Server defaultContextFactory() {
        return state.factories().get(TlsOptionsConfig.DEFAULT_NAME);
    }

    /** The SslContextFactory of the options the server name maps to (the default ones without SNI). */
    public SslContextFactory.Server contextFactoryFor(String serverName) {
        State s = state;
        SslContextFactory.Server factory = s.factories().get(optionsFor(s, serverName));
        return factory == null ? s.factories().get(TlsOptionsConfig.DEFAULT_NAME) : factory;
    }

    /**
     * The ALPN protocols offered to a handshake for this server name, in preference order: those of
     * the options the name maps to that the connector speaks, and {@code acme-tls/1} first while a
     * TLS-ALPN-01 challenge for the name is in progress (only then: a client offering it otherwise
     * gets the usual protocols).
     */
    public List<String> alpnProtocolsFor(String serverName, Set<String> spoken) {
        State s = state;
        TlsOptionsConfig options = s.options().get(optionsFor(s, serverName));
        List<String> configured = options == null ? TlsOptionsConfig.DEFAULTS.alpnProtocols() : options.alpnProtocols();
        List<String> protocols = new ArrayList<>();
        AcmeChallenges challenges = acmeChallenges;
        if (challenges != null && challenges.tlsAlpnCertificate(serverName) != null) {
            protocols.add(TlsAlpnChallengeKeyManager.ACME_TLS_1);
        }
        for (String p : configured) {
            if (spoken.contains(p) && !p.equals(TlsAlpnChallengeKeyManager.ACME_TLS_1) && !protocols.contains(p)) {
                protocols.add(p);
            }
        }
        return protocols;
    }

    /**
     * Presents the TLS-ALPN-01 challenge certificates in the handshakes that negotiate
     * {@code acme-tls/1}; the factories are rebuilt with the challenge-aware key manager.
     */
    public synchronized void setAcmeChallenges(AcmeChallenges challenges) {
        acmeChallenges = challenges;
        State s = state;
        state = new State(s.certificates(), s.options(), factories(s.options(), Map.of(), Map.of()), s.optionsByHost());
    }

    /** The name of the TLS options a host name uses. */
    public String optionsForHost(String host) {
        return optionsFor(state, host);
    }

    private static String optionsFor(State s, String host) {
        if (host == null || host.isEmpty()) {
            return TlsOptionsConfig.DEFAULT_NAME;
        }
        return s.optionsByHost().getOrDefault(host.toLowerCase(Locale.ROOT), TlsOptionsConfig.DEFAULT_NAME);
    }

    /** Every certificate loaded from the configuration, the store's default one included. */
    public List<CertifiedKey> certificates() {
        List<CertifiedKey> all = new ArrayList<>(state.certificates().all());
        CertifiedKey store = storeDefault;
        if (store != null && !all.contains(store)) {
            all.add(store);
        }
        return all;
    }

    /** The certificate served when none matches: the TLSStore's, or the generated one. */
    public CertifiedKey defaultCertificate() {
        return state.certificates().defaultCertificate();
    }

    /** Applies a new configuration; what cannot be loaded is logged and left out. */
    public synchronized void update(DynamicConfig config) {
        lastConfig = config;
        State old = state;
        CertificateTable certificates = certificates(config);
        Map<String, TlsOptionsConfig> options = new TreeMap<>(config.tls().options());
        options.putIfAbsent(TlsOptionsConfig.DEFAULT_NAME, TlsOptionsConfig.DEFAULTS);
        Map<String, SslContextFactory.Server> factories = factories(options, old.options(), old.factories());
        Map<String, String> byHost = new HashMap<>(TlsHostOptions.byHost(config));
        byHost.values().removeIf(name -> !factories.containsKey(name));
        previousCertificates = old.certificates();
        state = new State(certificates, Map.copyOf(options), Map.copyOf(factories), Map.copyOf(byHost));
    }

    /**
     * The certificates the ACME resolvers hold now (issued, renewed or loaded from storage): new
     * handshakes use them at once, without waiting for a reload.
     */
    public synchronized void setIssued(List<TlsCertificate> certificates) {
        issued = List.copyOf(certificates);
        update(lastConfig);
    }

    private CertificateTable certificates(DynamicConfig config) {
        Instant now = Instant.now();
        List<CertifiedKey> loaded = new ArrayList<>();
        List<TlsCertificate> all = new ArrayList<>(config.tls().certificates());
        all.addAll(issued);
        for (TlsCertificate c : all) {
            CertifiedKey key = load(c, now);
            if (key != null) {
                loaded.add(key);
            }
        }
        CertifiedKey fromStore = null;
        TlsStoreConfig store = config.tls().stores().get("default");
        if (store != null && store.defaultCertificate() != null) {
            fromStore = load(store.defaultCertificate(), now);
        }
        storeDefault = fromStore;
        CertifiedKey chosen = fromStore;
        return new CertificateTable(loaded, chosen == null ? generated : () -> chosen);
    }

    private static CertifiedKey load(TlsCertificate c, Instant now) {
        try {
            CertifiedKey key = CertifiedKey.parse(c.certificatePem(), c.keyPem(), String.valueOf(c.source()));
            if (key.expiredAt(now)) {
                LOG.warn("event=certificate-expired source=\"{}\" names={} notAfter={} msg=\"served anyway, as Traefik does\"",
                        c.source(), key.names(), key.leaf().getNotAfter().toInstant());
            }
            return key;
        } catch (IllegalArgumentException e) {
            LOG.error("event=certificate-invalid source=\"{}\" msg=\"{}\"", c.source(), e.getMessage());
            return null;
        }
    }

    private SslContextFactory.Server factory(TlsOptionsConfig options) throws Exception {
        SniKeyManager keys = new SniKeyManager(() -> state.certificates(), () -> previousCertificates, options.sniStrict());
        AcmeChallenges challenges = acmeChallenges;
        return TlsContextFactories.build(options, challenges == null ? keys : new TlsAlpnChallengeKeyManager(challenges, keys));
    }

    /** Keeps the factories whose options did not change; builds the others. */
    private Map<String, SslContextFactory.Server> factories(Map<String, TlsOptionsConfig> options,
                                                            Map<String, TlsOptionsConfig> before,
                                                            Map<String, SslContextFactory.Server> built) {
        Map<String, SslContextFactory.Server> factories = new HashMap<>();
        options.forEach((name, o) -> {
            SslContextFactory.Server existing = built.get(name);
            if (existing != null && o.equals(before.get(name))) {
                factories.put(name, existing);
                return;
            }
            try {
                factories.put(name, factory(o));
                if (!o.curvePreferences().isEmpty() && !TlsContextFactories.curvesSupported()) {
                    LOG.warn("event=tls-options-curves-ignored options={} msg=\"curvePreferences need Java 20 or later; "
                            + "the JVM's default curves are used\"", name);
                }
            } catch (Exception e) {
                LOG.error("event=tls-options-invalid options={} msg=\"{}\"", name, e.getMessage());
            }
        });
        if (!factories.containsKey(TlsOptionsConfig.DEFAULT_NAME)) {
            try {
                factories.put(TlsOptionsConfig.DEFAULT_NAME, factory(TlsOptionsConfig.DEFAULTS));
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the default TLS options", e);
            }
        }
        return factories;
    }
}
