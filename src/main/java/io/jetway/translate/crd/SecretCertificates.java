package io.jetway.translate.crd;

import io.jetway.util.CertifiedKey;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * A kubernetes.io/tls Secret's pair, checked as the TLS layer will load it: a pair that does not
 * parse or whose key does not match is an error of the object that refers to it; an expired
 * certificate is served anyway, as Traefik does, with a warning on that object.
 */
public final class SecretCertificates {

    private SecretCertificates() {
    }

    /**
     * @param where the referring field and Secret, e.g. {@code spec.tls.secretName: Secret default/x}
     * @param warn  receives the expiry warning
     * @throws TranslationException when the pair cannot be served
     */
    public static void check(String where, String certificatePem, String keyPem, String source, Consumer<String> warn) {
        CertifiedKey key;
        try {
            key = CertifiedKey.parse(certificatePem, keyPem, source);
        } catch (IllegalArgumentException e) {
            throw new TranslationException(where + ": " + e.getMessage());
        }
        Instant notAfter = key.leaf().getNotAfter().toInstant();
        if (key.expiredAt(Instant.now())) {
            warn.accept(where + ": the certificate expired at " + notAfter + "; it is served anyway");
        }
    }
}
