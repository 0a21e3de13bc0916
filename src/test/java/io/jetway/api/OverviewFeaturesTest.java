package io.jetway.api;

import io.jetway.config.StaticConfig;
import io.jetway.config.StaticConfigParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code /api/overview}'s features and providers say what the static configuration turned on, under Traefik's names. */
class OverviewFeaturesTest {

    @Test
    void metricsAndAccessLogAsConfigured() throws Exception {
        StaticConfig on = StaticConfigParser.parse(new String[]{"--metrics.prometheus", "--accesslog",
                "--providers.file.directory=/tmp", "--providers.kubernetescrd", "--providers.kubernetesingress"});
        assertEquals(new Representations.Features("", "Prometheus", true), ManagementResource.features(on));
        assertEquals(List.of("File", "KubernetesCRD", "KubernetesIngress"), ManagementResource.providers(on));

        StaticConfig off = StaticConfigParser.parse(new String[0]);
        assertEquals(new Representations.Features("", "", false), ManagementResource.features(off));
        assertNull(ManagementResource.providers(off), "no providers: the key is left out, as Traefik does");
    }
}
