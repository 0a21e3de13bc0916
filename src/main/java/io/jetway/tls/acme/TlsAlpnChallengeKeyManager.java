package io.jetway.tls.acme;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A server key manager that presents the TLS-ALPN-01 challenge certificate when the handshake
 * negotiated ALPN {@code acme-tls/1} for an SNI name with a challenge in progress, and otherwise
 * asks its delegate (the TLS store's own key manager; null for none). The JDK consults the ALPN
 * selector on the ClientHello before it chooses the server's key, so the protocol is known here.
 */
public final class TlsAlpnChallengeKeyManager extends X509ExtendedKeyManager {

    public static final String ACME_TLS_1 = "acme-tls/1";
    private static final String ALIAS_PREFIX = "acme-tls-alpn:";

    private final AcmeChallenges challenges;
    private final X509ExtendedKeyManager delegate;

    public TlsAlpnChallengeKeyManager(AcmeChallenges challenges, X509ExtendedKeyManager delegate) {
        this.challenges = challenges;
        this.delegate = delegate;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        String name = challengeName(engine.getHandshakeApplicationProtocol(), engine.getHandshakeSession());
        if (name != null) {
            return challengeAlias(name, keyType);
        }
        return delegate == null ? null : delegate.chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        if (socket instanceof SSLSocket ssl) {
            String name = challengeName(ssl.getHandshakeApplicationProtocol(), ssl.getHandshakeSession());
            if (name != null) {
                return challengeAlias(name, keyType);
            }
        }
        return delegate == null ? null : delegate.chooseServerAlias(keyType, issuers, socket);
    }

    /** The SNI name of an acme-tls/1 handshake with a challenge in progress, or null for any other handshake. */
    private String challengeName(String protocol, SSLSession session) {
        if (!ACME_TLS_1.equals(protocol) || !(session instanceof ExtendedSSLSession extended)) {
            return null;
        }
        for (SNIServerName name : extended.getRequestedServerNames()) {
            if (name instanceof SNIHostName host && challenges.tlsAlpnCertificate(host.getAsciiName()) != null) {
                return host.getAsciiName();
            }
        }
        return null;
    }

    /**
     * The challenge certificate's alias when the JDK asks for its key type; null for other key types,
     * so an acme-tls/1 handshake never falls back to a regular certificate.
     */
    private String challengeAlias(String name, String keyType) {
        AcmeChallenges.TlsAlpnCertificate challenge = challenges.tlsAlpnCertificate(name);
        if (challenge != null && challenge.keys().getPrivate().getAlgorithm().equalsIgnoreCase(keyType)) {
            return ALIAS_PREFIX + name;
        }
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        if (alias != null && alias.startsWith(ALIAS_PREFIX)) {
            AcmeChallenges.TlsAlpnCertificate challenge = challenges.tlsAlpnCertificate(alias.substring(ALIAS_PREFIX.length()));
            return challenge == null ? null : new X509Certificate[] {challenge.certificate()};
        }
        return delegate == null ? null : delegate.getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        if (alias != null && alias.startsWith(ALIAS_PREFIX)) {
            AcmeChallenges.TlsAlpnCertificate challenge = challenges.tlsAlpnCertificate(alias.substring(ALIAS_PREFIX.length()));
            return challenge == null ? null : challenge.keys().getPrivate();
        }
        return delegate == null ? null : delegate.getPrivateKey(alias);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return delegate == null ? null : delegate.getServerAliases(keyType, issuers);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return delegate == null ? null : delegate.getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return delegate == null ? null : delegate.chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return delegate == null ? null : delegate.chooseEngineClientAlias(keyType, issuers, engine);
    }
}
