package io.jetway.config;

/**
 * The health-check endpoint /ping (Traefik's {@code ping} section).
 *
 * @param enabled    {@code --ping}, or {@code --ping.entrypoint}
 * @param entryPoint where /ping answers without a route; {@code traefik} by default
 */
public record PingConfig(boolean enabled, String entryPoint) {

    public static final PingConfig DISABLED = new PingConfig(false, ApiConfig.MANAGEMENT_ENTRY_POINT);
}
