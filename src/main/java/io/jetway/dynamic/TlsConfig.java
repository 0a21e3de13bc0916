package io.jetway.dynamic;

import java.util.List;
import java.util.Map;

/**
 * The TLS part of the dynamic configuration: certificates that providers found (Secrets named by
 * routes), the TLS options by qualified name ({@code default} replaces the default options) and
 * the TLS stores (only {@code default} is used, as in Traefik).
 */
public record TlsConfig(List<TlsCertificate> certificates, Map<String, TlsOptionsConfig> options,
                        Map<String, TlsStoreConfig> stores) {

    public static final TlsConfig EMPTY = new TlsConfig(List.of());

    public TlsConfig {
        certificates = List.copyOf(certificates);
        options = Map.copyOf(options);
        stores = Map.copyOf(stores);
    }

    public TlsConfig(List<TlsCertificate> certificates) {
        this(certificates, Map.of(), Map.of());
    }
}
