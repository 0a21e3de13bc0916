package io.jetway.model;

import java.util.List;

/** The TLS part of the dynamic configuration: certificates that providers found (Secrets named by routes). */
public record TlsConfig(List<TlsCertificate> certificates) {

    public static final TlsConfig EMPTY = new TlsConfig(List.of());

    public TlsConfig {
        certificates = List.copyOf(certificates);
    }
}
