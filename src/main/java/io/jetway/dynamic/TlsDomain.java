package io.jetway.dynamic;

import java.util.List;

/** A certificate's main domain and its subject alternative names, as in Traefik's {@code tls.domains}. */
public record TlsDomain(String main, List<String> sans) {

    public TlsDomain {
        sans = List.copyOf(sans);
    }
}
