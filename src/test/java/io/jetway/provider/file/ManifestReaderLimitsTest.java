package io.jetway.provider.file;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 16, items 12-14: whatever a file holds, reading it gives objects or one problem naming the file. */
class ManifestReaderLimitsTest {

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth) + "\n";
    }

    private static ManifestReader.ManifestException refused(String label, String text) {
        return assertThrows(ManifestReader.ManifestException.class, () -> ManifestReader.read(label, text));
    }

    @Test
    void nestingThreeThousandDeepIsAProblemNotAStackOverflow() {
        ManifestReader.ManifestException e = refused("deep.yaml", nested(3000));
        assertTrue(e.getMessage().startsWith("deep.yaml:1: nested deeper than 100 levels"), e.getMessage());
        ManifestReader.ManifestException json = refused("deep.json", "{\"a\":".repeat(3000) + "1" + "}".repeat(3000));
        assertTrue(json.getMessage().contains("deep.json:1: nested deeper than"), json.getMessage());
    }

    @Test
    void nestingAsDeepAsTheLimitIsRead() throws Exception {
        String doc = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\ndata: {x: " + nested(98).strip() + "}\n";
        assertEquals("deep", ManifestReader.read("ok.yaml", doc).objects().get(0).name());
    }

    @Test
    void aliasesCannotBuildAnInfinitelyDeepOrHugeTree() {
        ManifestReader.ManifestException recursive = refused("loop.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: &a {x: [*a]}\n");
        assertTrue(recursive.getMessage().startsWith("loop.yaml:1: nested deeper than 100 levels"), recursive.getMessage());
        StringBuilder bomb = new StringBuilder("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: &a [");
        bomb.append("x,".repeat(2000)).append("x]\n");
        String previous = "a";
        for (String level : new String[]{"b", "c", "d", "e"}) {
            bomb.append("  ").append(level).append(": &").append(level).append(" [")
                    .append(("*" + previous + ",").repeat(9)).append("*").append(previous).append("]\n");
            previous = level;
        }
        ManifestReader.ManifestException huge = refused("bomb.yaml", bomb.toString());
        assertTrue(huge.getMessage().startsWith("bomb.yaml:1: aliases expand to more values"), huge.getMessage());
    }

    @Test
    void aTwentyMegabyteFileIsRefusedByItsSizeWithoutBeingParsed(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.yaml");
        Files.writeString(file, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {x: \"" + "a".repeat(20 << 20) + "\"}\n");
        ManifestReader.ManifestException e = assertThrows(ManifestReader.ManifestException.class,
                () -> ManifestReader.readFile("m/huge.yaml", file));
        assertTrue(e.getMessage().startsWith("m/huge.yaml: file too large (20971"), e.getMessage());
    }

    @Test
    void aStringLongerThanThreeMebibytesIsAProblemNamingTheFileAndLine() {
        ManifestReader.ManifestException e = refused("big.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  x: " + "a".repeat(4 << 20) + "\n");
        assertTrue(e.getMessage().startsWith("big.yaml:5: a value of 4194304 characters is longer than the limit"), e.getMessage());
    }

    @Test
    void aSecretWithAOneMebibyteCaBundleLoads() throws Exception {
        String bundle = "QUJD".repeat(256 * 1024);
        ManifestReader.Result r = ManifestReader.read("ca.yaml",
                "apiVersion: v1\nkind: Secret\nmetadata: {name: ca}\ndata:\n  ca.crt: " + bundle + "\n");
        assertEquals(bundle, ((java.util.Map<?, ?>) r.objects().get(0).document().get("data")).get("ca.crt"));
    }

    @Test
    void aBinaryOrLatin1FileIsAProblemNamingTheFile(@TempDir Path dir) throws Exception {
        Path binary = dir.resolve("image.yaml");
        Files.write(binary, new byte[]{'a', ':', ' ', (byte) 0xff, (byte) 0xd8, 0, 1, 2});
        ManifestReader.ManifestException e = assertThrows(ManifestReader.ManifestException.class,
                () -> ManifestReader.readFile("m/image.yaml", binary));
        assertEquals("m/image.yaml: not UTF-8 text (invalid byte at offset 3): a manifest must be YAML or JSON in UTF-8",
                e.getMessage());
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf\u00e9}\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(assertThrows(ManifestReader.ManifestException.class, () -> ManifestReader.readFile("latin1.yaml", latin1))
                .getMessage().startsWith("latin1.yaml: not UTF-8 text"));
    }

    @Test
    void controlCharactersAreAProblemNamingTheFile() {
        ManifestReader.ManifestException e = refused("nul.yaml", "apiVersion: v1\nkind: \u0000\u0001\n");
        assertTrue(e.getMessage().startsWith("nul.yaml:"), e.getMessage());
    }
}
