package io.jetway.service.health;

import io.jetway.dynamic.HealthCheck;
import io.jetway.dynamic.ServersTransport;

/**
 * One server to check actively, with the check and the health it updates.
 *
 * @param transport the servers transport requests to the server use (its TLS settings apply to
 *                  the checks too), or null for the default one
 */
public record HealthTarget(String service, String serverUrl, HealthCheck check, ServerHealth health,
                           ServersTransport transport) {

    public HealthTarget(String service, String serverUrl, HealthCheck check, ServerHealth health) {
        this(service, serverUrl, check, health, null);
    }

    /** Targets with the same key are the same check: a reload that keeps it keeps its schedule. */
    public String key() {
        return service + " " + serverUrl;
    }
}
