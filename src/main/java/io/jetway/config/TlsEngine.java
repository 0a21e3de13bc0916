package io.jetway.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which SSLEngine serves the entry points' TLS (Jetway's {@code --tls.engine}): Conscrypt
 * (BoringSSL, much cheaper handshakes) when it loads, the JDK's otherwise ({@link #AUTO}), or one
 * of them forced.
 */
public enum TlsEngine {
    AUTO, CONSCRYPT, JDK;

    /** The engine named (case-insensitively); IllegalArgumentException naming the choices otherwise. */
    public static TlsEngine parse(String value) {
        String name = value.trim().toUpperCase(Locale.ROOT);
        for (TlsEngine engine : values()) {
            if (engine.name().equals(name)) {
                return engine;
            }
        }
        throw new IllegalArgumentException("invalid TLS engine \"" + value + "\" (expected one of "
                + Arrays.stream(values()).map(TlsEngine::flagValue).collect(Collectors.joining(", ")) + ")");
    }

    /** How the flag spells it. */
    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
