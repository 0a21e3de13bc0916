package io.jetway.config;

import io.jetway.dynamic.TlsDomain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --entrypoints.<name>.http.tls.domains[n].main/.sans}, and the same list in the configuration file. */
class EntryPointTlsDomainsFlagsTest {

    @TempDir
    Path dir;

    @Test
    void indexedFlagsBuildTheDomainsInIndexOrder() throws ConfigException {
        StaticConfig config = StaticConfigParser.parse(new String[] {
                "--entrypoints.websecure.address=:8443",
                "--entrypoints.websecure.http.tls.certresolver=le",
                "--entryPoints.websecure.http.tls.domains[1].main=Other.Example.org",
                "--entrypoints.websecure.http.tls.domains[0].sans=a.example.com, b.example.com",
                "--entrypoints.websecure.http.tls.domains[0].main=example.com"});
        assertEquals(new EntryPointTlsConfig(null, "le", List.of(
                        new TlsDomain("example.com", List.of("a.example.com", "b.example.com")),
                        new TlsDomain("other.example.org", List.of()))),
                config.entryPoints().get("websecure").tls());
    }

    @Test
    void domainsAloneTurnTlsOn() throws ConfigException {
        StaticConfig config = StaticConfigParser.parse(new String[] {
                "--entrypoints.websecure.address=:8443",
                "--entrypoints.websecure.http.tls.domains[0].main=*.example.com"});
        assertEquals(List.of(new TlsDomain("*.example.com", List.of())), config.entryPoints().get("websecure").tls().domains());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--entrypoints.websecure.http.tls.domains[0].main=exa mple.com|--entrypoints.websecure.http.tls.domains[0].main|invalid domain name",
            "--entrypoints.websecure.http.tls.domains[0].sans=ok.example.com,-bad.example.com|--entrypoints.websecure.http.tls.domains[0].sans|invalid domain name",
            "--entrypoints.websecure.http.tls.domains[2].sans=a.example.com|--entrypoints.websecure.http.tls.domains[2].sans|needs --entrypoints.websecure.http.tls.domains[2].main",
            "--entrypoints.websecure.http.tls.domains[x].main=example.com|--entrypoints.websecure.http.tls.domains[x].main|unknown flag",
            "--entrypoints.websecure.http.tls.domains.main=example.com|--entrypoints.websecure.http.tls.domains.main|unknown flag"})
    void badValuesNameTheirFlag(String flag, String blamed, String message) {
        ConfigException error = assertThrows(ConfigException.class,
                () -> StaticConfigParser.parse(new String[] {"--entrypoints.websecure.address=:8443", flag}));
        assertEquals(blamed, error.flag());
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @Test
    void theConfigurationFileTakesAListOfDomains() throws Exception {
        Path file = Files.writeString(dir.resolve("traefik.yaml"), """
                entryPoints:
                  websecure:
                    address: ":8443"
                    http:
                      tls:
                        certResolver: le
                        domains:
                          - main: example.com
                            sans: [www.example.com, api.example.com]
                          - main: example.org
                """);
        StaticConfig config = StaticConfigParser.parse(new String[] {"--configfile=" + file});
        assertEquals(List.of(new TlsDomain("example.com", List.of("www.example.com", "api.example.com")),
                new TlsDomain("example.org", List.of())), config.entryPoints().get("websecure").tls().domains());
    }

    @Test
    void aBadDomainInTheFileNamesTheSetting() throws Exception {
        Path file = Files.writeString(dir.resolve("traefik.yaml"), """
                entryPoints:
                  websecure:
                    address: ":8443"
                    http:
                      tls:
                        domains:
                          - main: "bad_name.example.com"
                """);
        ConfigException error = assertThrows(ConfigException.class,
                () -> StaticConfigParser.parse(new String[] {"--configfile=" + file}));
        assertEquals("--configfile", error.flag());
        assertTrue(error.getMessage().contains("entryPoints.websecure.http.tls.domains[0].main"), error.getMessage());
    }
}
