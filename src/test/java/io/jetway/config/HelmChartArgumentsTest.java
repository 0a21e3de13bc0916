package io.jetway.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The argument list Traefik's Helm chart (v3) generates for its Deployment, as a user who switches
 * keeps it: every flag is read, none refused.
 */
class HelmChartArgumentsTest {

    static final List<String> CHART_ARGS = List.of(
            "--global.checknewversion",
            "--global.sendanonymoususage",
            "--entryPoints.metrics.address=:9100/tcp",
            "--entryPoints.traefik.address=:8080/tcp",
            "--entryPoints.web.address=:8000/tcp",
            "--entryPoints.websecure.address=:8443/tcp",
            "--api.dashboard=true",
            "--ping=true",
            "--metrics.prometheus=true",
            "--metrics.prometheus.entrypoint=metrics",
            "--providers.kubernetescrd",
            "--providers.kubernetescrd.allowEmptyServices=true",
            "--providers.kubernetesingress",
            "--providers.kubernetesingress.allowEmptyServices=true",
            "--providers.kubernetesingress.ingressendpoint.publishedservice=traefik/traefik",
            "--entryPoints.websecure.http.tls=true",
            "--log.level=INFO",
            "--accesslog=true",
            "--accesslog.fields.defaultmode=keep",
            "--accesslog.fields.headers.defaultmode=drop");

    @Test
    void theChartsArgumentsAreRead() throws Exception {
        StaticConfig config = StaticConfigParser.parse(CHART_ARGS.toArray(String[]::new));
        assertEquals(List.of("metrics", "traefik", "web", "websecure"), List.copyOf(config.entryPoints().keySet()));
        assertEquals(8443, config.entryPoints().get("websecure").port());
        assertEquals("metrics", config.metrics().entryPoint());
        assertTrue(config.metrics().prometheus());
        assertTrue(config.ping().enabled());
        assertTrue(config.kubernetesCrd().enabled() && config.kubernetesCrd().allowEmptyServices());
        assertTrue(config.kubernetesIngress().enabled());
        assertEquals("traefik/traefik", config.kubernetesIngress().ingressEndpoint().publishedService());
        assertTrue(config.accessLog().enabled());
        assertEquals("INFO", config.log().level());
        assertEquals(List.of("global.checkNewVersion", "global.sendAnonymousUsage"), config.withoutEffect());
    }
}
