package io.jetway.tls;

import io.jetway.dynamic.TlsCertificate;
import io.jetway.dynamic.TlsOptionsConfig;
import io.jetway.tls.acme.AcmeChallenges;
import io.jetway.util.CertifiedKey;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The TLS state of one generation, compiled by {@link TlsManager#compile} from a dynamic
 * configuration and the certificates the ACME resolvers hold: the certificates chosen by SNI and
 * the default one, one SslContextFactory per set of TLS options, and which options each host name
 * uses. Immutable (a factory is built and started once, then shared by the generations whose
 * options did not change); it travels in the runtime snapshot beside the routing table compiled
 * from the same configuration, so the routes and the TLS of new handshakes change together.
 */
public final class TlsState {

    /** No TLS compiled: Jetway does not terminate TLS (a WAR in a container), or nothing was compiled yet. */
    public static final TlsState NONE = new TlsState(List.of(), new CertificateTable(List.of(), () -> null), null, null,
            Map.of(), Map.of(), Map.of(), Map.of(), null);

    private final List<TlsCertificate> issued;
    private final CertificateTable certificates;
    private final CertificateTable previousCertificates;
    private final CertifiedKey storeDefault;
    private final Map<String, TlsOptionsConfig> options;
    private final Map<String, SslContextFactory.Server> factories;
    private final Map<String, SslContextFactory.Server> jdkFactories;
    /** Whether a certificate has a key Conscrypt cannot sign with (EdDSA): only then are names checked for it. */
    private final boolean jdkOnlyKeys;
    private final Map<String, String> optionsByHost;
    private final AcmeChallenges challenges;

    /**
     * @param previousCertificates the generation before's, for a handshake that chose its certificate before the swap; null for the first
     * @param storeDefault         the TLSStore's default certificate, or null
     * @param jdkFactories         for the options served by Conscrypt, the same options on the JDK's engine
     * @param challenges           the TLS-ALPN-01 challenges the factories' key managers answer; null for none
     */
    TlsState(List<TlsCertificate> issued, CertificateTable certificates, CertificateTable previousCertificates,
             CertifiedKey storeDefault, Map<String, TlsOptionsConfig> options,
             Map<String, SslContextFactory.Server> factories, Map<String, SslContextFactory.Server> jdkFactories,
             Map<String, String> optionsByHost, AcmeChallenges challenges) {
        this.issued = List.copyOf(issued);
        this.certificates = certificates;
        this.previousCertificates = previousCertificates;
        this.storeDefault = storeDefault;
        this.options = Map.copyOf(options);
        this.factories = Map.copyOf(factories);
        this.jdkFactories = Map.copyOf(jdkFactories);
        this.jdkOnlyKeys = certificates.all().stream().anyMatch(c -> !TlsEngines.conscryptSigns(c))
                || (storeDefault != null && !TlsEngines.conscryptSigns(storeDefault));
        this.optionsByHost = Map.copyOf(optionsByHost);
        this.challenges = challenges;
    }

    public boolean isNone() {
        return this == NONE;
    }

    /** The certificates from the ACME resolvers this state serves next to the configuration's own. */
    public List<TlsCertificate> issued() {
        return issued;
    }

    /** Every certificate loaded from the configuration and the resolvers, the store's default one included. */
    public List<CertifiedKey> certificates() {
        List<CertifiedKey> all = new ArrayList<>(certificates.all());
        if (storeDefault != null && !all.contains(storeDefault)) {
            all.add(storeDefault);
        }
        return all;
    }

    /** The certificate served when none matches: the TLSStore's, or the generated one. */
    public CertifiedKey defaultCertificate() {
        return certificates.defaultCertificate();
    }

    /** The name of the TLS options a host name uses (the default ones for none). */
    public String optionsForHost(String host) {
        if (host == null || host.isEmpty()) {
            return TlsOptionsConfig.DEFAULT_NAME;
        }
        return optionsByHost.getOrDefault(host.toLowerCase(Locale.ROOT), TlsOptionsConfig.DEFAULT_NAME);
    }

    /** The SslContextFactory of the options the server name maps to (the default ones without SNI). */
    SslContextFactory.Server contextFactoryFor(String serverName) {
        SslContextFactory.Server factory = factories.get(optionsForHost(serverName));
        return factory == null ? factories.get(TlsOptionsConfig.DEFAULT_NAME) : factory;
    }

    /** The options' factory on the JDK's engine when Conscrypt serves them; null when the JDK's already does. */
    SslContextFactory.Server jdkFactoryFor(String serverName) {
        String name = optionsForHost(serverName);
        return jdkFactories.get(factories.containsKey(name) ? name : TlsOptionsConfig.DEFAULT_NAME);
    }

    /** Whether a certificate this name may be served has a key only the JDK's engine signs with. */
    boolean needsJdkKeys(String serverName) {
        if (!jdkOnlyKeys) {
            return false;
        }
        List<CertifiedKey> candidates = certificates.select(serverName);
        if (candidates.isEmpty()) {
            return storeDefault != null && !TlsEngines.conscryptSigns(storeDefault);
        }
        return candidates.stream().anyMatch(c -> !TlsEngines.conscryptSigns(c));
    }

    /** The TLS options the server name maps to, or null when they are not known. */
    TlsOptionsConfig optionsFor(String serverName) {
        return options.get(optionsForHost(serverName));
    }

    CertificateTable certificateTable() {
        return certificates;
    }

    /** Null for the first generation. */
    CertificateTable previousCertificates() {
        return previousCertificates;
    }

    Map<String, TlsOptionsConfig> options() {
        return options;
    }

    Map<String, SslContextFactory.Server> factories() {
        return factories;
    }

    Map<String, SslContextFactory.Server> jdkFactories() {
        return jdkFactories;
    }

    AcmeChallenges challenges() {
        return challenges;
    }
}
