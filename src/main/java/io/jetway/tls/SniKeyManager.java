package io.jetway.tls;

import io.jetway.util.CertifiedKey;

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
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;

/**
 * Chooses the certificate of each handshake by its server name (SNI) from the current
 * {@link CertificateTable}, read at handshake time: a reload changes the certificates of new
 * handshakes without touching the connector, and a connection keeps the one it got. With
 * {@code sniStrict}, a handshake whose name no certificate serves gets none and fails.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    private final Supplier<CertificateTable> current;
    private final Supplier<CertificateTable> previous;
    private final boolean sniStrict;
    /** The engine's own form of the keys, or null to hand them on as loaded (the JDK's engine). */
    private final ProviderKeys engineKeys;

    SniKeyManager(Supplier<CertificateTable> current, Supplier<CertificateTable> previous, boolean sniStrict) {
        this(current, previous, sniStrict, null);
    }

    /** @param engineProvider the TLS engine's provider whose keys it uses natively (Conscrypt), or null */
    SniKeyManager(Supplier<CertificateTable> current, Supplier<CertificateTable> previous, boolean sniStrict,
                  Provider engineProvider) {
        this.current = current;
        this.previous = previous;
        this.sniStrict = sniStrict;
        this.engineKeys = engineProvider == null ? null : new ProviderKeys(engineProvider);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return choose(keyType, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return choose(keyType, socket instanceof SSLSocket s ? s.getHandshakeSession() : null);
    }

    private String choose(String keyType, SSLSession handshake) {
        CertificateTable table = current.get();
        String serverName = serverName(handshake);
        List<CertifiedKey> candidates = table.select(serverName);
        if (candidates.isEmpty()) {
            if (sniStrict) {
                return null;
            }
            candidates = List.of(table.defaultCertificate());
        }
        for (CertifiedKey c : candidates) {
            if (serves(c, keyType)) {
                return CertificateTable.aliasOf(c);
            }
        }
        return null;
    }

    /** JSSE asks once per key type the client's signature schemes allow (RSA, EC, EdDSA, ...). */
    private static boolean serves(CertifiedKey c, String keyType) {
        return c.keyType().equals(keyType);
    }

    static String serverName(SSLSession handshake) {
        if (handshake instanceof ExtendedSSLSession extended) {
            for (SNIServerName name : extended.getRequestedServerNames()) {
                if (name instanceof SNIHostName host) {
                    return host.getAsciiName();
                }
            }
        }
        return null;
    }

    private CertifiedKey find(String alias) {
        CertifiedKey c = current.get().byAlias(alias);
        if (c == null) {
            CertificateTable before = previous.get();
            c = before == null ? null : before.byAlias(alias);
        }
        return c;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        CertifiedKey c = find(alias);
        return c == null ? null : c.chain().toArray(X509Certificate[]::new);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        CertifiedKey c = find(alias);
        if (c == null) {
            return null;
        }
        return engineKeys == null ? c.key() : engineKeys.of(c.key());
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        CertificateTable table = current.get();
        List<CertifiedKey> all = new java.util.ArrayList<>(table.all());
        all.add(table.defaultCertificate());
        return all.stream().filter(c -> c.keyType().equals(keyType)).map(CertificateTable::aliasOf).toArray(String[]::new);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }
}
