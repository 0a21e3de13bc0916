package io.jetway.tls;

import io.jetway.config.TlsEngine;
import io.jetway.dynamic.TlsOptionsConfig;
import io.jetway.util.CertifiedKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.List;
import java.util.Set;

/**
 * Which SSLEngine serves each set of TLS options: Conscrypt's (BoringSSL: handshakes cost a
 * fraction of the JDK's) when the choice allows it and it loaded, unless the options need what it
 * cannot express (curve preferences, a cipher suite only the JDK implements, versions the JDK's
 * security policy refuses): those get the JDK's
 * engine, which is also the engine of everything when Conscrypt does not load.
 */
public final class TlsEngines {

    private static final Logger LOG = LoggerFactory.getLogger(TlsEngines.class);

    /** Conscrypt's provider; null when every set of options uses the JDK's engine. */
    private final Provider conscrypt;
    private final Set<String> conscryptSuites;
    private final Set<String> jdkSuites;

    private TlsEngines(Provider conscrypt) {
        this.conscrypt = conscrypt;
        this.conscryptSuites = conscrypt == null ? Set.of() : supportedSuites(conscrypt);
        this.jdkSuites = conscrypt == null ? Set.of() : supportedSuites(null);
    }

    /** The JDK's engine for every set of options, without a word in the log (tests, tools). */
    public static TlsEngines jdk() {
        return new TlsEngines(null);
    }

    /**
     * The engines of the choice, logging in one line which one serves TLS and why.
     *
     * @throws IllegalStateException when Conscrypt is forced and cannot load
     */
    public static TlsEngines of(TlsEngine choice) {
        if (choice == TlsEngine.JDK) {
            LOG.info("event=tls-engine engine=jdk msg=\"the JDK's SSLEngine serves TLS (--tls.engine=jdk)\"");
            return jdk();
        }
        ConscryptProvider.Loaded loaded = ConscryptProvider.load();
        if (loaded.provider() == null) {
            if (choice == TlsEngine.CONSCRYPT) {
                throw new IllegalStateException("--tls.engine=conscrypt: Conscrypt cannot load here (" + loaded.failure() + ")");
            }
            LOG.info("event=tls-engine engine=jdk msg=\"the JDK's SSLEngine serves TLS: Conscrypt cannot load here ({})\"",
                    loaded.failure());
            return jdk();
        }
        LOG.info("event=tls-engine engine=conscrypt msg=\"Conscrypt (BoringSSL) serves TLS; TLS options it cannot express "
                + "use the JDK's SSLEngine\"");
        return new TlsEngines(loaded.provider());
    }

    /** The security provider of the SSLContext for these options: Conscrypt's, or null for the JDK's. */
    Provider providerFor(String name, TlsOptionsConfig options) {
        if (conscrypt == null) {
            return null;
        }
        String reason = conscryptCannotExpress(options);
        if (reason != null) {
            LOG.info("event=tls-options-engine options={} engine=jdk msg=\"{}: Conscrypt cannot express it, "
                    + "the JDK's SSLEngine serves these options\"", name, reason);
            return null;
        }
        return conscrypt;
    }

    /** What of these options Conscrypt cannot honour, or null when it honours them all. */
    String conscryptCannotExpress(TlsOptionsConfig options) {
        if (!options.curvePreferences().isEmpty()) {
            return "curvePreferences";
        }
        if (TlsContextFactories.policyAllowed(options).isEmpty()) {
            // Only versions the JDK's policy refuses: its engine fails these handshakes as before.
            return "minVersion/maxVersion outside the JDK's security policy";
        }
        List<String> jdkOnly = options.cipherSuites().stream()
                .filter(s -> jdkSuites.contains(s) && !conscryptSuites.contains(s)).toList();
        return jdkOnly.isEmpty() ? null : "cipherSuites " + String.join(",", jdkOnly);
    }

    /** Conscrypt 2.5 signs with RSA and EC keys; an EdDSA certificate needs the JDK's engine. */
    static boolean conscryptSigns(CertifiedKey key) {
        return key.keyType().equals("RSA") || key.keyType().equals("EC");
    }

    private static Set<String> supportedSuites(Provider provider) {
        try {
            SSLContext context = provider == null ? SSLContext.getInstance("TLS") : SSLContext.getInstance("TLS", provider);
            context.init(null, null, null);
            return Set.copyOf(List.of(context.getSupportedSSLParameters().getCipherSuites()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot list the cipher suites of " + (provider == null ? "the JDK" : provider.getName()), e);
        }
    }
}
