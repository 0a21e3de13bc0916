package io.jetway.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19: {@code jetway check} builds the TCP and UDP routers as a reload does and says what the
 * build finds, each problem once on the resource it came from.
 */
class CheckLayer4Test {

    /** Service db with a TCP port (pg) and a UDP one (dns). */
    static final String DB = """
            apiVersion: v1
            kind: Service
            metadata: {name: db}
            spec:
              ports: [{name: pg, port: 5432}, {name: dns, port: 53, protocol: UDP}]
            ---
            apiVersion: v1
            kind: Endpoints
            metadata: {name: db}
            subsets: [{addresses: [{ip: 10.0.0.1}], ports: [{name: pg, port: 5432}, {name: dns, port: 53, protocol: UDP}]}]
            """;

    static String tcpRoute(String name, String match, String serviceExtra, String specExtra) {
        return """
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteTCP
                metadata: {name: %s}
                spec:
                  routes:
                    - match: %s
                      services: [{name: db, port: 5432%s}]
                %s""".formatted(name, match, serviceExtra, specExtra);
    }

    static String udpRoute(String name, String entryPoint) {
        return """
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRouteUDP
                metadata: {name: %s}
                spec:
                  entryPoints: [%s]
                  routes:
                    - services: [{name: db, port: 53}]
                """.formatted(name, entryPoint);
    }

