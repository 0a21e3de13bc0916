package io.jetway.config;

import java.util.Locale;

/** The key type of certificates an ACME resolver orders, with Traefik's names ({@code keyType}). */
public enum AcmeKeyType {
    EC256, EC384, RSA2048, RSA4096, RSA8192;

    /** Case-insensitive; the message names the accepted values. */
    static AcmeKeyType parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            throw new IllegalArgumentException("invalid key type \"" + value + "\" (expected EC256, EC384, RSA2048, RSA4096 or RSA8192)");
        }
    }
}
