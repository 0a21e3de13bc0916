package io.jetway.e2e;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.jetway.e2e.MiddlewareHarness.receivedHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The headers middleware through Jetway: custom headers, CORS, security headers and checks. */
class HeadersMiddlewareTest {

    private static final String TRUST_ALL = "--entrypoints.web.forwardedheaders.insecure=true";

    /** Jetway with the manifests in front of a scripted backend as Service "app". */
    static JetwayHarness jetway(Path dir, Backend backend, String manifests, String... flags) throws Exception {
        Path dirManifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(dirManifests.resolve("app.yaml"), Manifests.service("app", backend.port()) + manifests);
        return JetwayHarness.start(dirManifests, flags);
    }

    @Test
    void customHeadersAreSetOrRemovedOnBothSides(@TempDir Path dir) throws Exception {
        String manifests = Manifests.middleware("custom", """
                headers:
                  customRequestHeaders:
                    X-Script-Name: test
                    X-Drop-Me: ""
                  customResponseHeaders:
                    X-Custom-Response-Header: value
                    X-Whoami-Name: ""
                """) + Manifests.appRoute("app.localhost", "{name: custom}");
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, "", manifests)) {
            ContentResponse r = h.jetway.request("app.localhost", "/")
                    .headers(x -> x.put("X-Drop-Me", "secret").put("X-Script-Name", "client")).send();
            assertEquals(200, r.getStatus());
            assertEquals("test", receivedHeader(r, "X-Script-Name"), "set, replacing the client's value");
            assertNull(receivedHeader(r, "X-Drop-Me"), "an empty value removes the header");
            assertEquals("value", r.getHeaders().get("X-Custom-Response-Header"));
            assertFalse(r.getHeaders().contains("X-Whoami-Name"), "the backend's header is removed");
        }
    }

    @Test
    void seed003SecurityHeadersRemoveTheServerHeaderAndForceSts(@TempDir Path dir) throws Exception {
        // Seed 003's middleware as written (its namespace is production; the route refers to it across).
        String manifests = """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata:
                  name: security-headers
                  namespace: production
                spec:
                  headers:
                    frameDeny: true
                    sslRedirect: true
                    browserXssFilter: true
                    contentTypeNosniff: true
                    forceSTSHeader: true
                    stsIncludeSubdomains: true
                    stsPreload: true
                    stsSeconds: 31536000
                    customResponseHeaders:
                      X-Robots-Tag: noindex,nofollow,nosnippet
                      Server: ""       # remove server header
                ---
                """ + Manifests.appRoute("app.example.com", "{name: security-headers, namespace: production}");
        try (Backend backend = Backend.scripted();
             JetwayHarness j = jetway(dir, backend, manifests, TRUST_ALL, "--providers.kubernetescrd.allowCrossNamespace=true")) {
            // Over plain HTTP (TLS arrives with another issue) every request is redirected.
            ContentResponse r = j.request("app.example.com", "/page?x=1").headers(x -> x.put("X-Forwarded-Proto", "https")).send();
            assertEquals(301, r.getStatus(), "sslRedirect as Traefik v2 did; without sslProxyHeaders only TLS itself counts");
            assertEquals("https://app.example.com/page?x=1", r.getHeaders().get("Location"));
            assertEquals("noindex,nofollow,nosnippet", r.getHeaders().get("X-Robots-Tag"), "custom headers are on the redirect too");
            assertFalse(r.getHeaders().contains("Server"), "Server: \"\" removes the header");
            assertFalse(r.getHeaders().contains("X-Frame-Options"), "security headers only follow passed checks");
            assertEquals(0, backend.requestCount());
        }
    }

    @Test
    void securityHeadersAreAddedAndStsNeedsTls(@TempDir Path dir) throws Exception {
        String manifests = Manifests.middleware("secure", """
                headers:
                  frameDeny: true
                  customFrameOptionsValue: SAMEORIGIN
                  contentTypeNosniff: true
                  browserXssFilter: true
                  contentSecurityPolicy: "default-src 'self'"
                  contentSecurityPolicyReportOnly: "script-src 'self'"
                  referrerPolicy: same-origin
                  permissionsPolicy: "camera=()"
                  stsSeconds: 300
                  stsIncludeSubdomains: true
                  sslProxyHeaders:
                    X-Forwarded-Proto: https
                  customResponseHeaders:
                    Server: ""
                    X-Content-Type-Options: custom
                """) + Manifests.appRoute("app.localhost", "{name: secure}");
        try (Backend backend = Backend.scripted(); JetwayHarness j = jetway(dir, backend, manifests)) {
            ContentResponse r = j.get("app.localhost", "/?server=backend-1&type=text/plain");
            assertEquals(200, r.getStatus());
            assertEquals("SAMEORIGIN", r.getHeaders().get("X-Frame-Options"), "customFrameOptionsValue wins over frameDeny");
            assertEquals("custom", r.getHeaders().get("X-Content-Type-Options"), "a custom response header wins");
            assertEquals("1; mode=block", r.getHeaders().get("X-XSS-Protection"));
            assertEquals("default-src 'self'", r.getHeaders().get("Content-Security-Policy"));
            assertEquals("script-src 'self'", r.getHeaders().get("Content-Security-Policy-Report-Only"));
            assertEquals("same-origin", r.getHeaders().get("Referrer-Policy"));
            assertEquals("camera=()", r.getHeaders().get("Permissions-Policy"));
            assertFalse(r.getHeaders().contains("Server"), "the backend's Server header is removed");
            assertFalse(r.getHeaders().contains("Strict-Transport-Security"), "plain HTTP gets no STS");

            ContentResponse untrusted = j.request("app.localhost", "/").headers(x -> x.put("X-Forwarded-Proto", "https")).send();
            assertFalse(untrusted.getHeaders().contains("Strict-Transport-Security"),
                    "X-Forwarded-Proto from a peer the entry point does not trust is ignored");
        }
        Path trusted = dir.resolve("trusted");
        try (Backend backend = Backend.scripted(); JetwayHarness j = jetway(trusted, backend, manifests, TRUST_ALL)) {
            ContentResponse r = j.request("app.localhost", "/").headers(x -> x.put("X-Forwarded-Proto", "https")).send();
            assertEquals("max-age=300; includeSubDomains", r.getHeaders().get("Strict-Transport-Security"),
                    "a trusted proxy's X-Forwarded-Proto: https counts as TLS through sslProxyHeaders");
        }
    }

    @Test
    void allowedHostsRejectOtherHostsAndHostsProxyHeadersNameTheHost(@TempDir Path dir) throws Exception {
        String manifests = Manifests.middleware("hosts", """
                headers:
                  allowedHosts: [app.localhost, public.example.com]
                  hostsProxyHeaders: [X-Forwarded-Host]
                  customResponseHeaders: {X-Seen: "yes"}
                """) + Manifests.appRoute("app.localhost", "{name: hosts}").replace("Host(`app.localhost`)", "PathPrefix(`/`)");
        try (Backend backend = Backend.scripted(); JetwayHarness j = jetway(dir, backend, manifests, TRUST_ALL)) {
            assertEquals(200, j.get("APP.localhost", "/").getStatus(), "hosts compare case-insensitively");
            ContentResponse bad = j.get("other.localhost", "/");
            // unrolled/secure's answer, which Traefik keeps.
            assertEquals(500, bad.getStatus());
            assertEquals("Bad Host\n", bad.getContentAsString());
            assertEquals("yes", bad.getHeaders().get("X-Seen"));
            ContentResponse proxied = j.request("internal:8080", "/").headers(x -> x.put("X-Forwarded-Host", "public.example.com")).send();
            assertEquals(200, proxied.getStatus(), "the host a trusted proxy names is checked instead");
            assertEquals(2, backend.requestCount());
        }
    }

    @Test
    void temporarySslRedirectToAnotherHost(@TempDir Path dir) throws Exception {
        String manifests = Manifests.middleware("ssl", """
                headers:
                  sslRedirect: true
                  sslTemporaryRedirect: true
                  sslHost: secure.example.com
                  sslProxyHeaders: {X-Forwarded-Proto: https}
                """) + Manifests.appRoute("app.localhost", "{name: ssl}");
        try (Backend backend = Backend.scripted(); JetwayHarness j = jetway(dir, backend, manifests, TRUST_ALL)) {
            ContentResponse r = j.get("app.localhost", "/a/b?c=d");
            // unrolled/secure answers 307 for sslTemporaryRedirect (Traefik v2's docs said 302).
            assertEquals(307, r.getStatus());
            assertEquals("https://secure.example.com/a/b?c=d", r.getHeaders().get("Location"));
            ContentResponse behindTls = j.request("app.localhost", "/").headers(x -> x.put("X-Forwarded-Proto", "https")).send();
            assertEquals(200, behindTls.getStatus(), "already on HTTPS: served");
        }
    }

    @Test
    void corsPreflightIsAnsweredWithoutTheBackend(@TempDir Path dir) throws Exception {
        String manifests = Manifests.middleware("cors", """
                headers:
                  accessControlAllowMethods: [GET, OPTIONS, PUT]
                  accessControlAllowHeaders: [X-Custom, Content-Type]
                  accessControlAllowOriginList: [https://foo.example]
                  accessControlAllowOriginListRegex: ['^https://([a-z]+)\\.bar\\.example$']
                  accessControlExposeHeaders: [X-Exposed, X-Other]
                  accessControlAllowCredentials: true
                  accessControlMaxAge: 100
                  addVaryHeader: true
                  customResponseHeaders: {X-Custom-Response: "yes"}
                """) + Manifests.appRoute("app.localhost", "{name: cors}");
        try (Backend backend = Backend.scripted(); JetwayHarness j = jetway(dir, backend, manifests)) {
            ContentResponse preflight = j.request("app.localhost", "/api").method(HttpMethod.OPTIONS)
                    .headers(x -> x.put("Origin", "https://foo.example").put("Access-Control-Request-Method", "PUT")).send();
            assertEquals(200, preflight.getStatus());
            assertEquals("0", preflight.getHeaders().get("Content-Length"));
            assertEquals("", preflight.getContentAsString());
            assertEquals("https://foo.example", preflight.getHeaders().get("Access-Control-Allow-Origin"));
            assertEquals("GET,OPTIONS,PUT", preflight.getHeaders().get("Access-Control-Allow-Methods"));
            assertEquals("X-Custom,Content-Type", preflight.getHeaders().get("Access-Control-Allow-Headers"));
            assertEquals("true", preflight.getHeaders().get("Access-Control-Allow-Credentials"));
            assertEquals("100", preflight.getHeaders().get("Access-Control-Max-Age"));
            assertNull(preflight.getHeaders().get("X-Custom-Response"), "a preflight carries its CORS headers only");
            assertEquals(0, backend.requestCount(), "the preflight never reaches the backend");

            ContentResponse plainOptions = j.request("app.localhost", "/api").method(HttpMethod.OPTIONS).send();
            assertEquals(1, backend.requestCount(), "an OPTIONS without Origin is no preflight: forwarded");
            assertEquals(200, plainOptions.getStatus());

            ContentResponse get = j.request("app.localhost", "/?vary=Accept-Encoding")
                    .headers(x -> x.put("Origin", "https://sub.bar.example")).send();
            assertEquals("https://sub.bar.example", get.getHeaders().get("Access-Control-Allow-Origin"), "matched by a regex");
            assertEquals("X-Exposed,X-Other", get.getHeaders().get("Access-Control-Expose-Headers"));
            assertEquals("true", get.getHeaders().get("Access-Control-Allow-Credentials"));
            assertEquals("Accept-Encoding,Origin", get.getHeaders().get("Vary"));
            assertNull(get.getHeaders().get("Access-Control-Max-Age"), "only preflights say how long they last");

            ContentResponse stranger = j.request("app.localhost", "/?vary=Origin")
                    .headers(x -> x.put("Origin", "https://evil.example")).send();
            assertNull(stranger.getHeaders().get("Access-Control-Allow-Origin"));
            assertEquals("Origin", stranger.getHeaders().get("Vary"), "Origin is not listed twice");
        }
    }

    @Test
    void wildcardOriginIsSentEvenWithoutOrigin(@TempDir Path dir) throws Exception {
        String manifests = Manifests.middleware("cors", "headers:\n  accessControlAllowOriginList: ['*']\n")
                + Manifests.appRoute("app.localhost", "{name: cors}");
        try (Backend backend = Backend.scripted(); JetwayHarness j = jetway(dir, backend, manifests)) {
            assertEquals("*", j.get("app.localhost", "/").getHeaders().get("Access-Control-Allow-Origin"));
        }
    }

    @Test
    void responseHeadersAreOnAnswersMadeAfterTheMiddlewareButNotBefore(@TempDir Path dir) throws Exception {
        String manifests = Manifests.middleware("secure", """
                headers:
                  frameDeny: true
                  customResponseHeaders: {X-Custom: "yes"}
                """) + Manifests.middleware("deny-all", "ipAllowList: {sourceRange: [192.0.2.0/24]}") + """
                apiVersion: v1
                kind: Service
                metadata: {name: down}
                spec: {ports: [{name: http, port: 80}]}
                ---
                apiVersion: v1
                kind: Endpoints
                metadata: {name: down}
                subsets: [{addresses: [{ip: 127.0.0.1}], ports: [{name: http, port: 1}]}]
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: routes}
                spec:
                  routes:
                    - match: Host(`after.localhost`)
                      middlewares: [{name: secure}, {name: deny-all}]
                      services: [{name: app, port: 80}]
                    - match: Host(`before.localhost`)
                      middlewares: [{name: deny-all}, {name: secure}]
                      services: [{name: app, port: 80}]
                    - match: Host(`down.localhost`)
                      middlewares: [{name: secure}]
                      services: [{name: down, port: 80}]
                """;
        try (Backend backend = Backend.scripted(); JetwayHarness j = jetway(dir, backend, manifests)) {
            ContentResponse after = j.get("after.localhost", "/");
            assertEquals(403, after.getStatus());
            assertEquals("DENY", after.getHeaders().get("X-Frame-Options"));
            assertEquals("yes", after.getHeaders().get("X-Custom"));

            ContentResponse before = j.get("before.localhost", "/");
            assertEquals(403, before.getStatus());
            assertNull(before.getHeaders().get("X-Frame-Options"), "the rejection came first");

            ContentResponse down = j.get("down.localhost", "/");
            assertEquals(502, down.getStatus());
            assertEquals("DENY", down.getHeaders().get("X-Frame-Options"), "the proxy's own error answers carry them");
            assertEquals("yes", down.getHeaders().get("X-Custom"));
            assertNull(j.get("nothing.localhost", "/").getHeaders().get("X-Frame-Options"), "nor the 404 of no router");
        }
    }
}