    static CheckCommandTest.Result check(Path dir, String yaml, String... flags) throws Exception {
        Files.writeString(dir.resolve("l4.yaml"), DB + yaml);
        List<String> args = new ArrayList<>(List.of(dir.toString()));
        args.addAll(List.of(flags));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = CheckCommand.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CheckCommandTest.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Every line but the summary. */
    static List<String> findings(CheckCommandTest.Result r) {
        List<String> lines = r.out().lines().toList();
        return lines.subList(0, lines.size() - 1);
    }

    static String summary(CheckCommandTest.Result r) {
        return r.out().lines().reduce((a, b) -> b).orElse("");
    }

    @Test
    void theIssuesBadInputsAreEachOneProblemOnTheirResourceAndNothingElseIsAffected(@TempDir Path dir) throws Exception {
        CheckCommandTest.Result r = check(dir,
                tcpRoute("good", "HostSNI(`db.example.com`)", "", "  tls: {passthrough: true}\n")
                        + tcpRoute("unparsable", "HostSNI(`a.example.com`", "", "  tls: {passthrough: true}\n")
                        + tcpRoute("notls", "HostSNI(`b.example.com`)", "", "")
                        + tcpRoute("missing", "HostSNI(`*`)", "", "").replace("name: db, port: 5432}", "name: nope, port: 5432}")
                        + tcpRoute("badproxy", "HostSNI(`*`)", ", proxyProtocol: {version: 3}", ""));
        assertEquals(1, r.code(), r.out());
        assertEquals(List.of(
                "l4.yaml:38: IngressRouteTCP/default/missing: spec.routes[0].services[0]: kubernetes service default/nope not found",
                "l4.yaml:46: IngressRouteTCP/default/badproxy: spec.routes[0].services[0].proxyProtocol.version: must be 1 or 2, got 3",
                "l4.yaml:30: IngressRouteTCP/default/notls: TCP router default-notls-58a361b9f94ed1e39d67@kubernetescrd:"
                        + " invalid rule HostSNI(`b.example.com`): HostSNI(`b.example.com`) needs tls on the router: a"
                        + " connection without TLS has no SNI, so only HostSNI(`*`) is allowed there",
                "l4.yaml:21: IngressRouteTCP/default/unparsable: TCP router default-unparsable-a9706eda61852390d861@kubernetescrd:"
                        + " invalid rule HostSNI(`a.example.com`: unexpected end of rule at 24"), findings(r));
        assertEquals("0 routers (0 disabled), 0 services, 0 middlewares, 5 TCP routers (4 disabled); 4 errors", summary(r));
    }

    @Test
    void aBrokenMiddlewareTcpIsSaidOnceWhereItIsDefined(@TempDir Path dir) throws Exception {
        CheckCommandTest.Result r = check(dir, """
                ---
                apiVersion: traefik.io/v1alpha1
                kind: MiddlewareTCP
                metadata: {name: allow}
                spec: {ipAllowList: {sourceRange: [not-a-cidr]}}
                """ + tcpRoute("guarded", "HostSNI(`*`)", "", "").replace("      services:",
                "      middlewares: [{name: allow}]\n      services:"));
        assertEquals(1, r.code(), r.out());
        assertEquals(List.of(
                "l4.yaml:12: MiddlewareTCP/default/allow: spec.ipAllowList.sourceRange[0]: invalid CIDR \"not-a-cidr\"",
                "l4.yaml:17: IngressRouteTCP/default/guarded: spec.routes[0].middlewares[0]: middleware"
                        + " \"default-allow@kubernetescrd\" is invalid (see its problems)"), findings(r),
                "the builder's \"does not exist\" for the middleware the translation left out is a consequence");
    }

    @Test
    void givenEntryPointsTheRoutersNameMustExistWithTheirProtocol(@TempDir Path dir) throws Exception {
        String yaml = tcpRoute("nowhere", "HostSNI(`*`)", "", "  entryPoints: [nowhere]\n")
                + tcpRoute("onudp", "HostSNI(`*`)", "", "  entryPoints: [dns]\n")
                + tcpRoute("half", "HostSNI(`*`)", "", "  entryPoints: [web, gone]\n")
                + udpRoute("udponweb", "web");
        CheckCommandTest.Result r = check(dir, yaml, "--entrypoints.web.address=:80", "--entrypoints.dns.address=:53/udp");
        assertEquals(1, r.code(), r.out());
        List<String> lines = findings(r);
        assertTrue(lines.contains("l4.yaml:12: IngressRouteTCP/default/nowhere: TCP router"
                + " default-nowhere-673acf455cb2dab0b43a@kubernetescrd: entry point \"nowhere\" does not exist"), r.out());
        assertTrue(lines.contains("l4.yaml:21: IngressRouteTCP/default/onudp: TCP router default-onudp-673acf455cb2dab0b43a@kubernetescrd:"
                + " entry point \"dns\" is not of the router's protocol (TCP routers need a TCP entry point, UDP routers an"
                + " address ending in /udp)"), r.out());
        assertTrue(lines.contains("l4.yaml:39: IngressRouteUDP/default/udponweb: UDP router default-udponweb-0@kubernetescrd:"
                + " entry point \"web\" is not of the router's protocol (TCP routers need a TCP entry point, UDP routers an"
                + " address ending in /udp)"), r.out());
        assertTrue(lines.contains("l4.yaml:30: IngressRouteTCP/default/half: warning: TCP router"
                + " default-half-673acf455cb2dab0b43a@kubernetescrd: entry point \"gone\" does not exist"), r.out());
        assertEquals(4, lines.size(), r.out());
        assertEquals("0 routers (0 disabled), 0 services, 0 middlewares, 3 TCP routers (2 disabled),"
                + " 1 UDP routers (1 disabled); 3 errors, 1 warnings", summary(r));

        CheckCommandTest.Result unchecked = check(dir, yaml);
        assertEquals(0, unchecked.code(), "without entry point flags every entry point named exists: " + unchecked.out());
    }

    @Test
    void aSecondUdpRouterOnAnEntryPointIsAnErrorOnTheOneThatLoses(@TempDir Path dir) throws Exception {
        CheckCommandTest.Result r = check(dir, udpRoute("a", "dns") + udpRoute("b", "dns"));
        assertEquals(1, r.code(), r.out());
        assertEquals(List.of("l4.yaml:12: IngressRouteUDP/default/a: UDP router default-a-0@kubernetescrd: entry point"
                + " \"dns\" is already served by the UDP router \"default-b-0@kubernetescrd\" (one UDP router per entry"
                + " point; the first by name in descending order wins)"), findings(r));
    }

    @Test
    void withClusterAMiddlewareTcpNotInTheDirectoryIsAWarningOnly(@TempDir Path dir) throws Exception {
        CheckCommandTest.Result r = check(dir, tcpRoute("guarded", "HostSNI(`*`)", "", "").replace("      services:",
                "      middlewares: [{name: elsewhere}]\n      services:"), "--cluster");
        assertEquals(0, r.code(), r.out());
        assertEquals(List.of("l4.yaml:12: IngressRouteTCP/default/guarded: warning: spec.routes[0].middlewares[0]: middleware"
                + " \"default-elsewhere@kubernetescrd\" does not exist (not in the directory: it must exist in the cluster)"),
                findings(r));
    }
}
