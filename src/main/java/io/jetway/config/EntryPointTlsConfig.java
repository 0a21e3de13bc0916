package io.jetway.config;

import io.jetway.dynamic.TlsDomain;

import java.util.List;

/**
 * {@code entryPoints.<name>.http.tls}: every router of the entry point terminates TLS with these
 * settings unless it has a tls section of its own.
 *
 * @param options      TLS options name as routers reference it; null for the default options
 * @param certResolver certificates resolver name; null for none
 */
public record EntryPointTlsConfig(String options, String certResolver, List<TlsDomain> domains) {

    public EntryPointTlsConfig {
        domains = List.copyOf(domains);
    }
}
