package io.jetway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --configfile=traefik.toml} reads like the YAML form: the same configuration, the same errors with lines. */
class TomlConfigFileTest {

    static final String YAML = """
            entryPoints:
              web:
                address: ":8000"
              websecure:
                address: ":8443"
                http:
                  tls:
                    domains:
                      - main: example.com
                        sans: [www.example.com, api.example.com]
            providers:
              file:
                directory: /etc/jetway/manifests
                watch: false
              kubernetesCRD:
                allowCrossNamespace: true
            api:
              insecure: true
            log:
              level: INFO
              format: json
            accessLog:
              filePath: /var/log/access.log
            metrics:
              prometheus:
                buckets: [0.1, 0.5, 2.0]
            certificatesResolvers:
              le:
                acme:
                  email: ops@example.com
                  storage: /data/acme.json
                  httpChallenge:
                    entryPoint: web
            """;

    static final String TOML = """
            # Traefik's TOML form of the same configuration
            [entryPoints]
              [entryPoints.web]
                address = ":8000"
              [entryPoints.websecure]
                address = ":8443"
                [[entryPoints.websecure.http.tls.domains]]
                  main = "example.com"
                  sans = ["www.example.com", "api.example.com"]

            [providers.file]
              directory = "/etc/jetway/manifests"
              watch = false

            [providers.kubernetesCRD]
              allowCrossNamespace = true

            [api]
              insecure = true

            [log]
              level = "INFO"
              format = "json"

            [accessLog]
              filePath = "/var/log/access.log"

            [metrics.prometheus]
              buckets = [0.1, 0.5, 2.0]

            [certificatesResolvers.le.acme]
              email = "ops@example.com"
              storage = "/data/acme.json"
              [certificatesResolvers.le.acme.httpChallenge]
                entryPoint = "web"
            """;

    @Test
    void theTomlFormGivesTheSameConfigurationAsTheYamlForm(@TempDir Path dir) throws Exception {
        Path yaml = Files.writeString(dir.resolve("traefik.yml"), YAML);
        Path toml = Files.writeString(dir.resolve("traefik.toml"), TOML);
        StaticConfig fromYaml = StaticConfigParser.parse(new String[]{"--configfile=" + yaml});
        StaticConfig fromToml = StaticConfigParser.parse(new String[]{"--configfile=" + toml});
        assertEquals(fromYaml.entryPoints(), fromToml.entryPoints());
        assertEquals(fromYaml.fileProvider(), fromToml.fileProvider());
        assertEquals(fromYaml.kubernetesCrd(), fromToml.kubernetesCrd());
        assertEquals(fromYaml.api(), fromToml.api());
        assertEquals(fromYaml.log(), fromToml.log());
        assertEquals(fromYaml.accessLog(), fromToml.accessLog());
        assertEquals(fromYaml.metrics(), fromToml.metrics());
        assertEquals(fromYaml.certificateResolvers(), fromToml.certificateResolvers());
        assertEquals("json", fromToml.log().format());
        assertEquals(2, fromToml.entryPoints().get("websecure").tls().domains().get(0).sans().size());
    }

    @Test
    void problemsNameTheirLines(@TempDir Path dir) throws Exception {
        Path toml = Files.writeString(dir.resolve("traefik.toml"), """
                [global]
                  checkNewVersion = false
                [entryPoints.web]
                  adress = ":8000"
                [providers.docker]
                  exposedByDefault = false
                """);
        ConfigException error = assertThrows(ConfigException.class, () -> StaticConfigParser.parse(new String[]{"--configfile=" + toml}));
        assertEquals("--configfile: 2 settings of " + toml + " cannot be used:\n"
                + "  line 4: entryPoints.web.adress: unknown setting (did you mean entrypoints.web.address?)\n"
                + "  line 6: providers.docker.exposedByDefault: not supported by Jetway", error.getMessage());

        Path broken = Files.writeString(dir.resolve("broken.toml"), "[entryPoints.web]\naddress = \":80\"\naddress = \":81\"\n");
        ConfigException invalid = assertThrows(ConfigException.class, () -> StaticConfigParser.parse(new String[]{"--configfile=" + broken}));
        assertTrue(invalid.getMessage().startsWith("--configfile: invalid TOML in " + broken), invalid.getMessage());

        // Hostile nesting is a refused file (exit 2), never a crashed start.
        Path deep = Files.writeString(dir.resolve("deep.toml"), "a = " + "[".repeat(200_000) + "]".repeat(200_000) + "\n");
        ConfigException nested = assertThrows(ConfigException.class, () -> StaticConfigParser.parse(new String[]{"--configfile=" + deep}));
        assertTrue(nested.getMessage().startsWith("--configfile: invalid TOML in " + deep), nested.getMessage());
    }
}
