package io.jetway.bootstrap;

import io.jetway.config.RequestPathConfig;
import io.jetway.config.StaticConfig;
import io.jetway.server.entry.EntryPoint;
import io.jetway.server.entry.EntryPoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarConfigurationTest {

    @Test
    void theMostSpecificSourceNamesTheConfigurationFile() {
        assertEquals(Path.of("/ctx.yaml"), WarConfiguration.location("/ctx.yaml", "/prop.yaml", "/env.yaml"));
        assertEquals(Path.of("/prop.yaml"), WarConfiguration.location(null, "/prop.yaml", "/env.yaml"));
        assertEquals(Path.of("/env.yaml"), WarConfiguration.location(" ", null, "/env.yaml"));
        assertNull(WarConfiguration.location(null, null, null));
    }

    @Test
    void requestsBelongToTheEntryPointWhosePortTheyArriveOnElseWeb(@TempDir Path dir) throws Exception {
        StaticConfig config = read(dir, """
                entryPoints:
                  web:
                    address: ":8080"
                  internal:
                    address: "127.0.0.1:9090"
                    forwardedHeaders:
                      insecure: true
                """);
        EntryPoints entryPoints = WarConfiguration.entryPoints(config);
        assertEquals("web", entryPoints.forLocalPort(8080).name());
        assertEquals("internal", entryPoints.forLocalPort(9090).name());
        assertTrue(entryPoints.forLocalPort(9090).insecureForwardedHeaders());
        assertEquals("web", entryPoints.forLocalPort(7777).name());
        assertEquals(EntryPoint.Role.ROUTES, entryPoints.forLocalPort(8080).role());
    }

    @Test
    void webExistsEvenWhenNotConfigured(@TempDir Path dir) throws Exception {
        EntryPoints entryPoints = WarConfiguration.entryPoints(read(dir, """
                entryPoints:
                  websecure:
                    address: ":8443"
                """));
        assertEquals("websecure", entryPoints.forLocalPort(8443).name());
        assertEquals("web", entryPoints.forLocalPort(8080).name());
        assertEquals(List.of("websecure", "web"), entryPoints.names());
    }

    @Test
    void theInsecureApiAnswersOnEveryPortAndTheTraefikEntryPointGetsNone(@TempDir Path dir) throws Exception {
        StaticConfig config = read(dir, """
                entryPoints:
                  web:
                    address: ":8000"
                  traefik:
                    address: ":8080"
                api:
                  insecure: true
                """);
        EntryPoints entryPoints = WarConfiguration.entryPoints(config);
        // Tomcat's usual port is traefik's default: it must not turn into a management-only port.
        assertEquals("web", entryPoints.forLocalPort(8080).name());
        assertEquals(EntryPoint.Role.ROUTES_AND_MANAGEMENT, entryPoints.forLocalPort(8080).role());
        assertEquals(EntryPoint.Role.ROUTES_AND_MANAGEMENT, entryPoints.forLocalPort(8000).role());
        assertTrue(WarConfiguration.unavailable(config).stream().anyMatch(m -> m.startsWith("entrypoint=traefik ")));
    }

    @Test
    void layer4ObjectsInTheDynamicConfigurationAreReportedAsNotServed() {
        io.jetway.dynamic.Layer4Config udpOnly = new io.jetway.dynamic.Layer4Config(java.util.Map.of(), java.util.Map.of(),
                java.util.Map.of(), java.util.Map.of(), java.util.Map.of("r", new io.jetway.dynamic.UdpRouterConfig("r",
                java.util.List.of(), "s", null)), java.util.Map.of());

        assertTrue(WarConfiguration.usesLayer4(new io.jetway.dynamic.DynamicConfig(java.util.Map.of(), java.util.Map.of(), java.util.Map.of(),
                java.util.List.of(), java.util.Map.of(), null, udpOnly)));
        assertTrue(!WarConfiguration.usesLayer4(io.jetway.dynamic.DynamicConfig.EMPTY));
        assertTrue(WarConfiguration.LAYER4_UNAVAILABLE.contains("IngressRouteTCP"));
    }

    @Test
    void whatTheContainerOwnsIsReportedOnceEach(@TempDir Path dir) throws Exception {
        StaticConfig config = read(dir, """
                entryPoints:
                  web:
                    address: "10.0.0.1:8000"
                    transport:
                      lifecycle:
                        graceTimeout: 30s
                      respondingTimeouts:
                        readTimeout: 5s
                  other:
                    address: ":9000"
                  dns:
                    address: ":5353/udp"
                """);
        List<String> messages = WarConfiguration.unavailable(config);
        assertEquals(1, messages.stream().filter(m -> m.contains("entrypoint=web") && m.contains("respondingTimeouts")).count());
        assertEquals(1, messages.stream().filter(m -> m.contains("entrypoint=web") && m.contains("10.0.0.1")).count());
        assertEquals(1, messages.stream().filter(m -> m.contains("entrypoint=web") && m.contains("lifecycle")).count());
        assertTrue(messages.stream().noneMatch(m -> m.contains("entrypoint=other")));
        assertEquals(1, messages.stream().filter(m -> m.contains("feature=websocket")).count());
        assertEquals(1, messages.stream().filter(m -> m.contains("entrypoint=dns") && m.contains("UDP")).count());
        assertTrue(messages.stream().noneMatch(m -> m.contains("feature=layer4")),
                "TCP and UDP objects are reported when the configuration has some, not at every start");
        assertTrue(messages.stream().noneMatch(m -> m.contains("feature=acme") || m.contains("http.tls")),
                "nothing about TLS or ACME when neither is configured: " + messages);
    }

    @Test
    void tlsOnAnEntryPointAndCertificatesResolversAreReportedAsTheContainersBusiness(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jetway.yaml");
        Files.writeString(file, """
                entryPoints:
                  websecure:
                    address: ":8443"
                    http:
                      tls: {}
                certificatesResolvers:
                  le:
                    acme:
                      email: ops@example.com
                      tlsChallenge: {}
                """);
        List<String> messages = WarConfiguration.unavailable(WarConfiguration.read(file));
        assertEquals(1, messages.stream().filter(m -> m.contains("entrypoint=websecure") && m.contains("http.tls")).count(), messages.toString());
        assertEquals(1, messages.stream().filter(m -> m.contains("feature=acme")).count(), messages.toString());
    }

    @Test
    void aBadFileFailsWithTheSettingNamed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jetway.yaml");
        Files.writeString(file, "entryPoints:\n  web:\n    adress: \":80\"\n");
        Exception e = assertThrows(Exception.class, () -> WarConfiguration.read(file));
        assertTrue(e.getMessage().contains("adress"), e.getMessage());
    }

    @Test
    void noFileMeansTheDefaults() throws Exception {
        StaticConfig config = WarConfiguration.read(null);
        assertNull(config.fileProvider());
        assertEquals("web", WarConfiguration.entryPoints(config).forLocalPort(1234).name());
    }

    @Test
    void everyEntryPointCleansPathsWithTraefiksDefaultsUnlessConfigured(@TempDir Path dir) throws Exception {
        assertEquals(RequestPathConfig.DEFAULTS, WarConfiguration.entryPoints(WarConfiguration.read(null))
                .forLocalPort(8080).paths().config(), "no configuration file at all");
        EntryPoints entryPoints = WarConfiguration.entryPoints(read(dir, """
                entryPoints:
                  internal:
                    address: ":9090"
                    http:
                      sanitizePath: false
                      encodedCharacters:
                        allowEncodedSlash: false
                """));
        assertEquals(RequestPathConfig.DEFAULTS, entryPoints.forLocalPort(8080).paths().config(), "web, not configured");
        RequestPathConfig internal = entryPoints.forLocalPort(9090).paths().config();
        assertFalse(internal.sanitizePath());
        assertFalse(internal.encodedCharacters().allowEncodedSlash());
    }

    private static StaticConfig read(Path dir, String yaml) throws Exception {
        Path file = dir.resolve("jetway.yaml");
        Files.writeString(file, yaml);
        return WarConfiguration.read(file);
    }
}
