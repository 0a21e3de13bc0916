package io.jetway.tls.acme;

import io.jetway.dynamic.TlsDomain;

/**
 * A certificate as kept in storage (Traefik's acme.json entry).
 *
 * @param domain         the main domain and SANs it was ordered for
 * @param certificatePem the chain, leaf first, PEM
 * @param keyPem         the private key, PEM (PKCS#8); a secret
 * @param store          the TLS store it belongs to ({@code default})
 */
public record StoredCertificate(TlsDomain domain, String certificatePem, String keyPem, String store) {

    public static final String DEFAULT_STORE = "default";

    @Override
    public String toString() {
        return "StoredCertificate[" + domain + "]";
    }
}
