package io.jetway.tls;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Private keys as the TLS engine's own provider holds them. Conscrypt turns a key of another
 * provider into its native form on every handshake, and more than once (for each key type of the
 * ciphers on offer): it parses the key's PKCS#8 encoding again each time, which made a new TLS
 * connection cost about 1.9 ms of CPU (docs/performance.md). A key made by its own KeyFactory
 * carries the native key, so each certificate's key is converted once. A key the provider cannot
 * take is handed on as it is, as before.
 */
final class ProviderKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderKeys.class);
    /** Reloads bring new key objects; past this many, the old ones are forgotten. */
    private static final int MAX_KEYS = 4096;

    private final Provider provider;
    private final Map<PrivateKey, PrivateKey> converted = new IdentityHashMap<>();

    ProviderKeys(Provider provider) {
        this.provider = provider;
    }

    synchronized PrivateKey of(PrivateKey key) {
        PrivateKey known = converted.get(key);
        if (known == null) {
            if (converted.size() >= MAX_KEYS) {
                converted.clear();
            }
            known = convert(key);
            converted.put(key, known);
        }
        return known;
    }

    private PrivateKey convert(PrivateKey key) {
        byte[] encoded = key.getEncoded();
        if (encoded == null || !"PKCS#8".equals(key.getFormat())) {
            return key;
        }
        try {
            return KeyFactory.getInstance(key.getAlgorithm(), provider).generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (GeneralSecurityException | RuntimeException e) {
            LOG.debug("event=tls-key-not-converted provider={} algorithm={}", provider.getName(), key.getAlgorithm(), e);
            return key;
        }
    }
}
