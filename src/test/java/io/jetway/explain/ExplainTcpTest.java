package io.jetway.explain;

import io.jetway.e2e.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jetway explain --tcp}: which stage and TCP router take a connection, and why the others do not. */
class ExplainTcpTest {

    static final String MANIFESTS = Manifests.APP_SERVICE + """
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: www}
            spec:
              entryPoints: [websecure]
              routes:
                - match: Host(`www.example.com`)
                  services: [{name: app, port: 80}]
              tls: {}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: MiddlewareTCP
            metadata: {name: internal}
            spec: {ipAllowList: {sourceRange: [10.0.0.0/8]}}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRouteTCP
            metadata: {name: pg}
            spec:
              entryPoints: [websecure]
              routes:
                - match: HostSNI(`db.example.com`)
                  services: [{name: app, port: 80}]
              tls: {passthrough: true}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRouteTCP
            metadata: {name: any}
            spec:
              entryPoints: [websecure]
              routes:
                - match: HostSNI(`*`)
                  middlewares: [{name: internal}]
                  services: [{name: app, port: 80}]
              tls: {}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRouteTCP
            metadata: {name: broken}
            spec:
              entryPoints: [websecure]
              routes:
                - match: HostSNI(`b.example.com`)
                  services: [{name: app, port: 80}]
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRouteTCP
            metadata: {name: mysql}
            spec:
              entryPoints: [mysql]
              routes:
                - match: ClientIP(`10.0.0.0/8`)
                  services: [{name: app, port: 80}]
            """;

    static final String PG = "default-pg-d2eb301e4c45d36a707a@kubernetescrd (priority 25, HostSNI(`db.example.com`))";
    static final String ANY = "default-any-673acf455cb2dab0b43a@kubernetescrd (priority -1, HostSNI(`*`))";
    static final String BROKEN = "disabled default-broken-58a361b9f94ed1e39d67@kubernetescrd (priority 24, HostSNI(`b.example.com`)):"
            + " invalid rule HostSNI(`b.example.com`): HostSNI(`b.example.com`) needs tls on the router: a connection"
            + " without TLS has no SNI, so only HostSNI(`*`) is allowed there";

    record Run(int code, List<String> lines, String err) {
    }

