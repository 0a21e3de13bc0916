package io.jetway.dynamic;

import io.jetway.kube.ObjectRef;

import java.util.List;

/**
 * A TLSOption, already checked: protocol and suite names are JSSE's.
 *
 * @param minVersion       JSSE protocol name ({@code TLSv1.2}); null for the default (TLS 1.2)
 * @param maxVersion       JSSE protocol name; null for the newest supported
 * @param cipherSuites     JSSE cipher suite names for TLS 1.0-1.2; empty for the JVM's defaults
 * @param curvePreferences JSSE named groups ({@code secp256r1}, {@code x25519}); empty for the defaults
 * @param clientAuthType   one of Traefik's five modes ({@code NoClientCert} ... {@code RequireAndVerifyClientCert})
 * @param clientCaPems     PEM CA certificates client certificates are verified against
 * @param sniStrict        refuse handshakes whose server name matches no certificate
 * @param alpnProtocols    ALPN protocols offered, in preference order
 * @param source           the TLSOption, for problems; null for the built-in default
 */
public record TlsOptionsConfig(String minVersion, String maxVersion, List<String> cipherSuites,
                               List<String> curvePreferences, String clientAuthType, List<String> clientCaPems,
                               boolean sniStrict, List<String> alpnProtocols, ObjectRef source) {

    /** The name routers use for the default options. */
    public static final String DEFAULT_NAME = "default";

    public static final TlsOptionsConfig DEFAULTS = new TlsOptionsConfig("TLSv1.2", null, List.of(), List.of(),
            "NoClientCert", List.of(), false, List.of("h2", "http/1.1"), null);

    public TlsOptionsConfig {
        cipherSuites = List.copyOf(cipherSuites);
        curvePreferences = List.copyOf(curvePreferences);
        clientCaPems = List.copyOf(clientCaPems);
        alpnProtocols = List.copyOf(alpnProtocols);
    }
}
