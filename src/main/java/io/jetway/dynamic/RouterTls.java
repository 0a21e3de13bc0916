package io.jetway.dynamic;

import java.util.List;

/**
 * A router's {@code tls} section: present means the router terminates TLS (an empty section uses the
 * default certificate and options).
 *
 * @param options      qualified TLSOption name ({@code default-mytlsoption@kubernetescrd}); null for the default options
 * @param certResolver name of a certificates resolver (ACME); null for none
 * @param domains      the domains to get certificates for, when not taken from the rule's Host parts
 */
public record RouterTls(String options, String certResolver, List<TlsDomain> domains) {

    public static final RouterTls DEFAULT = new RouterTls(null, null, List.of());

    public RouterTls {
        domains = List.copyOf(domains);
    }
}
