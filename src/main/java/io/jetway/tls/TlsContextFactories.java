package io.jetway.tls;

import io.jetway.dynamic.TlsOptionsConfig;
import io.jetway.net.TlsOptionNames;
import io.jetway.util.Pem;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.Socket;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Turns one set of TLS options into a started Jetty SslContextFactory. */
final class TlsContextFactories {

    /** {@code SSLParameters.setNamedGroups} exists from Java 20; curve preferences need it. */
    private static final MethodHandle SET_NAMED_GROUPS = namedGroupsSetter();

    private TlsContextFactories() {
    }

    static boolean curvesSupported() {
        return SET_NAMED_GROUPS != null;
    }

    /** @param provider the SSLContext's provider (Conscrypt's), or null for the JDK's */
    static SslContextFactory.Server build(TlsOptionsConfig options, KeyManager keyManager, Provider provider) throws Exception {
        List<String> curves = options.curvePreferences();
        SslContextFactory.Server factory = new SslContextFactory.Server() {
            @Override
            public void customize(SSLEngine engine) {
                super.customize(engine);
                if (provider != null) {
                    ConscryptProvider.issueSessionTickets(engine);
                }
            }

            @Override
            public SSLParameters customize(SSLParameters parameters) {
                SSLParameters customized = super.customize(parameters);
                if (!curves.isEmpty() && SET_NAMED_GROUPS != null) {
                    try {
                        SET_NAMED_GROUPS.invoke(customized, (Object) curves.toArray(String[]::new));
                    } catch (Throwable e) {
                        throw new IllegalStateException("cannot set curve preferences " + curves, e);
                    }
                }
                return customized;
            }
        };
        SSLContext context = provider == null ? SSLContext.getInstance("TLS") : SSLContext.getInstance("TLS", provider);
        context.init(new KeyManager[]{keyManager}, trustManagers(options), null);
        factory.setSslContext(context);
        List<String> protocols = provider == null ? protocols(options) : policyAllowed(options);
        factory.setIncludeProtocols(protocols.toArray(String[]::new));
        if (!options.cipherSuites().isEmpty()) {
            // Go applies cipherSuites to TLS 1.0-1.2 only and always keeps the TLS 1.3 suites.
            List<String> suites = new ArrayList<>(options.cipherSuites());
            TlsOptionNames.TLS13_SUITES.stream().filter(s -> !suites.contains(s)).forEach(suites::add);
            factory.setExcludeCipherSuites();
            factory.setIncludeCipherSuites(suites.toArray(String[]::new));
        }
        switch (options.clientAuthType()) {
            case "RequestClientCert", "VerifyClientCertIfGiven" -> factory.setWantClientAuth(true);
            case "RequireAnyClientCert", "RequireAndVerifyClientCert" -> factory.setNeedClientAuth(true);
            default -> {
            }
        }
        factory.setRenegotiationAllowed(false);
        factory.start();
        return factory;
    }

    static List<String> protocols(TlsOptionsConfig options) {
        List<String> all = TlsOptionNames.PROTOCOLS;
        int from = options.minVersion() == null ? 0 : all.indexOf(options.minVersion());
        int to = options.maxVersion() == null ? all.size() - 1 : all.indexOf(options.maxVersion());
        return all.subList(Math.max(0, from), to + 1);
    }

    private static TrustManager[] trustManagers(TlsOptionsConfig options) throws Exception {
        if (options.clientAuthType().equals("RequestClientCert") || options.clientAuthType().equals("RequireAnyClientCert")) {
            return new TrustManager[]{new AnyClientCertificate()};
        }
        if (options.clientCaPems().isEmpty()) {
            return null;
        }
        KeyStore cas = KeyStore.getInstance(KeyStore.getDefaultType());
        cas.load(null, null);
        int n = 0;
        for (String pem : options.clientCaPems()) {
            for (X509Certificate ca : Pem.certificates(pem)) {
                cas.setCertificateEntry("ca-" + n++, ca);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(cas);
        return factory.getTrustManagers();
    }

    /**
     * The options' versions the JDK's security policy allows (jdk.tls.disabledAlgorithms: not TLS 1.0
     * and 1.1 by default), so that the policy holds on Conscrypt's engine as on the JDK's.
     */
    static List<String> policyAllowed(TlsOptionsConfig options) {
        List<String> protocols = new ArrayList<>(protocols(options));
        protocols.retainAll(JdkProtocols.ENABLED);
        return protocols;
    }

    /** The protocols the JDK enables by default: those its security policy allows. */
    private static final class JdkProtocols {
        static final List<String> ENABLED = enabled();

        private static List<String> enabled() {
            try {
                return List.of(SSLContext.getDefault().getDefaultSSLParameters().getProtocols());
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no default SSLContext", e);
            }
        }
    }

    private static MethodHandle namedGroupsSetter() {
        try {
            return MethodHandles.publicLookup().findVirtual(SSLParameters.class, "setNamedGroups",
                    MethodType.methodType(void.class, String[].class));
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    /** RequestClientCert / RequireAnyClientCert: a certificate is asked for but not verified. */
    private static final class AnyClientCertificate extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("server side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("server side only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("server side only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
