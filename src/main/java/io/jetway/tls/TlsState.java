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
            Map.of(), Map.of(), Map.of(), null);

    private final List<TlsCertificate> issued;
    private final CertificateTable certificates;
    private final CertificateTable previousCertificates;
    private final CertifiedKey storeDefault;
    private final Map<String, TlsOptionsConfig> options;
    private final Map<String, SslContextFactory.Server> factories;
    private final Map<String, String> optionsByHost;
    private final AcmeChallenges challenges;

    /**
     * @param previousCertificates the generation before's, for a handshake that chose its certificate before the swap; null for the first
     * @param storeDefault         the TLSStore's default certificate, or null
     * @param challenges           the TLS-ALPN-01 challenges the factories' key managers answer; null for none
     */
    TlsState(List<TlsCertificate> issued, CertificateTable certificates, CertificateTable previousCertificates,
             CertifiedKey storeDefault, Map<String, TlsOptionsConfig> options,
             Map<String, SslContextFactory.Server> factories, Map<String, String> optionsByHost,
             AcmeChallenges challenges) {
        this.issued = List.copyOf(issued);
        this.certificates = certificates;
        this.previousCertificates = previousCertificates;
        this.storeDefault = storeDefault;
        this.options = Map.copyOf(options);
        this.factories = Map.copyOf(factories);
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

    AcmeChallenges challenges() {
        return challenges;
    }
}