    static Run explain(Path dir, String... args) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("tcp.yaml"), MANIFESTS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new java.util.ArrayList<>(List.of("--tcp", "--providers.file.directory=" + manifests,
                "--entrypoints.web.address=:80", "--entrypoints.websecure.address=:443", "--entrypoints.mysql.address=:3306"));
        all.addAll(List.of(args));
        int code = ExplainCommand.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8).lines().toList(), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aTlsRouterWithASpecificRuleTakesItsServerNameAndTheCatchAllIsNotTried(@TempDir Path dir) throws Exception {
        Run run = explain(dir, "--entrypoint=websecure", "--sni=DB.example.com", "--alpn=postgresql");
        assertEquals(0, run.code(), run.err());
        assertEquals(List.of(
                "connection on entry point websecure: TLS, SNI \"db.example.com\", ALPN postgresql, client 127.0.0.1",
                "stage tcp-tls-specific: no HTTPS router names the server name, and a TCP router with tls and a rule"
                        + " other than HostSNI(`*`) matches",
                "matched " + PG,
                "  tls: passthrough",
                "  service: default-pg-d2eb301e4c45d36a707a@kubernetescrd",
                "not tried " + ANY + ": stage tcp-tls-specific took the connection first",
                BROKEN), run.lines());
    }

    @Test
    void anHttpsRouterNamingTheServerNameComesBeforeEveryTcpRouter(@TempDir Path dir) throws Exception {
        Run run = explain(dir, "--entrypoint=websecure", "--sni=www.example.com");
        assertEquals(1, run.code());
        assertEquals("stage https-host: an HTTPS router names \"www.example.com\" in its Host rule, which comes before"
                + " every TCP router", run.lines().get(1));
        assertEquals("not tried " + PG + ": stage https-host took the connection first", run.lines().get(2));
        assertEquals("no TCP router takes the connection on entry point websecure: HTTPS, where the routers with tls decide"
                + " (default-www-5eed87ab1ccdeff2e61b@kubernetescrd)",
                run.lines().get(run.lines().size() - 1));
    }

    @Test
    void theCatchAllTerminatesAndItsMiddlewareMayRefuseTheClient(@TempDir Path dir) throws Exception {
        Run admitted = explain(dir, "--entrypoint=websecure", "--sni=other.example.com", "--client-ip=10.1.2.3");
        assertEquals(0, admitted.code(), admitted.err());
        assertEquals(List.of(
                "connection on entry point websecure: TLS, SNI \"other.example.com\", no ALPN, client 10.1.2.3",
                "stage tcp-tls-catch-all: nothing more specific takes the ClientHello: a TCP router with tls and HostSNI(`*`)",
                "skipped " + PG + ": HostSNI(`db.example.com`) did not match SNI \"other.example.com\"",
                "matched " + ANY,
                "  tls: terminating",
                "  middlewares: default-internal@kubernetescrd",
                "  service: default-any-673acf455cb2dab0b43a@kubernetescrd",
                BROKEN), admitted.lines());

        Run refused = explain(dir, "--entrypoint=websecure", "--sni=other.example.com", "--client-ip=192.168.1.9");
        assertEquals(1, refused.code());
        assertTrue(refused.lines().contains("  refused: ipAllowList default-internal@kubernetescrd closes it: client 192.168.1.9"
                + " is not in [10.0.0.0/8]"), refused.lines().toString());
    }

    @Test
    void withoutTlsTheTlsRoutersCannotTakeItAndHttpDoes(@TempDir Path dir) throws Exception {
        Run run = explain(dir, "--entrypoint=websecure", "--tls=false");
        assertEquals(1, run.code());
        assertEquals(List.of(
                "connection on entry point websecure: not TLS, client 127.0.0.1",
                "stage http: not TLS, and no TCP router without tls matches",
                "not tried " + PG + ": it has tls and the connection is not TLS",
                "not tried " + ANY + ": it has tls and the connection is not TLS",
                BROKEN,
                "no TCP router takes the connection on entry point websecure: HTTP, where the HTTP routers decide"), run.lines());
    }

    @Test
    void aPostgresSslRequestGoesToTheTlsRoutersOnlyOrIsClosed(@TempDir Path dir) throws Exception {
        Run run = explain(dir, "--entrypoint=websecure", "--postgres", "--sni=db.example.com");
        assertEquals(0, run.code());
        assertEquals("connection on entry point websecure: Postgres SSLRequest, then TLS, SNI \"db.example.com\", no ALPN,"
                + " client 127.0.0.1", run.lines().get(0));
        assertTrue(run.lines().get(1).startsWith("stage postgres: "), run.lines().get(1));
        assertEquals("matched " + PG, run.lines().get(2));
        assertEquals("not tried " + ANY + ": default-pg-d2eb301e4c45d36a707a@kubernetescrd (priority 25) comes first",
                run.lines().get(5));

        Run closed = explain(dir, "--entrypoint=websecure", "--postgres", "--tls=false");
        assertEquals(1, closed.code());
        assertEquals("stage closed: a Postgres SSLRequest not followed by a ClientHello is closed", closed.lines().get(1));
        assertEquals("no TCP router takes the connection on entry point websecure: closed without a byte",
                closed.lines().get(closed.lines().size() - 1));
    }

    @Test
    void onlyPlainTcpRoutersAndNoHttpsRouterIsTheFastPath(@TempDir Path dir) throws Exception {
        Run inside = explain(dir, "--entrypoint=mysql", "--client-ip=10.9.9.9", "--sni=db.example.com");
        assertEquals(0, inside.code(), inside.err());
        assertEquals(List.of(
                "connection on entry point mysql: TLS, SNI \"db.example.com\", no ALPN, client 10.9.9.9",
                "stage fast-path: entry point mysql has only TCP routers without tls and no HTTPS router: the client"
                        + " address alone decides, before a byte is read",
                "matched default-mysql-8be43a1f6acc63a418fb@kubernetescrd (priority 22, ClientIP(`10.0.0.0/8`))",
                "  service: default-mysql-8be43a1f6acc63a418fb@kubernetescrd"), inside.lines());

        Run outside = explain(dir, "--entrypoint=mysql", "--client-ip=192.168.1.9");
        assertEquals(1, outside.code());
        assertEquals("skipped default-mysql-8be43a1f6acc63a418fb@kubernetescrd (priority 22, ClientIP(`10.0.0.0/8`)):"
                + " ClientIP(`10.0.0.0/8`) did not match client 192.168.1.9", outside.lines().get(2));
        assertEquals("no TCP router takes the connection on entry point mysql: HTTP, where the HTTP routers decide",
                outside.lines().get(3));
    }

    @Test
    void anEntryPointWithoutTcpRoutersGoesToHttpUnread(@TempDir Path dir) throws Exception {
        Run run = explain(dir, "--entrypoint=web");
        assertEquals(List.of("connection on entry point web: not TLS, client 127.0.0.1",
                "stage no-tcp-routers: entry point web has no TCP router: every connection goes to HTTP without being read first",
                "no TCP router takes the connection on entry point web: HTTP, where the HTTP routers decide"), run.lines());
    }

    @Test
    void badArgumentsExit2WithOneLineNamingTheFlag(@TempDir Path dir) throws Exception {
        assertBad(explain(dir, "--tls=maybe"), "explain: --tls: expected true or false, got \"maybe\"");
        assertBad(explain(dir, "--postgres=often"), "explain: --postgres: expected true or false, got \"often\"");
        assertBad(explain(dir, "--client-ip=db.internal"), "explain: --client-ip: not an IP address: \"db.internal\"");
        assertBad(explain(dir, "--tls=false", "--sni=a.com"), "explain: --sni: a connection without TLS has no server name");
        assertBad(explain(dir, "--tls=false", "--alpn=h2"), "explain: --alpn: a connection without TLS offers no ALPN");
        assertBad(explain(dir, "--sni"), "explain: --sni: a value is required, as --sni=...");
        assertBad(explain(dir, "--entrypoint=nope"), "explain: --entrypoint: no TCP entry point \"nope\" (have [web, websecure, mysql])");
        assertBad(explain(dir, "--method=GET"), "explain: --method is for HTTP requests, not with --tcp");
        assertBad(explain(dir, "http://a/"), "explain: a URL is for HTTP requests, not with --tcp");
    }

    @Test
    void tcpFlagsWithoutTcpAreRefused(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ExplainCommand.run(new String[]{"--sni=a.com", "http://a/"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertBad(new Run(code, List.of(), err.toString(StandardCharsets.UTF_8)), "explain: --sni describes a TCP connection: add --tcp");
    }

    static void assertBad(Run run, String line) {
        assertEquals(2, run.code(), run.lines().toString());
        assertEquals(line, run.err().strip());
    }
}
