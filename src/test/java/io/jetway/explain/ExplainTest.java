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

/** {@code jetway explain}: which router serves a request, and why the ones before it did not. */
class ExplainTest {

    static final String MANIFESTS = Manifests.APP_SERVICE + """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: strip}
            spec: {stripPrefix: {prefixes: [/api]}}
            ---
            apiVersion: traefik.io/v1alpha1
            kind: IngressRoute
            metadata: {name: shop}
            spec:
              routes:
                - match: Host(`shop.example.com`) && PathPrefix(`/api`) && Method(`POST`)
                  middlewares: [{name: strip}]
                  services: [{name: app, port: 80}]
                - match: Host(`shop.example.com`) && (Header(`X-Beta`, `1`) || Query(`beta`, `yes`))
                  services: [{name: app, port: 80}]
                - match: Host(`shop.example.com`)
                  priority: 1
                  services: [{name: app, port: 80}]
            """;

    record Run(int code, List<String> lines) {
    }

    static Run explain(Path dir, String... args) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("shop.yaml"), MANIFESTS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "--providers.file.directory=" + manifests;
        System.arraycopy(args, 0, all, 1, args.length);
        int code = ExplainCommand.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        return new Run(code, out.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void saysWhichRouterServesAndWhyTheHigherOnesDidNot(@TempDir Path dir) throws Exception {
        Run run = explain(dir, "--method=GET", "http://shop.example.com/api/items");
        assertEquals(0, run.code());
        assertEquals(List.of(
                "skipped default-shop-aabfb0c6673be9124e86@kubernetescrd (priority 75, Host(`shop.example.com`) && (Header(`X-Beta`, `1`) || Query(`beta`, `yes`))): "
                        + "none of the alternatives matched: Header(X-Beta, 1) did not match; Query(beta, yes) did not match",
                "skipped default-shop-8f667bfa8792726886a2@kubernetescrd (priority 64, Host(`shop.example.com`) && PathPrefix(`/api`) && Method(`POST`)): Method(POST) did not match",
                "matched default-shop-38bcef08ab977d6de43a@kubernetescrd (priority 1, Host(`shop.example.com`))",
                "  from: IngressRoute default/shop",
                "  service: default-shop-38bcef08ab977d6de43a@kubernetescrd"), run.lines());
    }

    @Test
    void headersAndMiddlewaresShowUp(@TempDir Path dir) throws Exception {
        Run beta = explain(dir, "--header=X-Beta: 1", "http://shop.example.com/");
        assertEquals("matched default-shop-aabfb0c6673be9124e86@kubernetescrd (priority 75, Host(`shop.example.com`) && (Header(`X-Beta`, `1`) || Query(`beta`, `yes`)))",
                beta.lines().get(0));
        Run post = explain(dir, "--method=post", "http://shop.example.com/api/x");
        assertEquals("  middlewares: default-strip@kubernetescrd", post.lines().get(post.lines().size() - 2));
    }

    @Test
    void thePathIsCleanedAsTheEntryPointCleansIt(@TempDir Path dir) throws Exception {
        Run cleaned = explain(dir, "--method=POST", "http://shop.example.com/web/%2e%2e/api//x");
        assertEquals("matched default-shop-8f667bfa8792726886a2@kubernetescrd (priority 64, Host(`shop.example.com`) && PathPrefix(`/api`) && Method(`POST`))",
                cleaned.lines().get(1), "routed as /api/x");

        Run raw = explain(dir, "--entrypoints.web.address=:80", "--entrypoints.web.http.sanitizepath=false",
                "--method=POST", "http://shop.example.com/web/%2e%2e/api//x");
        assertEquals("skipped default-shop-8f667bfa8792726886a2@kubernetescrd (priority 64, Host(`shop.example.com`) && PathPrefix(`/api`) && Method(`POST`)): "
                + "PathPrefix(/api) did not match", raw.lines().get(1), "routed as /web/../api//x");
    }

    @Test
    void noMatchIs404AndExit1(@TempDir Path dir) throws Exception {
        Run run = explain(dir, "http://other.example.com/");
        assertEquals(1, run.code());
        assertEquals("no router matches on entry point web: 404 page not found", run.lines().get(run.lines().size() - 1));
        assertEquals(true, run.lines().get(0).endsWith("Host(`shop.example.com`) did not match host \"other.example.com\""), run.lines().get(0));
    }

    @Test
    void badArgumentsExit2(@TempDir Path dir) throws Exception {
        assertEquals(2, explain(dir).code());
        assertEquals(2, explain(dir, "/relative").code());
        assertEquals(2, explain(dir, "--entrypoint=nope", "http://a/").code());
        assertEquals(2, explain(dir, "--header=novalue", "http://a/").code());
    }

    @Test
    void namesTheHttpRouteRuleThatMatched(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("g"));
        Files.writeString(manifests.resolve("gw.yaml"), """
                apiVersion: gateway.networking.k8s.io/v1
                kind: GatewayClass
                metadata: {name: jetway}
                spec: {controllerName: traefik.io/gateway-controller}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: gw, namespace: default}
                spec:
                  gatewayClassName: jetway
                  listeners: [{name: http, protocol: HTTP, port: 8000}]
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: shop, namespace: default}
                spec:
                  parentRefs: [{name: gw}]
                  rules:
                    - matches: [{path: {type: PathPrefix, value: /api}}]
                      backendRefs: [{group: traefik.io, kind: TraefikService, name: noop@internal}]
                    - backendRefs: [{group: traefik.io, kind: TraefikService, name: noop@internal}]
                """);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code = ExplainCommand.run(new String[]{"--providers.file.directory=" + manifests, "--providers.kubernetesgateway",
                "--entrypoints.web.address=:8000", "http://shop.example.com/api/x"}, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(0, code, String.valueOf(lines));
        assertTrue(lines.contains("  from: HTTPRoute default/shop, rules[0]"), String.valueOf(lines));
        ByteArrayOutputStream other = new ByteArrayOutputStream();
        ExplainCommand.run(new String[]{"--providers.file.directory=" + manifests, "--providers.kubernetesgateway",
                "--entrypoints.web.address=:8000", "http://shop.example.com/else"}, new PrintStream(other, true, StandardCharsets.UTF_8), System.err);
        assertTrue(other.toString(StandardCharsets.UTF_8).contains("  from: HTTPRoute default/shop, rules[1]"), other.toString(StandardCharsets.UTF_8));
    }
}
