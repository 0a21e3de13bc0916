package io.jetway.tls;

import io.jetway.dynamic.DynamicConfig;
import io.jetway.dynamic.TlsCertificate;
import io.jetway.dynamic.TlsOptionsConfig;
import io.jetway.dynamic.TlsStoreConfig;
import io.jetway.tls.acme.AcmeChallenges;
import io.jetway.tls.acme.TlsAlpnChallengeKeyManager;
import io.jetway.util.CertifiedKey;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.Provider;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The TLS of the running server. It compiles the TLS state of each generation ({@link #compile}:
 * certificates chosen per handshake by SNI, one SslContextFactory per set of TLS options, which
 * options each host name uses, from the Host parts of the TLS routers' rules and their
 * tls.domains), and answers handshakes from the state of the current runtime snapshot, which it
 * {@link #follow}s: routes and TLS change with one swap. Connections already established keep
 * what they negotiated.
 */
public final class TlsManager {

    private static final Logger LOG = LoggerFactory.getLogger(TlsManager.class);

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
    /** TLS-ALPN-01 challenges in progress, when a resolver uses the TLS challenge; null otherwise. */
    private volatile AcmeChallenges acmeChallenges;
    /**
     * What handshakes use while the snapshot holds no TLS state (before the first swap): the default
     * options and the generated certificate. The connectors are built with it, before the holder exists.
     */
    private volatile TlsState initial;
    /** The TLS state of the current snapshot, read by every handshake. */
    private volatile Supplier<TlsState> current = () -> TlsState.NONE;

    /** Which engine (Conscrypt's or the JDK's) serves each set of options. */
    private final TlsEngines engines;

    /** On the JDK's engine. */
    public TlsManager() {
        this(TlsEngines.jdk());
    }

    public TlsManager(TlsEngines engines) {
        this.engines = engines;
        this.initial = compileFrom(DynamicConfig.EMPTY, List.of(), TlsState.NONE);
    }

    /** Handshakes read the TLS state from here from now on: the current runtime snapshot's. */
    public void follow(Supplier<TlsState> snapshotTls) {
        current = snapshotTls;
    }

    private TlsState state() {
        TlsState s = current.get();
        return s.isNone() ? initial : s;
    }

    /** The factory of the default options, for the connector's own bookkeeping. */
    public SslContextFactory.Server defaultContextFactory() {
        return state().factories().get(TlsOptionsConfig.DEFAULT_NAME);
    }

    /**
     * The SslContextFactory of the named TLS options (a TCP router's {@code tls.options}, chosen
     * before the handshake, so two TCP routers may give one server name different options); null
     * when the configuration has no such options. The certificate is still chosen by server name.
     */
    public SslContextFactory.Server contextFactoryForOptions(String optionsName) {
        return state().factories().get(optionsName);
    }

    /** The SslContextFactory of the options the server name maps to (the default ones without SNI). */
    public SslContextFactory.Server contextFactoryFor(String serverName) {
        return state().contextFactoryFor(serverName);
    }

    /**
     * The SslContextFactory for one ClientHello: that of the options the server name maps to, on
     * the JDK's engine where Conscrypt would answer it otherwise than the JDK's: a TLS-ALPN-01
     * challenge (BoringSSL chooses the certificate before ALPN), no ALPN protocol in common
     * (BoringSSL goes on without ALPN where the JDK answers no_application_protocol), or an EdDSA
     * certificate.
     *
     * @param clientAlpn the protocols the client offers by ALPN (empty for none)
     * @param offered    those the server offers it ({@link #alpnProtocolsFor})
     */
    public SslContextFactory.Server contextFactoryFor(String serverName, List<String> clientAlpn, List<String> offered) {
        TlsState s = state();
        SslContextFactory.Server jdk = s.jdkFactoryFor(serverName);
        if (jdk != null && (offered.contains(TlsAlpnChallengeKeyManager.ACME_TLS_1)
                || (!clientAlpn.isEmpty() && offered.stream().noneMatch(clientAlpn::contains))
                || s.needsJdkKeys(serverName))) {
            return jdk;
        }
        return s.contextFactoryFor(serverName);
    }

    /**
     * The ALPN protocols offered to a handshake for this server name, in preference order: those of
     * the options the name maps to that the connector speaks, and {@code acme-tls/1} first while a
     * TLS-ALPN-01 challenge for the name is in progress (only then: a client offering it otherwise
     * gets the usual protocols).
     */
    public List<String> alpnProtocolsFor(String serverName, Set<String> spoken) {
        TlsOptionsConfig options = state().optionsFor(serverName);
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
     * {@code acme-tls/1}: the states compiled from now on build their factories with the
     * challenge-aware key manager (a state compiled before keeps its factories until the next swap).
     */
    public synchronized void setAcmeChallenges(AcmeChallenges challenges) {
        acmeChallenges = challenges;
        initial = compileFrom(DynamicConfig.EMPTY, List.of(), TlsState.NONE);
    }

    /** The name of the TLS options a host name uses. */
    public String optionsForHost(String host) {
        return state().optionsForHost(host);
    }

    /** Every certificate of the current state, the store's default one included. */
    public List<CertifiedKey> certificates() {
        return state().certificates();
    }

    /** The certificate served when none matches: the TLSStore's, or the generated one. */
    public CertifiedKey defaultCertificate() {
        return state().defaultCertificate();
    }

    /**
     * The TLS state of a new generation: the configuration's certificates and options with the
     * resolvers' issued certificates. What cannot be loaded is logged and left out. The factories
     * of options that did not change are taken over from the previous state.
     *
     * @param previous the state it replaces ({@link TlsState#NONE} for the first)
     */
    public synchronized TlsState compile(DynamicConfig config, List<TlsCertificate> issued, TlsState previous) {
        return compileFrom(config, issued, previous.isNone() ? initial : previous);
    }

    private TlsState compileFrom(DynamicConfig config, List<TlsCertificate> issued, TlsState previous) {
        AcmeChallenges challenges = acmeChallenges;
        List<CertifiedKey> loaded = new ArrayList<>();
        CertifiedKey storeDefault = load(config, issued, loaded);
        CertificateTable certificates = new CertificateTable(loaded, storeDefault == null ? generated : () -> storeDefault);
        Map<String, TlsOptionsConfig> options = new TreeMap<>(config.tls().options());
        options.putIfAbsent(TlsOptionsConfig.DEFAULT_NAME, TlsOptionsConfig.DEFAULTS);
        // Factories built for other challenges have the wrong key manager: none is taken over then.
        boolean sameKeys = previous.challenges() == challenges;
        Map<String, SslContextFactory.Server> factories = new HashMap<>();
        Map<String, SslContextFactory.Server> jdkFactories = new HashMap<>();
        factories(options, sameKeys ? previous : TlsState.NONE, factories, jdkFactories);
        Map<String, String> byHost = new HashMap<>(TlsHostOptions.byHost(config));
        byHost.values().removeIf(name -> !factories.containsKey(name));
        return new TlsState(issued, certificates, previous.isNone() ? null : previous.certificateTable(), storeDefault,
                options, factories, jdkFactories, byHost, challenges);
    }

    /** Loads the configuration's and the resolvers' certificates into {@code loaded}; returns the store's default one, or null. */
    private static CertifiedKey load(DynamicConfig config, List<TlsCertificate> issued, List<CertifiedKey> loaded) {
        Instant now = Instant.now();
        List<TlsCertificate> all = new ArrayList<>(config.tls().certificates());
        all.addAll(issued);
        for (TlsCertificate c : all) {
            CertifiedKey key = load(c, now);
            if (key != null) {
                loaded.add(key);
            }
        }
        TlsStoreConfig store = config.tls().stores().get("default");
        if (store != null && store.defaultCertificate() != null) {
            return load(store.defaultCertificate(), now);
        }
        return null;
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

    private SslContextFactory.Server factory(TlsOptionsConfig options, Provider provider) throws Exception {
        SniKeyManager keys = new SniKeyManager(() -> state().certificateTable(), () -> state().previousCertificates(),
                options.sniStrict(), provider);
        AcmeChallenges challenges = acmeChallenges;
        return TlsContextFactories.build(options, challenges == null ? keys : new TlsAlpnChallengeKeyManager(challenges, keys),
                provider);
    }

    /**
     * Fills {@code factories} (and {@code jdkFactories}, for the options Conscrypt serves): keeps
     * those of the previous state whose options did not change, builds the others.
     */
    private void factories(Map<String, TlsOptionsConfig> options, TlsState previous,
                           Map<String, SslContextFactory.Server> factories, Map<String, SslContextFactory.Server> jdkFactories) {
        options.forEach((name, o) -> {
            SslContextFactory.Server existing = previous.factories().get(name);
            if (existing != null && o.equals(previous.options().get(name))) {
                factories.put(name, existing);
                SslContextFactory.Server jdk = previous.jdkFactories().get(name);
                if (jdk != null) {
                    jdkFactories.put(name, jdk);
                }
                return;
            }
            try {
                build(name, o, factories, jdkFactories);
                if (!o.curvePreferences().isEmpty() && !TlsContextFactories.curvesSupported()) {
                    LOG.warn("event=tls-options-curves-ignored options={} msg=\"curvePreferences need Java 20 or later; "
                            + "the JVM's default curves are used\"", name);
                }
            } catch (Exception e) {
                factories.remove(name);
                LOG.error("event=tls-options-invalid options={} msg=\"{}\"", name, e.getMessage());
            }
        });
        if (!factories.containsKey(TlsOptionsConfig.DEFAULT_NAME)) {
            try {
                build(TlsOptionsConfig.DEFAULT_NAME, TlsOptionsConfig.DEFAULTS, factories, jdkFactories);
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the default TLS options", e);
            }
        }
    }

    /** The options' factory on their engine, and on the JDK's too when that engine is Conscrypt. */
    private void build(String name, TlsOptionsConfig options, Map<String, SslContextFactory.Server> factories,
                       Map<String, SslContextFactory.Server> jdkFactories) throws Exception {
        Provider provider = engines.providerFor(name, options);
        factories.put(name, factory(options, provider));
        if (provider != null) {
            jdkFactories.put(name, factory(options, null));
        }
    }
}
