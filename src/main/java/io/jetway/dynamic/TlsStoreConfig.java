package io.jetway.dynamic;

import io.jetway.kube.ObjectRef;

/**
 * A TLS store: the certificate served when no other matches the server name.
 *
 * @param defaultCertificate the store's defaultCertificate; null for the generated one
 * @param source             the TLSStore, for problems
 */
public record TlsStoreConfig(TlsCertificate defaultCertificate, ObjectRef source) {
}
