package io.jetway.dynamic;

import java.util.List;

/**
 * A TCP router's {@code tls} section.
 *
 * @param passthrough  the ClientHello and everything after it go to the backend untouched
 * @param options      qualified TLSOption name; null for the default options
 * @param certResolver name of a certificates resolver (ACME); null for none
 * @param domains      the domains to get certificates for, when not taken from the rule's HostSNI parts
 */
public record TcpRouterTls(boolean passthrough, String options, String certResolver, List<TlsDomain> domains) {

    public TcpRouterTls {
        domains = List.copyOf(domains);
    }
}
