package io.jetway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every option of Traefik v3.7's static configuration is either read by Jetway or refused as "not
 * supported by Jetway", never taken for a typo; a typo gets the nearest flag; a configuration file
 * has all its problems reported in one run, each with its line.
 */
class TraefikStaticOptionsTest {

    static List<String> traefikOptions() throws IOException {
        try (InputStream in = TraefikStaticOptions.class.getResourceAsStream("traefik-static-options.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.replace("<name>", "x").replace("[<n>]", "[0]"))
                    .toList();
        }
    }

    @Test
    void everyTraefikOptionIsReadOrRefusedAsUnsupported() throws Exception {
        List<String> options = traefikOptions();
        assertTrue(options.size() > 500, "Traefik v3.7 has over 500 static options: " + options.size());
        List<String> supported = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        for (String option : options) {
            try {
                StaticConfigParser.parse(new String[]{"--" + option + "=1"});
                supported.add(option);
            } catch (ConfigException e) {
                assertFalse(e.getMessage().contains("unknown flag"), option + " taken for a typo: " + e.getMessage());
                (e.getMessage().endsWith("not supported by Jetway") ? unsupported : supported).add(option);
            }
        }
        assertTrue(supported.contains("entrypoints.x.address") && supported.contains("log.format"), supported.toString());
        assertTrue(unsupported.contains("providers.docker") && unsupported.contains("experimental.plugins.x.modulename"),
                unsupported.toString());
    }

    @Test
    void aTypoGetsTheNearestFlagAndNothingFarAway() {
        assertEquals("entrypoints.web.address", TraefikStaticOptions.nearestFlag("entrypoints.web.adress"));
        assertEquals("providers.kubernetescrd.endpoint", TraefikStaticOptions.nearestFlag("providers.kubernetesCRD.endpont"));
        assertEquals(null, TraefikStaticOptions.nearestFlag("something.else.entirely"));
        assertFalse(TraefikStaticOptions.isTraefikOption("entrypoints.web.adress"));
        assertTrue(TraefikStaticOptions.isTraefikOption("entryPoints.web.http.tls.domains[3].main"));
        assertFalse(TraefikStaticOptions.isTraefikOption("entryPoints.web.http.tls.domains[x].main"));
    }

    @Test
    void aFilesProblemsAreReportedTogetherWithTheirLines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("traefik.yml");
        Files.writeString(file, """
                entryPoints:
                  web:
                    address: ":8000"
                    adress: ":8001"
                providers:
                  docker:
                    exposedByDefault: false
                  kubernetesCRD: {}
                experimental:
                  plugins:
                    demo:
                      moduleName: github.com/x/y
                log:
                  level: LOUD
                """);
        ConfigException error = assertThrows(ConfigException.class,
                () -> StaticConfigParser.parse(new String[]{"--configfile=" + file}));
        assertEquals("--configfile: 4 settings of " + file + " cannot be used:\n"
                + "  line 4: entryPoints.web.adress: unknown setting (did you mean entrypoints.web.address?)\n"
                + "  line 7: providers.docker.exposedByDefault: not supported by Jetway\n"
                + "  line 12: experimental.plugins.demo.moduleName: not supported by Jetway\n"
                + "  line 14: log.level: invalid level \"LOUD\" (expected one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL, PANIC)",
                error.getMessage());
    }
}
