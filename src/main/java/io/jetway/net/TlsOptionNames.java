package io.jetway.net;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Traefik's (Go's) names for TLS versions, cipher suites, curves and client authentication modes,
 * mapped to JSSE's. An unknown name throws IllegalArgumentException saying which names are known.
 */
public final class TlsOptionNames {

    private static final Map<String, String> VERSIONS = Map.of(
            "VersionTLS10", "TLSv1",
            "VersionTLS11", "TLSv1.1",
            "VersionTLS12", "TLSv1.2",
            "VersionTLS13", "TLSv1.3");

    /** JSSE's protocol names, oldest first. */
    public static final List<String> PROTOCOLS = List.of("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");

    /** TLS 1.3 suites: Go always enables them whatever cipherSuites says. */
    public static final List<String> TLS13_SUITES =
            List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    /** Go's suite names are IANA's, except the short ChaCha20 aliases. */
    private static final List<String> GO_SUITES = List.of(
            "TLS_RSA_WITH_RC4_128_SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA",
            "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_RC4_128_SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256");

    private static final Map<String, String> CURVES = Map.ofEntries(
            Map.entry("curvep256", "secp256r1"), Map.entry("secp256r1", "secp256r1"), Map.entry("p-256", "secp256r1"),
            Map.entry("curvep384", "secp384r1"), Map.entry("secp384r1", "secp384r1"), Map.entry("p-384", "secp384r1"),
            Map.entry("curvep521", "secp521r1"), Map.entry("secp521r1", "secp521r1"), Map.entry("p-521", "secp521r1"),
            Map.entry("x25519", "x25519"));

    public static final List<String> CLIENT_AUTH_TYPES = List.of("NoClientCert", "RequestClientCert",
            "RequireAnyClientCert", "VerifyClientCertIfGiven", "RequireAndVerifyClientCert");

    private TlsOptionNames() {
    }

    public static String version(String goName) {
        String jsse = VERSIONS.get(goName);
        if (jsse == null) {
            throw new IllegalArgumentException("unknown TLS version \"" + goName + "\" (VersionTLS10, VersionTLS11, VersionTLS12 or VersionTLS13)");
        }
        return jsse;
    }

    public static String cipherSuite(String goName) {
        String name = goName.endsWith("_CHACHA20_POLY1305") ? goName + "_SHA256" : goName;
        if (!GO_SUITES.contains(name)) {
            throw new IllegalArgumentException("unknown cipher suite \"" + goName + "\"");
        }
        return name;
    }

    public static String curve(String goName) {
        String jsse = CURVES.get(goName.toLowerCase(Locale.ROOT));
        if (jsse == null) {
            throw new IllegalArgumentException("unknown curve \"" + goName + "\" (CurveP256, CurveP384, CurveP521 or X25519)");
        }
        return jsse;
    }

    public static String clientAuthType(String name) {
        if (!CLIENT_AUTH_TYPES.contains(name)) {
            throw new IllegalArgumentException("unknown clientAuthType \"" + name + "\" (" + String.join(", ", CLIENT_AUTH_TYPES) + ")");
        }
        return name;
    }
}
