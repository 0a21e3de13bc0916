package io.jetway.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.jetway.check.CheckCommandTest.BASE;
import static io.jetway.check.CheckCommandTest.route;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 16, items 12-16: {@code jetway check} names each bad input and goes on with the rest. */
class CheckInputTest {

    private static CheckCommandTest.Result check(Path dir) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CheckCommand.run(new String[]{dir.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CheckCommandTest.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertLine(CheckCommandTest.Result r, String expected) {
        assertTrue(r.out().lines().anyMatch(l -> l.equals(expected)), "expected the line\n" + expected + "\nin:\n" + r.out() + r.err());
    }

    private static void assertSummary(CheckCommandTest.Result r, String routers) {
        String last = r.out().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith(routers), "the good files are still checked: " + last);
    }

    @Test
    void binaryDeepAndHugeFilesAreErrorsNamingTheFileAndTheRestIsChecked(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("app.yaml"), BASE + "---\n" + route("Host(`x`)", ""));
        Files.write(dir.resolve("logo.yaml"), new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', (byte) 0xff});
        Files.writeString(dir.resolve("deep.json"), "[".repeat(3000) + "]".repeat(3000));
        Files.writeString(dir.resolve("huge.yaml"), "x: \"" + "a".repeat(20 << 20) + "\"\n");
        CheckCommandTest.Result r = check(dir);
        assertEquals(1, r.code(), r.out() + r.err());
        assertLine(r, "logo.yaml: not UTF-8 text (invalid byte at offset 0): a manifest must be YAML or JSON in UTF-8");
        assertLine(r, "deep.json:1: nested deeper than 100 levels");
        assertLine(r, "huge.yaml: file too large (20971526 bytes, the limit is 10485760 bytes)");
        assertSummary(r, "1 routers (0 disabled), 1 services");
    }

    @Test
    void aStrayCopyOfAnIngressRouteIsAnErrorNamingBothFilesAndTheFirstServes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), BASE + "---\n" + route("Host(`x`)", ""));
        Files.writeString(dir.resolve("b-copy.yaml"), route("Host(`stale`)", ""));
        CheckCommandTest.Result r = check(dir);
        assertEquals(1, r.code(), r.out());
        assertLine(r, "a.yaml:12: IngressRoute/default/r: defined twice: the definition at b-copy.yaml:1 is ignored,"
                + " the one at a.yaml:12 is used (the first in path order wins)");
    }

    @Test
    void aNegativeWeightIsAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), BASE + "---\n"
                + route("Host(`x`)", "").replace("port: 80}", "port: 80, weight: -1}"));
        CheckCommandTest.Result r = check(dir);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("a.yaml:12: IngressRoute/default/r: spec.routes[0].services[0].weight: must not be negative, got -1"),
                r.out());
    }

    @Test
    void anUnknownTraefikVersionAndUnknownFieldsAreWarningsNamingFileObjectAndField(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), BASE + "---\n" + route("Host(`x`)", "      bogusField: 1\n")
                + "---\n" + route("Host(`y`)", "").replace("name: r}", "name: future}").replace("traefik.io/v1alpha1", "traefik.io/v9")
                + "---\n" + CheckCommandTest.middleware("strip", "stripPrefix: {prefixes: [/a], bogusField: true}"));
        CheckCommandTest.Result r = check(dir);
        assertTrue(r.out().contains("a.yaml:12: IngressRoute/default/r: warning: spec.routes[0].bogusField: unknown field, ignored"
                + " (Traefik's IngressRoute has no such field)"), r.out());
        assertTrue(r.out().contains("IngressRoute/default/future: warning: skipped: Jetway reads IngressRoute as"
                + " traefik.io/v1alpha1, not traefik.io/v9"), r.out());
        assertTrue(r.out().contains("Middleware/default/strip: warning: spec.stripPrefix.bogusField: unknown field, ignored"), r.out());
    }

    @Test
    void aSymlinkLoopIsAWarningNamingTheLink(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("app.yaml"), BASE + "---\n" + route("Host(`x`)", ""));
        Files.createSymbolicLink(dir.resolve("loop"), dir);
        CheckCommandTest.Result r = check(dir);
        assertEquals(0, r.code(), r.out());
        assertLine(r, "loop: warning: skipped: symbolic link loop (it leads back to the manifests directory " + dir + ")");
    }

    @Test
    void layerFourKindsAreCheckedLikeTheOthers(@TempDir Path dir) throws Exception {
        StringBuilder yaml = new StringBuilder(BASE);
        for (String kind : new String[]{"IngressRouteTCP", "IngressRouteUDP", "MiddlewareTCP", "ServersTransportTCP"}) {
            String spec = kind.equals("IngressRouteUDP") ? "{routes: [{}]}" : "{}";
            yaml.append("---\napiVersion: traefik.io/v1alpha1\nkind: ").append(kind).append("\nmetadata: {name: l4}\nspec: ")
                    .append(spec).append("\n");
        }
        Files.writeString(dir.resolve("l4.yaml"), yaml.toString());
        CheckCommandTest.Result r = check(dir);
        assertEquals(1, r.code(), r.out());
        assertLine(r, "l4.yaml:12: IngressRouteTCP/default/l4: spec.routes: at least one route is required");
        assertLine(r, "l4.yaml:17: IngressRouteUDP/default/l4: spec.routes[0].services: at least one service is required");
        assertLine(r, "l4.yaml:22: MiddlewareTCP/default/l4: spec names no TCP middleware type (inFlightConn, ipAllowList or ipWhiteList)");
        assertTrue(r.out().lines().noneMatch(l -> l.contains("ServersTransportTCP")), "its defaults are fine: " + r.out());
    }

    /** Found by ManifestFuzzTest: an exception out of the translator failed every reload, not just this object. */
    @Test
    void aRouteThatIsNotAnObjectIsAnErrorOnItsIngressRouteAndTheOthersAreChecked(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), BASE + "---\n" + route("Host(`x`)", "")
                + "---\napiVersion: traefik.io/v1alpha1\nkind: IngressRoute\nmetadata: {name: bad}\nspec: {routes: [mat]}\n");
        CheckCommandTest.Result r = check(dir);
        assertEquals(1, r.code(), r.out());
        assertTrue(r.out().contains("IngressRoute/default/bad: spec.routes[0]: expected an object"), r.out());
        assertSummary(r, "1 routers (0 disabled), 1 services");
    }
}
