package io.jetway.config;

/**
 * The management API and the dashboard (Traefik's {@code api} section).
 *
 * @param enabled   {@code --api}, or any {@code --api.*} option
 * @param insecure  serve /api and /dashboard/ on the entry point {@code traefik}; otherwise only
 *                  routes to {@code api@internal} / {@code dashboard@internal} reach them
 * @param dashboard serve the dashboard beside the API
 */
public record ApiConfig(boolean enabled, boolean insecure, boolean dashboard) {

    public static final ApiConfig DISABLED = new ApiConfig(false, false, true);

    /** The entry point Traefik creates for the API, ping and metrics when nothing else is named. */
    public static final String MANAGEMENT_ENTRY_POINT = "traefik";
    public static final int MANAGEMENT_PORT = 8080;

    /** Whether /api is served on the entry point {@code traefik} without a route. */
    public boolean servedOnManagementEntryPoint() {
        return enabled && insecure;
    }

    /** Whether /dashboard/ is served at all. */
    public boolean dashboardEnabled() {
        return enabled && dashboard;
    }
}
