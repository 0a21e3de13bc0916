package io.jetway.service.health;

import io.jetway.model.HealthCheck;

/** One server to check actively, with the check and the health it updates. */
public record HealthTarget(String service, String serverUrl, HealthCheck check, ServerHealth health) {

    /** Targets with the same key are the same check: a reload that keeps it keeps its schedule. */
    public String key() {
        return service + " " + serverUrl;
    }
}
