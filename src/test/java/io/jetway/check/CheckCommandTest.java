package io.jetway.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jetway check} on a corpus of broken manifests: exit codes and the lines it prints. */
class CheckCommandTest {

    /** A Service with endpoints that the cases' routes can use. */
    static final String BASE = """
            apiVersion: v1
            kind: Service
            metadata: {name: app}
            spec:
              ports: [{name: http, port: 80}]
            ---
            apiVersion: v1
            kind: Endpoints
            metadata: {name: app}
            subsets: [{addresses: [{ip: 10.0.0.1}], ports: [{name: http, port: 8080}]}]
            """;

    record Case(String name, String yaml, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static String route(String match, String routeExtra) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: r}
                spec:
                  routes:
                    - match: %s
                      services: [{name: app, port: 80}]
                %s""".formatted(match, routeExtra);
    }

    static String middleware(String name, String spec) {
        return """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: %s}
                spec:
                  %s
                """.formatted(name, spec);
    }

    static String routeWithMiddleware(String mw) {
        return route("Host(`x`)", "      middlewares: [{name: " + mw + "}]\n");
    }

    static Stream<Case> brokenManifests() {
        return Stream.of(
                new Case("yaml syntax", "apiVersion: v1\nkind: Service\nmetadata: {name: [oops\n", "case.yaml:4:"),
                new Case("duplicate key", "apiVersion: v1\nkind: Service\nkind: Service\nmetadata: {name: a}\n", "case.yaml:"),
                new Case("tab indentation", "apiVersion: v1\nkind: Service\nmetadata:\n\tname: a\n", "case.yaml:4:"),
                new Case("bad rule", route("Host(`x`", ""), "case.yaml:1: IngressRoute/default/r: router default-r-"),
                new Case("unknown matcher", route("Hots(`x`)", ""), "Hots"),
                new Case("missing service", route("Host(`x`)", "").replace("name: app", "name: nope"),
                        "case.yaml:1: IngressRoute/default/r: kubernetes service default/nope not found"),
                new Case("missing port", route("Host(`x`)", "").replace("port: 80", "port: 81"), "port 81 not found in kubernetes service default/app"),
                new Case("no port", route("Host(`x`)", "").replace(", port: 80", ""), "port: is required for a Service"),
                new Case("bad scheme", route("Host(`x`)", "").replace("port: 80}", "port: 80, scheme: ftp}"), "must be http, https or h2c"),
                new Case("bad kind in route", route("Host(`x`)", "").replace("port: 80}", "port: 80, kind: Pod}"), "must be Service or TraefikService"),
                new Case("cross namespace", route("Host(`x`)", "").replace("port: 80}", "port: 80, namespace: other}"), "cross-namespace reference"),
                new Case("no match", route("Host(`x`)", "").replace("- match: Host(`x`)", "- kind: Rule"), "match: is required"),
                new Case("no routes", "apiVersion: traefik.io/v1alpha1\nkind: IngressRoute\nmetadata: {name: r}\nspec: {routes: []}\n",
                        "spec.routes: at least one route is required"),
                new Case("bad priority", route("Host(`x`)", "      priority: high\n"), "priority"),
                new Case("bad strategy", route("Host(`x`)", "").replace("port: 80}", "port: 80, strategy: random}"), "unknown load-balancing strategy"),
                new Case("negative weight", "apiVersion: traefik.io/v1alpha1\nkind: TraefikService\nmetadata: {name: w}\nspec:\n  weighted:\n    services: [{name: app, port: 80, weight: -2}]\n",
                        "case.yaml:1: TraefikService/default/w: spec.weighted.services[0].weight: must not be negative"),
                new Case("percent out of range", "apiVersion: traefik.io/v1alpha1\nkind: TraefikService\nmetadata: {name: m}\nspec:\n  mirroring:\n    name: app\n    port: 80\n    mirrors: [{name: app, port: 80, percent: 150}]\n",
                        "must be between 0 and 100"),
                new Case("traefikservice two kinds", "apiVersion: traefik.io/v1alpha1\nkind: TraefikService\nmetadata: {name: t}\nspec:\n  weighted: {services: []}\n  failover: {service: a, fallback: b}\n",
                        "exactly one of weighted, mirroring, failover"),
                new Case("weighted cycle", """
                        apiVersion: traefik.io/v1alpha1
                        kind: TraefikService
                        metadata: {name: a}
                        spec: {weighted: {services: [{name: b, kind: TraefikService}]}}
                        ---
                        apiVersion: traefik.io/v1alpha1
                        kind: TraefikService
                        metadata: {name: b}
                        spec: {weighted: {services: [{name: a, kind: TraefikService}]}}
                        """, "reference cycle"),
                new Case("missing middleware", routeWithMiddleware("ghost"), "middleware \"default-ghost@kubernetescrd\" does not exist"),
                new Case("middleware two kinds", middleware("two", "addPrefix: {prefix: /a}\n  stripPrefix: {prefixes: [/b]}"),
                        "case.yaml:1: Middleware/default/two: spec must name exactly one middleware type"),
                new Case("middleware no kind", "apiVersion: traefik.io/v1alpha1\nkind: Middleware\nmetadata: {name: empty}\nspec: {}\n", "spec names no middleware type"),
                new Case("unknown middleware kind", middleware("odd", "teleport: {to: mars}"), "of type teleport is not supported yet"),
                new Case("bad regexp", middleware("re", "stripPrefixRegex: {regex: ['/v[0-9']}"),
                        "case.yaml:1: Middleware/default/re: middleware \"default-re@kubernetescrd\": spec.stripPrefixRegex.regex[0]: invalid regular expression"),
                new Case("bad cidr", middleware("ips", "ipAllowList: {sourceRange: [10.0.0.0/33]}"), "spec.ipAllowList.sourceRange[0]"),
                new Case("missing secret", middleware("auth", "basicAuth: {secret: nope}"), "nope"),
                new Case("addPrefix without slash", middleware("ap", "addPrefix: {prefix: api}"), "spec.addPrefix.prefix: must start with /"),
                new Case("bad circuit breaker", middleware("cb", "circuitBreaker: {expression: 'NetworkErrorRatio() >'}"), "spec.circuitBreaker.expression"),
                new Case("bad rate limit", middleware("rl", "rateLimit: {average: -5}"), "spec.rateLimit.average"),
                new Case("middleware chain cycle", middleware("c1", "chain: {middlewares: [{name: c2}]}") + "---\n" + middleware("c2", "chain: {middlewares: [{name: c1}]}"),
                        "reference cycle"),
                new Case("bad health check", route("Host(`x`)", "").replace("port: 80}", "port: 80, healthCheck: {interval: soon}}"), "healthCheck.interval"),
                new Case("unknown servers transport", route("Host(`x`)", "").replace("port: 80}", "port: 80, serversTransport: ghost}"), "ghost"),
                new Case("child with entry points", """
                        apiVersion: traefik.io/v1alpha1
                        kind: IngressRoute
                        metadata: {name: child}
                        spec:
                          parentRefs: [{name: missing-parent}]
                          entryPoints: [web]
                          routes:
                            - match: Path(`/c`)
                              services: [{name: app, port: 80}]
                        """, "must not set entryPoints"),
                new Case("missing parent", """
                        apiVersion: traefik.io/v1alpha1
                        kind: IngressRoute
                        metadata: {name: child}
                        spec:
                          parentRefs: [{name: missing-parent}]
                          routes:
                            - match: Path(`/c`)
                              services: [{name: app, port: 80}]
                        """, "parent IngressRoute default/missing-parent not found"),
                new Case("route without service or children", route("Host(`x`)", "").replace("      services: [{name: app, port: 80}]\n", ""),
                        "the router has no service and no child router"),
                new Case("no ready endpoints", route("Host(`x`)", "").replace("name: app", "name: empty") + """
                        ---
                        apiVersion: v1
                        kind: Service
                        metadata: {name: empty}
                        spec: {ports: [{name: http, port: 80}]}
                        """, "has no ready endpoints")
        );
    }

    Result check(Path dir, String yaml, String... flags) throws Exception {
        Files.writeString(dir.resolve("base.yaml"), BASE);
        Files.writeString(dir.resolve("case.yaml"), yaml);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = Stream.concat(Stream.of(dir.toString()), Stream.of(flags)).toArray(String[]::new);
        int code = CheckCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Result(int code, String out, String err) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenManifests")
    void reportsEachBrokenManifestWithFileLineAndExits1(Case c, @TempDir Path dir) throws Exception {
        Result r = check(dir, c.yaml());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains(c.expected()), "expected \"" + c.expected() + "\" in:\n" + r.out());
        String firstLine = r.out().lines().findFirst().orElse("");
        assertTrue(firstLine.matches("^case\\.yaml:\\d+: .*"), "file:line first: " + firstLine);
    }

    @Test
    void corpusIsLargeEnough() {
        assertTrue(brokenManifests().count() >= 30);
    }

    @Test
    void aGoodDirectoryExits0WithASummary(@TempDir Path dir) throws Exception {
        Result r = check(dir, route("Host(`x`)", "") + """
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app}
                """);
        assertEquals(0, r.code(), r.out());
        List<String> lines = r.out().lines().toList();
        assertEquals("case.yaml:9: Deployment/default/app: skipped: Jetway does not read apps/v1 Deployment", lines.get(0));
        assertEquals("1 routers (0 disabled), 1 services, 0 middlewares; 0 errors", lines.get(lines.size() - 1));
    }

    @Test
    void eachCauseIsSaidOnceWhereItIsDefined(@TempDir Path dir) throws Exception {
        Result r = check(dir, middleware("re", "stripPrefixRegex: {regex: ['(']}") + "---\n" + routeWithMiddleware("re"));
        long lines = r.out().lines().filter(l -> l.contains("invalid regular expression")).count();
        assertEquals(1, lines, r.out());
    }

    @Test
    void badArgumentsExit2(@TempDir Path dir) throws Exception {
        assertEquals(2, check(dir, BASE, "--no-such-flag=1").code());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, CheckCommand.run(new String[0], System.out, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertEquals(2, CheckCommand.run(new String[]{dir.resolve("missing").toString()}, System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8)));
    }

    @Test
    void providerFlagsApply(@TempDir Path dir) throws Exception {
        String crossNamespace = route("Host(`x`)", "").replace("port: 80}", "port: 80, namespace: other}") + """
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: app, namespace: other}
                spec: {ports: [{name: http, port: 80}]}
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: app, namespace: other}
                subsets: [{addresses: [{ip: 10.0.0.2}], ports: [{name: http, port: 8080}]}]
                """;
        assertEquals(1, check(dir, crossNamespace).code());
        assertEquals(0, check(dir, crossNamespace, "--providers.kubernetescrd.allowcrossnamespace=true").code());
    }

    @Test
    void clusterModeWarnsOfObjectsThatAreNotInTheDirectoryAndStillFailsOnBrokenOnes(@TempDir Path dir) throws Exception {
        String routeToAbsentObjects = route("Host(`x`)", "      middlewares: [{name: elsewhere}]")
                .replace("name: app, port: 80", "name: not-here, port: 80");
        assertEquals(1, check(dir, routeToAbsentObjects).code(), "the whole configuration: absent objects are errors");

        Result cluster = check(dir, routeToAbsentObjects, "--cluster");
        assertEquals(0, cluster.code(), cluster.out());
        assertTrue(cluster.out().contains("case.yaml:1: IngressRoute/default/r: warning: kubernetes service default/not-here"
                + " not found (not in the directory: it must exist in the cluster)"), cluster.out());
        assertTrue(cluster.out().strip().endsWith("; 0 errors, 1 warnings"), cluster.out());

        Result broken = check(dir, route("Host(`x`", ""), "--cluster");
        assertEquals(1, broken.code(), "a bad rule is an error in any mode: " + broken.out());
    }
}
