package io.jetway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The providers.kubernetesingress.* flags: Traefik's names, case-insensitive, also in the configuration file. */
class KubernetesIngressFlagsTest {

    @TempDir
    Path dir;

    @Test
    void offByDefault() throws ConfigException {
        assertEquals(KubernetesIngressConfig.DISABLED, StaticConfigParser.parse(new String[0]).kubernetesIngress());
    }

    @Test
    void everyFlagIsKept() throws ConfigException {
        KubernetesIngressConfig c = StaticConfigParser.parse(new String[] {
            "--providers.kubernetesingress",
            "--providers.kubernetesIngress.ingressClass=traefik-internal",
            "--providers.kubernetesingress.allowexternalnameservices=true",
            "--providers.kubernetesingress.allowEmptyServices",
            "--providers.kubernetesingress.nativelbbydefault=true",
            "--providers.kubernetesingress.labelselector=app=web,tier in (front,edge)",
            "--providers.kubernetesingress.namespaces=default,team",
            "--providers.kubernetesingress.throttleduration=2s",
            "--providers.kubernetesingress.ingressendpoint.ip=203.0.113.7",
            "--providers.kubernetesingress.ingressendpoint.hostname=lb.example.com",
            "--providers.kubernetesingress.ingressendpoint.publishedservice=kube-system/jetway",
            "--providers.kubernetesingress.endpoint=https://10.0.0.1:6443",
            "--providers.kubernetesingress.token=s3cr3t-token",
            "--providers.kubernetesingress.certauthfilepath=/var/run/ca.crt",
        }).kubernetesIngress();

        assertEquals(new KubernetesIngressConfig(true, "traefik-internal", true, true, true, "app=web,tier in (front,edge)",
                List.of("default", "team"), Duration.ofSeconds(2),
                new KubernetesIngressConfig.IngressEndpoint("203.0.113.7", "lb.example.com", "kube-system/jetway"),
                "https://10.0.0.1:6443", "s3cr3t-token", "/var/run/ca.crt"), c);
        assertFalse(c.toString().contains("s3cr3t"), "the token never reaches a log line");
        assertTrue(c.toString().contains("token=<redacted>"));
    }

    @Test
    void anOptionTurnsTheProviderOnAsInTraefik() throws ConfigException {
        assertTrue(StaticConfigParser.parse(new String[] {"--providers.kubernetesingress.ingressclass=x"}).kubernetesIngress().enabled());
        assertFalse(StaticConfigParser.parse(new String[] {"--providers.kubernetesingress=false"}).kubernetesIngress().enabled());
    }

    @Test
    void configFileSection() throws Exception {
        Path file = dir.resolve("jetway.yaml");
        Files.writeString(file, """
                providers:
                  kubernetesIngress:
                    ingressClass: traefik-internal
                    namespaces: [a, b]
                    ingressEndpoint:
                      publishedService: default/jetway
                """);
        KubernetesIngressConfig c = StaticConfigParser.parse(new String[] {"--configfile=" + file}).kubernetesIngress();

        assertTrue(c.enabled());
        assertEquals("traefik-internal", c.ingressClass());
        assertEquals(List.of("a", "b"), c.namespaces());
        assertEquals("default/jetway", c.ingressEndpoint().publishedService());

        Files.writeString(file, "providers:\n  kubernetesIngress: {}\n");
        assertTrue(StaticConfigParser.parse(new String[] {"--configfile=" + file}).kubernetesIngress().enabled());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--providers.kubernetesingress.labelselector=app in (a | --providers.kubernetesingress.labelselector",
        "--providers.kubernetesingress.throttleduration=soon   | --providers.kubernetesingress.throttleduration",
        "--providers.kubernetesingress.ingressendpoint.publishedservice=jetway | --providers.kubernetesingress.ingressendpoint.publishedservice",
        "--providers.kubernetesingress=maybe                   | --providers.kubernetesingress",
    })
    void badValuesNameTheFlag(String arg, String flag) {
        ConfigException e = assertThrows(ConfigException.class, () -> StaticConfigParser.parse(new String[] {arg}));

        assertTrue(e.getMessage().startsWith(flag + ":") || e.getMessage().contains(flag), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
