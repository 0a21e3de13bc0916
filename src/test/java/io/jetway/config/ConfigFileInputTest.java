package io.jetway.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 16, items 12-14 for the static configuration file: one line naming the flag and the file, never a crash. */
class ConfigFileInputTest {

    private static String refused(Path file) {
        ConfigException e = assertThrows(ConfigException.class, () -> StaticConfigParser.parse(new String[]{"--configfile=" + file}));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().contains("--configfile") && e.getMessage().contains(file.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void deepNestingIsRefusedBeforeItOverflowsTheStack(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jetway.yml");
        Files.writeString(file, "entryPoints: " + "[".repeat(3000) + "]".repeat(3000) + "\n");
        assertTrue(refused(file).endsWith("(line 1): nested deeper than 100 levels"));
    }

    @Test
    void aBinaryFileIsNamedAsNotUtf8(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jetway.yml");
        Files.write(file, new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff});
        assertTrue(refused(file).endsWith("not UTF-8 text (YAML or JSON in UTF-8 expected)"));
    }

    @Test
    void aHugeFileIsRefusedByItsSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jetway.yml");
        Files.writeString(file, "log: {level: \"" + "x".repeat(20 << 20) + "\"}\n");
        assertTrue(refused(file).contains("is too large (20971537 bytes, the limit is 1048576)"));
    }

    @Test
    void aRecursiveAliasIsRefusedNotFollowedForever(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jetway.yml");
        Files.writeString(file, "entryPoints: &loop\n  web: *loop\n");
        assertTrue(refused(file).endsWith("nested deeper than 100 levels (through aliases)"));
    }

    @Test
    void aliasesThatMultiplyAreRefused(@TempDir Path dir) throws Exception {
        StringBuilder yaml = new StringBuilder("a0: &a0 {x: 1, y: 2}\n");
        for (int i = 1; i <= 24; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" {l: *a").append(i - 1)
                    .append(", r: *a").append(i - 1).append("}\n");
        }
        Path file = dir.resolve("jetway.yml");
        Files.writeString(file, yaml);
        assertTrue(refused(file).endsWith("aliases expand to more settings than the file could hold written out"));
    }
}
