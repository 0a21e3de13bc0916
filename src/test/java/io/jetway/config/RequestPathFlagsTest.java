package io.jetway.config;

import io.jetway.config.RequestPathConfig.EncodedCharacters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** entryPoints.<name>.http.sanitizePath and .http.encodedCharacters.*: Traefik v3.7's names and defaults, flags and file. */
class RequestPathFlagsTest {

    @TempDir
    Path dir;

    @Test
    void traefikDefaultsSanitiseAndAllowEveryEscape() throws ConfigException {
        RequestPathConfig path = StaticConfigParser.parse(new String[0]).entryPoints().get("web").requestPath();
        assertEquals(RequestPathConfig.DEFAULTS, path);
        assertTrue(path.sanitizePath());
        assertTrue(path.encodedCharacters().allowsAll());
        assertEquals(RequestPathConfig.DEFAULTS, StaticConfigParser.parse(new String[]{"--api.insecure"})
                .entryPoints().get("traefik").requestPath(), "the implicit management entry point too");
    }

    @Test
    void everyFlagApplies() throws ConfigException {
        StaticConfig config = StaticConfigParser.parse(new String[]{
                "--entrypoints.web.address=:80",
                "--entrypoints.web.http.sanitizepath=false",
                "--entrypoints.web.http.encodedcharacters.allowencodedslash=false",
                "--entrypoints.web.http.encodedcharacters.allowencodedbackslash=false",
                "--entrypoints.web.http.encodedcharacters.allowencodednullcharacter=false",
                "--entrypoints.web.http.encodedcharacters.allowencodedsemicolon=false",
                "--entrypoints.web.http.encodedcharacters.allowencodedpercent=false",
                "--entrypoints.web.http.encodedcharacters.allowencodedquestionmark=false",
                "--entryPoints.web.http.encodedCharacters.allowEncodedHash=false",
                "--entrypoints.other.address=:81",
                "--entrypoints.other.http.encodedcharacters.allowencodedslash=false",
        });
        assertEquals(new RequestPathConfig(false, new EncodedCharacters(false, false, false, false, false, false, false)),
                config.entryPoints().get("web").requestPath());
        assertEquals(new RequestPathConfig(true, new EncodedCharacters(false, true, true, true, true, true, true)),
                config.entryPoints().get("other").requestPath(), "per entry point; the other options keep their default");
    }

    @Test
    void theConfigurationFileUsesTraefiksLayout() throws Exception {
        Path file = dir.resolve("traefik.yaml");
        Files.writeString(file, """
                entryPoints:
                  web:
                    address: ":80"
                    http:
                      sanitizePath: false
                      encodedCharacters:
                        allowEncodedSlash: false
                        allowEncodedPercent: true
                """);
        RequestPathConfig path = StaticConfigParser.parse(new String[]{"--configfile=" + file})
                .entryPoints().get("web").requestPath();
        assertFalse(path.sanitizePath());
        assertEquals(new EncodedCharacters(false, true, true, true, true, true, true), path.encodedCharacters());
    }

    @Test
    void aBadValueNamesTheFlag() {
        ConfigException e = assertThrows(ConfigException.class, () -> StaticConfigParser.parse(new String[]{
                "--entrypoints.web.address=:80", "--entrypoints.web.http.sanitizepath=maybe"}));
        assertTrue(e.getMessage().contains("--entrypoints.web.http.sanitizepath"), e.getMessage());
    }
}
