package io.jetway.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jetway check}: warnings (what still serves) are printed and counted apart from errors; only
 * errors fail, unless {@code --strict}; a route naming a certificates resolver the static
 * configuration does not define is reported, as at run time.
 */
class CheckWarningsTest {

    /**
     * Three routers that name the resolver "le", two plain ones: five routers, none disabled, one
     * warning (said once for the IngressRoute that holds the three).
     */
    static final String FIVE_ROUTERS = """
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: secure}
            spec:
              entryPoints: [websecure]
              routes:
                - match: Host(`a.test`)
                  services: [{name: app, port: 80}]
                - match: Host(`b.test`)
                  services: [{name: app, port: 80}]
                - match: Host(`c.test`)
                  services: [{name: app, port: 80}]
              tls:
                certResolver: le
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: plain}
            spec:
              entryPoints: [web]
              routes:
                - match: Host(`d.test`)
                  services: [{name: app, port: 80}]
                - match: Host(`e.test`)
                  services: [{name: app, port: 80}]
            """;

    /** A route whose certificate Secret is absent: it serves the default certificate, with a warning. */
    static final String ABSENT_CERTIFICATE = """
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: own-cert}
            spec:
              entryPoints: [websecure]
              routes:
                - match: Host(`f.test`)
                  services: [{name: app, port: 80}]
              tls:
                secretName: f-cert
            """;

    record Result(int code, String out) {
        List<String> warningLines() {
            return out.lines().filter(l -> l.contains("warning: ")).toList();
        }

        String summary() {
            List<String> lines = out.lines().toList();
            return lines.get(lines.size() - 1);
        }
    }

    static Result check(Path dir, String yaml, String... flags) throws Exception {
        Files.writeString(dir.resolve("base.yaml"), CheckCommandTest.BASE);
        Files.writeString(dir.resolve("case.yaml"), yaml);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] args = Stream.concat(Stream.of(dir.toString()), Stream.of(flags)).toArray(String[]::new);
        int code = CheckCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void warningsAreCountedApartAndDoNotFail(@TempDir Path dir) throws Exception {
        Result r = check(dir, FIVE_ROUTERS);
        assertEquals(0, r.code(), r.out());
        assertEquals("5 routers (0 disabled), 5 services, 0 middlewares; 0 errors, 1 warnings", r.summary(), r.out());
        assertEquals(1, r.warningLines().size(), r.out());
        assertTrue(r.warningLines().stream().allMatch(l -> l.startsWith("case.yaml:1: IngressRoute/default/secure: warning: ")),
                r.out());
    }

    @Test
    void strictMakesWarningsFail(@TempDir Path dir) throws Exception {
        Result r = check(dir, FIVE_ROUTERS, "--strict");
        assertEquals(1, r.code(), r.out());
        assertTrue(r.summary().endsWith("; 0 errors, 1 warnings"), r.out());
        assertEquals(0, check(dir, CheckCommandTest.route("Host(`x`)", ""), "--strict").code(),
                "nothing to warn of: --strict passes");
    }

    @Test
    void anErrorBesideWarningsFailsAndEachIsCountedOnce(@TempDir Path dir) throws Exception {
        Result r = check(dir, FIVE_ROUTERS + "---\n" + CheckCommandTest.route("Host(`x`", ""));
        assertEquals(1, r.code(), r.out());
        assertTrue(r.summary().endsWith("; 1 errors, 1 warnings"), r.out());
    }

    @Test
    void clusterModeSaysWarningOnce(@TempDir Path dir) throws Exception {
        Result r = check(dir, ABSENT_CERTIFICATE + "---\n"
                + CheckCommandTest.route("Host(`x`)", "").replace("name: app", "name: elsewhere"), "--cluster");
        assertEquals(0, r.code(), r.out());
        assertFalse(r.out().contains("warning: warning:"), r.out());
        assertTrue(r.out().contains("IngressRoute/default/own-cert: warning: spec.tls.secretName: Secret default/f-cert not found"),
                r.out());
        assertTrue(r.out().contains("IngressRoute/default/r: warning: kubernetes service default/elsewhere not found"
                + " (not in the directory: it must exist in the cluster)"), r.out());
        assertTrue(r.summary().endsWith("; 0 errors, 2 warnings"), r.out());
        assertEquals(1, check(dir, ABSENT_CERTIFICATE, "--cluster", "--strict").code());
    }

    @Test
    void aRouteNamingAnUndefinedResolverIsReported(@TempDir Path dir) throws Exception {
        Result r = check(dir, FIVE_ROUTERS + "---\n" + FIVE_ROUTERS.replace("name: secure", "name: secure2")
                .replace("name: plain", "name: plain2").replace(".test", ".example"));
        assertEquals(2, r.warningLines().size(), "once per IngressRoute: " + r.out());
        assertTrue(r.warningLines().stream().allMatch(l -> l.contains("certificates resolver \"le\" is not configured")),
                r.out());
    }

    @Test
    void aResolverDefinedByFlagsIsNotReported(@TempDir Path dir) throws Exception {
        Result r = check(dir, FIVE_ROUTERS, "--certificatesresolvers.le.acme.tlschallenge=true");
        assertEquals(0, r.code(), r.out());
        assertTrue(r.warningLines().isEmpty(), r.out());
        assertTrue(r.summary().endsWith("; 0 errors"), r.out());

        Result other = check(dir, FIVE_ROUTERS, "--certificatesresolvers.other.acme.tlschallenge=true");
        assertEquals(1, other.warningLines().size(), other.out());
    }

    @Test
    void aResolverDefinedInTheConfigFileIsNotReported(@TempDir Path dir, @TempDir Path etc) throws Exception {
        Path file = etc.resolve("traefik.yml");
        Files.writeString(file, """
                entryPoints:
                  web: {address: ":8000"}
                  websecure: {address: ":8443"}
                certificatesResolvers:
                  le:
                    acme:
                      email: ops@example.com
                      tlsChallenge: {}
                """);
        Result r = check(dir, FIVE_ROUTERS, "--configfile=" + file);
        assertEquals(0, r.code(), r.out());
        assertTrue(r.warningLines().isEmpty(), r.out());
    }

    @Test
    void anEntryPointResolverIsCheckedForTheRoutersThatTakeIt(@TempDir Path dir) throws Exception {
        String route = CheckCommandTest.route("Host(`x`)", "").replace("spec:\n", "spec:\n  entryPoints: [websecure]\n");
        Result r = check(dir, route, "--entrypoints.websecure.address=:8443",
                "--entrypoints.websecure.http.tls.certresolver=missing");
        assertEquals(0, r.code(), r.out());
        assertEquals(1, r.warningLines().size(), r.out());
        assertTrue(r.out().contains("certificates resolver \"missing\" is not configured"), r.out());
    }
}
