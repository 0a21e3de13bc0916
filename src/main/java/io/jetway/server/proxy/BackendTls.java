package io.jetway.server.proxy;

import io.jetway.dynamic.ServersTransport;
import io.jetway.util.Pem;
import org.eclipse.jetty.util.ssl.SslContextFactory;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CRL;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;

/**
 * The TLS side of a servers transport as a Jetty client SslContextFactory: certificates are
 * verified against the transport's rootCAs when it names some, only those (as Traefik: a private
 * CA pinned for a backend is not widened to every public CA), else against the JVM's trust store;
 * SNI and the checked name are serverName (else the server's host), and client certificates are offered.
 */
public final class BackendTls {

    private static final String KEY_PASSWORD = "jetway"; // protects an in-memory key store only

    private BackendTls() {
    }

    /** Traefik's default transport: verify against the JVM's trust store. */
    public static SslContextFactory.Client defaults() {
        SslContextFactory.Client tls = new SslContextFactory.Client() {
            @Override
            protected TrustManager[] getTrustManagers(KeyStore trustStore, Collection<? extends CRL> crls) throws Exception {
                // Jetty honours trustAll only without a key store: with a client certificate
                // (mTLS) insecureSkipVerify would silently verify after all.
                return isTrustAll() ? TRUST_ALL_CERTS : super.getTrustManagers(trustStore, crls);
            }
        };
        tls.setEndpointIdentificationAlgorithm("HTTPS");
        return tls;
    }

    /** The static {@code serversTransport}'s TLS: for HTTPS backends without a ServersTransport of their own. */
    static SslContextFactory.Client ofDefaultTransport(boolean insecureSkipVerify, List<String> rootCAs) {
        SslContextFactory.Client tls = defaults();
        if (insecureSkipVerify) {
            tls.setTrustAll(true);
            tls.setEndpointIdentificationAlgorithm(null);
        } else if (!rootCAs.isEmpty()) {
            tls.setTrustStore(trustStore(rootCAs));
        }
        return tls;
    }

    public static SslContextFactory.Client of(ServersTransport transport) {
        SslContextFactory.Client tls = defaults();
        if (transport.insecureSkipVerify()) {
            tls.setTrustAll(true);
            tls.setEndpointIdentificationAlgorithm(null);
        } else if (!transport.rootCAs().isEmpty()) {
            tls.setTrustStore(trustStore(transport.rootCAs()));
        }
        String serverName = transport.serverName();
        if (!serverName.isEmpty()) {
            List<SNIServerName> sni = List.of(new SNIHostName(serverName));
            tls.setSNIProvider((engine, requested) -> sni);
        }
        String uri = transport.peerCertURI();
        if (!uri.isEmpty()) {
            // The URI SAN identifies the server instead of its host name (as with SPIFFE IDs).
            tls.setEndpointIdentificationAlgorithm(null);
            tls.setHostnameVerifier((host, session) -> hasUriSan(session, uri));
        }
        if (!transport.certificates().isEmpty()) {
            tls.setKeyStore(keyStore(transport.certificates()));
            tls.setKeyStorePassword(KEY_PASSWORD);
            tls.setKeyManagerPassword(KEY_PASSWORD);
        }
        return tls;
    }

    /** The transport's root CAs alone (Traefik's certificate pool of rootCAs, without the system's). */
    static KeyStore trustStore(List<String> rootCAs) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (String pem : rootCAs) {
                for (X509Certificate ca : Pem.certificates(pem)) {
                    store.setCertificateEntry("root-ca-" + n++, ca);
                }
            }
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the trust store: " + e.getMessage(), e);
        }
    }

    private static KeyStore keyStore(List<ServersTransport.Certificate> certificates) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int n = 0;
            for (ServersTransport.Certificate c : certificates) {
                PrivateKey key = Pem.privateKey(c.privateKeyPem());
                Certificate[] chain = Pem.certificates(c.certificatePem()).toArray(Certificate[]::new);
                store.setKeyEntry("client-" + n++, key, KEY_PASSWORD.toCharArray(), chain);
            }
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the client key store: " + e.getMessage(), e);
        }
    }

    static boolean hasUriSan(SSLSession session, String uri) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                return false;
            }
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            if (names == null) {
                return false;
            }
            for (List<?> name : names) {
                if (Integer.valueOf(6).equals(name.get(0)) && uri.equals(name.get(1))) {
                    return true;
                }
            }
            return false;
        } catch (SSLPeerUnverifiedException | CertificateParsingException e) {
            return false;
        }
    }
}
