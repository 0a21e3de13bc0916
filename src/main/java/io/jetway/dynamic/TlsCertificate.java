package io.jetway.dynamic;

import io.jetway.kube.ObjectRef;

import java.util.List;

/**
 * A certificate and its private key, PEM-encoded, as read from a {@code kubernetes.io/tls} Secret.
 *
 * @param source the Secret it came from, for problems and logs (never the key itself)
 * @param stores the TLS stores it belongs to; empty means the {@code default} store
 */
public record TlsCertificate(String certificatePem, String keyPem, ObjectRef source, List<String> stores) {

    public TlsCertificate {
        stores = List.copyOf(stores);
    }

    @Override
    public String toString() {
        return "TlsCertificate[" + source + "]";
    }
}
