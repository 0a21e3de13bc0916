package io.jetway.e2e.conformance;

import io.jetway.e2e.conformance.ConformanceCluster.Call;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static io.jetway.e2e.conformance.ConformanceCluster.INFRA;
import static io.jetway.e2e.conformance.ConformanceCluster.NAME_HEADER;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Gateway API conformance v1.5.1, profile GATEWAY-HTTP, extended: redirects, rewrites, response
 * headers, method and query matching, named rules and parentRef ports. Each method is named after
 * the upstream test's ShortName and checks its expectations against one Jetway reading fabric8's
 * API server mock; see docs/gateway-api.md.
 *
 * <p>Redirect tests send the Host header the suite's client sends: the Gateway's address, without
 * the port when it is the scheme's own (80 for http), with it otherwise (8080), since the Location
 * keeps the request's port and the suite expects the listener's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpRouteExtendedConformanceTest extends ConformanceClass {

    private HttpClient https;

    @AfterAll
    void stop() throws Exception {
        if (https != null) {
            https.stop();
        }
    }

    /** The suite's Host for a request to the Gateway's address on that listener port (CalculateHost). */
    private static String suiteHost(int listenerPort) {
        return listenerPort == 80 || listenerPort == 443 ? "127.0.0.1" : "127.0.0.1:" + listenerPort;
    }

    private static Call request(String method, int listenerPort, String path) {
        return new Call(method, suiteHost(listenerPort), path, Map.of());
    }

    // ---- redirects ----

    /**
     * What the suite compares of a redirect: the status, and the Location's host, port, scheme and
     * path, where a null expectation means the suite's default (host: any; scheme and path: the
     * request's; port: none or the scheme's own).
     */
    private record Redirect(int status, String scheme, String host, String port, String path) implements Predicate<ContentResponse> {

        static Redirect to(int status) {
            return new Redirect(status, null, null, null, null);
        }

        Redirect scheme(String s) {
            return new Redirect(status, s, host, port, path);
        }

        Redirect host(String h) {
            return new Redirect(status, scheme, h, port, path);
        }

        Redirect port(String p) {
            return new Redirect(status, scheme, host, p, path);
        }

        Redirect path(String p) {
            return new Redirect(status, scheme, host, port, p);
        }

        /** Fills the defaults from the request (a scheme and path the request had). */
        Redirect forRequest(String requestScheme, String requestPath) {
            return new Redirect(status, scheme == null ? requestScheme : scheme, host, port,
                    path == null ? URI.create(requestPath).getPath() : path);
        }

        @Override
        public boolean test(ContentResponse r) {
            String location = r.getHeaders().get("Location");
            if (r.getStatus() != status || location == null) {
                return false;
            }
            URI got = URI.create(location);
            String gotPort = got.getPort() < 0 ? "" : String.valueOf(got.getPort());
            boolean portOk = port != null ? port.equals(gotPort)
                    : "http".equalsIgnoreCase(got.getScheme()) ? gotPort.isEmpty() || gotPort.equals("80")
                    : !"https".equalsIgnoreCase(got.getScheme()) || gotPort.isEmpty() || gotPort.equals("443");
            return (host == null || host.equals(got.getHost())) && portOk && scheme.equals(got.getScheme())
                    && path.equals(got.getRawPath());
        }

        @Override
        public String toString() {
            return status + " to " + scheme + "://" + (host == null ? "<any>" : host) + (port == null ? "" : ":" + port) + path;
        }
    }

    private void expectRedirect(int listenerPort, Call call, Redirect redirect) throws Exception {
        Redirect expected = redirect.forRequest("http", call.path());
        AtomicReference<String> location = new AtomicReference<>();
        ContentResponse r;
        try {
            r = cluster.expect(listenerPort, call, answer -> {
                location.set(answer.getHeaders().get("Location"));
                return expected.test(answer);
            }, call + " -> " + expected);
        } catch (AssertionError failed) {
            throw new AssertionError(failed.getMessage() + "; last Location " + location.get(), failed);
        }
        assertEquals(redirect.status(), r.getStatus(), r.getHeaders().get("Location"));
    }

    private void simpleRedirect(String name, String prefix, int status, String method) throws Exception {
        cluster.apply(route(name, INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - matches: [{path: {type: PathPrefix, value: %s}}]
                  filters:
                  - type: RequestRedirect
                    requestRedirect: {statusCode: %d}
                """.formatted(prefix, status)));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, name);
        cluster.resolvedRefsTrue(INFRA, name, INFRA, "same-namespace");
        expectRedirect(80, request(method, 80, prefix), Redirect.to(status).path(prefix));
    }

    @Test
    void HTTPRoute303Redirect() throws Exception {
        simpleRedirect("303-redirect", "/see-other", 303, "POST");
    }

    @Test
    void HTTPRoute307Redirect() throws Exception {
        simpleRedirect("307-redirect", "/temporary", 307, "GET");
    }

    @Test
    void HTTPRoute308Redirect() throws Exception {
        simpleRedirect("308-redirect", "/permanent", 308, "GET");
    }

    /** One rule per entry: a PathPrefix match and a RequestRedirect filter with those fields. */
    private static String redirectRules(String... prefixAndRedirect) {
        StringBuilder rules = new StringBuilder("rules:\n");
        for (int i = 0; i < prefixAndRedirect.length; i += 2) {
            rules.append("""
                    - matches: [{path: {type: PathPrefix, value: %s}}]
                      filters:
                      - type: RequestRedirect
                        requestRedirect: %s
                    """.formatted(prefixAndRedirect[i], prefixAndRedirect[i + 1]));
        }
        return rules.toString();
    }

    @Test
    void HTTPRouteRedirectPath() throws Exception {
        cluster.apply(route("redirect-path", INFRA, "parentRefs: [{name: same-namespace}]\n" + redirectRules(
                "/original-prefix", "{path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}",
                "/full", "{path: {type: ReplaceFullPath, replaceFullPath: /full-path-replacement}}",
                "/path-and-host", "{hostname: example.org, path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}}",
                "/path-and-status", "{path: {type: ReplacePrefixMatch, replacePrefixMatch: /replacement-prefix}, statusCode: 301}",
                "/full-path-and-host", "{hostname: example.org, path: {type: ReplaceFullPath, replaceFullPath: /replacement-full}}",
                "/full-path-and-status", "{path: {type: ReplaceFullPath, replaceFullPath: /replacement-full}, statusCode: 301}")));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "redirect-path");
        cluster.resolvedRefsTrue(INFRA, "redirect-path", INFRA, "same-namespace");
        expectRedirect(80, request("GET", 80, "/original-prefix/lemon"), Redirect.to(302).path("/replacement-prefix/lemon"));
        expectRedirect(80, request("GET", 80, "/full/path/original"), Redirect.to(302).path("/full-path-replacement"));
        expectRedirect(80, request("GET", 80, "/path-and-host"), Redirect.to(302).host("example.org").path("/replacement-prefix"));
        expectRedirect(80, request("GET", 80, "/path-and-status"), Redirect.to(301).path("/replacement-prefix"));
        expectRedirect(80, request("GET", 80, "/full-path-and-host"), Redirect.to(302).host("example.org").path("/replacement-full"));
        expectRedirect(80, request("GET", 80, "/full-path-and-status"), Redirect.to(301).path("/replacement-full"));
    }

    @Test
    void HTTPRouteRedirectPort() throws Exception {
        cluster.apply(route("redirect-port", INFRA, "parentRefs: [{name: same-namespace}]\n" + redirectRules(
                "/port", "{port: 8083}",
                "/port-and-host", "{hostname: example.org, port: 8083}",
                "/port-and-status", "{port: 8083, statusCode: 301}",
                "/port-and-host-and-status", "{port: 8083, hostname: example.org, statusCode: 302}")));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "redirect-port");
        cluster.resolvedRefsTrue(INFRA, "redirect-port", INFRA, "same-namespace");
        expectRedirect(80, request("GET", 80, "/port"), Redirect.to(302).port("8083"));
        expectRedirect(80, request("GET", 80, "/port-and-host"), Redirect.to(302).host("example.org").port("8083"));
        expectRedirect(80, request("GET", 80, "/port-and-status"), Redirect.to(301).port("8083"));
        expectRedirect(80, request("GET", 80, "/port-and-host-and-status"), Redirect.to(302).host("example.org").port("8083"));
    }

    @Test
    void HTTPRouteRedirectScheme() throws Exception {
        cluster.apply(route("redirect-scheme", INFRA, "parentRefs: [{name: same-namespace}]\n" + redirectRules(
                "/scheme", "{scheme: https}",
                "/scheme-and-host", "{hostname: example.org, scheme: https}",
                "/scheme-and-status", "{scheme: https, statusCode: 301}",
                "/scheme-and-host-and-status", "{scheme: https, statusCode: 302, hostname: example.org}")));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "redirect-scheme");
        cluster.resolvedRefsTrue(INFRA, "redirect-scheme", INFRA, "same-namespace");
        expectRedirect(80, request("GET", 80, "/scheme"), Redirect.to(302).scheme("https"));
        expectRedirect(80, request("GET", 80, "/scheme-and-host"), Redirect.to(302).host("example.org").scheme("https"));
        expectRedirect(80, request("GET", 80, "/scheme-and-status"), Redirect.to(301).scheme("https"));
        expectRedirect(80, request("GET", 80, "/scheme-and-host-and-status"), Redirect.to(302).scheme("https").host("example.org"));
    }

    @Test
    void HTTPRouteRedirectPortAndScheme() throws Exception {
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: same-namespace-with-http-listener-on-8080, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - {name: http, port: 8080, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}}
                ---
                """ + route("http-route-for-listener-on-port-80", INFRA, "parentRefs: [{name: same-namespace}]\n" + redirectRules(
                "/scheme-nil-and-port-nil", "{hostname: example.org}",
                "/scheme-nil-and-port-80", "{port: 80, hostname: example.org}",
                "/scheme-nil-and-port-8080", "{port: 8080, hostname: example.org}",
                "/scheme-https-and-port-nil", "{scheme: https, hostname: example.org}",
                "/scheme-https-and-port-443", "{scheme: https, port: 443, hostname: example.org}",
                "/scheme-https-and-port-8443", "{scheme: https, port: 8443, hostname: example.org}"))
                + "---\n" + route("http-route-for-listener-on-port-8080", INFRA,
                "parentRefs: [{name: same-namespace-with-http-listener-on-8080}]\n" + redirectRules(
                "/scheme-nil-and-port-nil", "{hostname: example.org}",
                "/scheme-nil-and-port-80", "{port: 80, hostname: example.org}",
                "/scheme-https-and-port-nil", "{scheme: https, hostname: example.org}"))
                + "---\n" + route("http-route-for-listener-on-port-443", INFRA,
                "parentRefs: [{name: same-namespace-with-https-listener}]\n" + redirectRules(
                "/scheme-nil-and-port-nil", "{hostname: example.org}",
                "/scheme-nil-and-port-443", "{port: 443, hostname: example.org}",
                "/scheme-nil-and-port-8443", "{port: 8443, hostname: example.org}",
                "/scheme-http-and-port-nil", "{scheme: http, hostname: example.org}",
                "/scheme-http-and-port-80", "{scheme: http, port: 80, hostname: example.org}",
                "/scheme-http-and-port-8080", "{scheme: http, port: 8080, hostname: example.org}")));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "http-route-for-listener-on-port-80");
        cluster.resolvedRefsTrue(INFRA, "http-route-for-listener-on-port-80", INFRA, "same-namespace");
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace-with-http-listener-on-8080", INFRA,
                "http-route-for-listener-on-port-8080");
        cluster.resolvedRefsTrue(INFRA, "http-route-for-listener-on-port-8080", INFRA, "same-namespace-with-http-listener-on-8080");
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace-with-https-listener", INFRA,
                "http-route-for-listener-on-port-443");
        cluster.resolvedRefsTrue(INFRA, "http-route-for-listener-on-port-443", INFRA, "same-namespace-with-https-listener");

        Redirect toExample = Redirect.to(302).host("example.org");
        expectRedirect(80, request("GET", 80, "/scheme-nil-and-port-nil"), toExample.scheme("http"));
        expectRedirect(80, request("GET", 80, "/scheme-nil-and-port-80"), toExample.scheme("http"));
        expectRedirect(80, request("GET", 80, "/scheme-nil-and-port-8080"), toExample.scheme("http").port("8080"));
        expectRedirect(80, request("GET", 80, "/scheme-https-and-port-nil"), toExample.scheme("https"));
        expectRedirect(80, request("GET", 80, "/scheme-https-and-port-443"), toExample.scheme("https"));
        expectRedirect(80, request("GET", 80, "/scheme-https-and-port-8443"), toExample.scheme("https").port("8443"));

        expectRedirect(8080, request("GET", 8080, "/scheme-nil-and-port-nil"), toExample.scheme("http").port("8080"));
        expectRedirect(8080, request("GET", 8080, "/scheme-nil-and-port-80"), toExample.scheme("http"));
        expectRedirect(8080, request("GET", 8080, "/scheme-https-and-port-nil"), toExample.scheme("https"));

        // Over TLS with SNI and Host example.org, as the suite's TLS client.
        expectHttpsRedirect("/scheme-nil-and-port-nil", toExample.scheme("https"));
        expectHttpsRedirect("/scheme-nil-and-port-443", toExample.scheme("https"));
        expectHttpsRedirect("/scheme-nil-and-port-8443", toExample.scheme("https").port("8443"));
        expectHttpsRedirect("/scheme-http-and-port-nil", toExample.scheme("http"));
        expectHttpsRedirect("/scheme-http-and-port-80", toExample.scheme("http"));
        expectHttpsRedirect("/scheme-http-and-port-8080", toExample.scheme("http").port("8080"));
    }

    /**
     * GET https://example.org{path} on the 443 listener (SNI and Host example.org), checked like
     * {@link ConformanceCluster#expect}: the answer must hold three times in a row.
     */
    private void expectHttpsRedirect(String path, Redirect redirect) throws Exception {
        Redirect expected = redirect.forRequest("https", path);
        long deadline = System.nanoTime() + ConformanceCluster.LIMIT.toNanos();
        int streak = 0;
        String last = null;
        do {
            try {
                ContentResponse r = httpsClient().newRequest("https://example.org:" + cluster.port(443) + path)
                        .headers(h -> h.put("Host", "example.org")).timeout(10, TimeUnit.SECONDS).send();
                last = r.getStatus() + " Location " + r.getHeaders().get("Location");
                streak = expected.test(r) ? streak + 1 : 0;
                if (streak >= ConformanceCluster.CONSECUTIVE) {
                    return;
                }
            } catch (Exception failed) {
                last = failed.toString();
                streak = 0;
            }
            Thread.sleep(streak > 0 ? 10 : 100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("https://example.org" + path + " -> " + expected + "; got " + last);
    }

    /**
     * A TLS client that trusts any server certificate. The suite trusts the base certificate, whose
     * names include *.org, so that SNI example.org selects it; the base certificate here names
     * neither example.org nor *.org, so Jetway answers with its default certificate. What is under
     * test is the redirect, not the certificate choice.
     */
    private HttpClient httpsClient() throws Exception {
        if (https == null) {
            SslContextFactory.Client tls = new SslContextFactory.Client(true);
            tls.setEndpointIdentificationAlgorithm(null);
            ClientConnector connector = new ClientConnector();
            connector.setSslContextFactory(tls);
            HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
            client.setSocketAddressResolver((name, port, promise) ->
                    promise.succeeded(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))));
            client.setFollowRedirects(false);
            client.setUserAgentField(null);
            client.start();
            https = client;
        }
        return https;
    }

    // ---- rewrites and headers ----

    /** What reached the backend: its name, the request line's path, the Host and the headers (names lower-cased). */
    private record Received(String backend, String path, String host, Map<String, String> headers) {

        static Received of(ContentResponse r) {
            String body = r.getContentAsString();
            String path = null;
            for (String line : body.split("\n")) {
                if (line.matches("^[A-Z]+ \\S+ HTTP/.*")) {
                    path = URI.create(line.split(" ")[1]).getRawPath();
                    break;
                }
            }
            Map<String, String> headers = HttpRouteCoreConformanceTest.receivedHeaders(body);
            return new Received(r.getHeaders().get(NAME_HEADER), path, headers.get("host"), headers);
        }
    }

    /**
     * The suite's ExpectedRequest: the request reaches that backend with that path, that Host (when
     * given), these headers (repeated ones joined with ',') and without those.
     */
    private void expectReceived(Call call, String backend, String path, String host, Map<String, String> headers,
                                List<String> absent) throws Exception {
        ContentResponse response = cluster.expect(80, call, r -> {
            if (r.getStatus() != 200) {
                return false;
            }
            Received got = Received.of(r);
            return backend.equals(got.backend()) && path.equals(got.path()) && (host == null || host.equals(got.host()))
                    && headers.entrySet().stream().allMatch(e -> e.getValue().equals(got.headers().get(e.getKey().toLowerCase())))
                    && absent.stream().noneMatch(h -> got.headers().containsKey(h.toLowerCase()));
        }, call + " -> " + backend + " receives " + path + (host == null ? "" : " for " + host) + " with " + headers
                + " and without " + absent);
        assertEquals(200, response.getStatus());
    }

    private static final Map<String, String> MODIFIED = Map.of("X-Header-Add", "header-val-1",
            "X-Header-Add-Append", "append-val-1,header-val-2", "X-Header-Set", "set-overwrites-values");

    private static final String MODIFY_HEADERS = """
            type: RequestHeaderModifier
            requestHeaderModifier:
              set: [{name: X-Header-Set, value: set-overwrites-values}]
              add: [{name: X-Header-Add, value: header-val-1}, {name: X-Header-Add-Append, value: header-val-2}]
              remove: [X-Header-Remove]
            """;

    @Test
    void HTTPRouteRewriteHost() throws Exception {
        cluster.apply(route("rewrite-host", INFRA, """
                hostnames: [rewrite.example]
                parentRefs: [{name: same-namespace}]
                rules:
                - matches: [{path: {type: PathPrefix, value: /one}}]
                  filters: [{type: URLRewrite, urlRewrite: {hostname: one.example.org}}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - filters: [{type: URLRewrite, urlRewrite: {hostname: example.org}}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /rewrite-host-and-modify-headers}}]
                  filters:
                  - {type: URLRewrite, urlRewrite: {hostname: test.example.org}}
                  - %s
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                """.formatted(MODIFY_HEADERS.indent(4).strip())));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "rewrite-host");
        cluster.resolvedRefsTrue(INFRA, "rewrite-host", INFRA, "same-namespace");
        expectReceived(Call.get("rewrite.example", "/one"), "infra-backend-v1", "/one", "one.example.org", Map.of(), List.of());
        expectReceived(Call.get("rewrite.example", "/two"), "infra-backend-v2", "/two", "example.org", Map.of(), List.of());
        expectReceived(Call.get("rewrite.example", "/rewrite-host-and-modify-headers").header("X-Header-Remove", "remove-val")
                        .header("X-Header-Add-Append", "append-val-1"), "infra-backend-v2", "/rewrite-host-and-modify-headers",
                "test.example.org", MODIFIED, List.of("X-Header-Remove"));
    }

    @Test
    void HTTPRouteRewritePath() throws Exception {
        String modify = MODIFY_HEADERS.indent(4).strip();
        cluster.apply(route("rewrite-path", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - matches: [{path: {type: PathPrefix, value: /prefix/one}}]
                  filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /one}}}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /strip-prefix}}]
                  filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /}}}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /full/one}}]
                  filters: [{type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /one}}}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /full/rewrite-path-and-modify-headers}}]
                  filters:
                  - {type: URLRewrite, urlRewrite: {path: {type: ReplaceFullPath, replaceFullPath: /test}}}
                  - %1$s
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /prefix/rewrite-path-and-modify-headers}}]
                  filters:
                  - {type: URLRewrite, urlRewrite: {path: {type: ReplacePrefixMatch, replacePrefixMatch: /prefix}}}
                  - %1$s
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                """.formatted(modify)));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "rewrite-path");
        cluster.resolvedRefsTrue(INFRA, "rewrite-path", INFRA, "same-namespace");
        expectReceived(Call.get("/prefix/one/two"), "infra-backend-v1", "/one/two", null, Map.of(), List.of());
        expectReceived(Call.get("/strip-prefix/three"), "infra-backend-v1", "/three", null, Map.of(), List.of());
        expectReceived(Call.get("/strip-prefix"), "infra-backend-v1", "/", null, Map.of(), List.of());
        expectReceived(Call.get("/full/one/two"), "infra-backend-v1", "/one", null, Map.of(), List.of());
        expectReceived(Call.get("/full/rewrite-path-and-modify-headers/test").header("X-Header-Remove", "remove-val")
                        .header("X-Header-Add-Append", "append-val-1").header("X-Header-Set", "set-val"),
                "infra-backend-v1", "/test", null, MODIFIED, List.of("X-Header-Remove"));
        expectReceived(Call.get("/prefix/rewrite-path-and-modify-headers/one").header("X-Header-Remove", "remove-val")
                        .header("X-Header-Add-Append", "append-val-1").header("X-Header-Set", "set-val"),
                "infra-backend-v1", "/prefix/one", null, MODIFIED, List.of("X-Header-Remove"));
    }

    /**
     * The suite's response checks: infra-backend-v1 answers, having been asked (X-Echo-Set-Header)
     * to set the {@code backendSets} headers; the response has these headers (repeated ones joined
     * with ',') and not those; and the request reached it with {@code requestHeaders} and without
     * {@code requestAbsent}.
     */
    private void expectResponse(Call call, Map<String, String> backendSets, Map<String, String> headers, List<String> absent,
                                Map<String, String> requestHeaders, List<String> requestAbsent) throws Exception {
        StringBuilder sets = new StringBuilder();
        backendSets.forEach((name, value) -> sets.append(sets.isEmpty() ? "" : ",").append(name).append(':').append(value));
        Call asked = call.header("X-Echo-Set-Header", sets.toString());
        cluster.expect(80, asked, r -> {
            if (r.getStatus() != 200 || !"infra-backend-v1".equals(r.getHeaders().get(NAME_HEADER))) {
                return false;
            }
            Map<String, String> received = Received.of(r).headers();
            return headers.entrySet().stream().allMatch(e -> e.getValue().equals(String.join(",", r.getHeaders().getValuesList(e.getKey()))))
                    && absent.stream().noneMatch(h -> r.getHeaders().contains(h))
                    && requestHeaders.entrySet().stream().allMatch(e -> e.getValue().equals(received.get(e.getKey().toLowerCase())))
                    && requestAbsent.stream().noneMatch(h -> received.containsKey(h.toLowerCase()));
        }, asked + " -> infra-backend-v1 answers with " + headers + " and without " + absent
                + (requestHeaders.isEmpty() ? "" : ", having received " + requestHeaders + " and not " + requestAbsent));
    }

    private static Map<String, String> ordered(String... nameValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            map.put(nameValues[i], nameValues[i + 1]);
        }
        return map;
    }

    @Test
    void HTTPRouteResponseHeaderModifier() throws Exception {
        cluster.apply(route("response-header-modifier", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - matches: [{path: {type: PathPrefix, value: /set}}]
                  filters:
                  - type: ResponseHeaderModifier
                    responseHeaderModifier: {set: [{name: X-Header-Set, value: set-overwrites-values}]}
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /add}}]
                  filters:
                  - type: ResponseHeaderModifier
                    responseHeaderModifier: {add: [{name: X-Header-Add, value: add-appends-values}]}
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /remove}}]
                  filters:
                  - type: ResponseHeaderModifier
                    responseHeaderModifier: {remove: [X-Header-Remove]}
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /multiple}}]
                  filters:
                  - type: ResponseHeaderModifier
                    responseHeaderModifier:
                      set: [{name: X-Header-Set-1, value: header-set-1}, {name: X-Header-Set-2, value: header-set-2}]
                      add: [{name: X-Header-Add-1, value: header-add-1}, {name: X-Header-Add-2, value: header-add-2}, {name: X-Header-Add-3, value: header-add-3}]
                      remove: [X-Header-Remove-1, X-Header-Remove-2]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /case-insensitivity}}]
                  filters:
                  - type: ResponseHeaderModifier
                    responseHeaderModifier:
                      set: [{name: X-Header-Set, value: header-set}]
                      add:
                      - {name: X-Header-Add, value: header-add}
                      - {name: x-lowercase-add, value: lowercase-add}
                      - {name: x-Mixedcase-ADD-1, value: mixedcase-add-1}
                      - {name: X-mixeDcase-add-2, value: mixedcase-add-2}
                      - {name: X-UPPERCASE-ADD, value: uppercase-add}
                      remove: [X-Header-Remove]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /response-and-request-header-modifiers}}]
                  filters:
                  - type: ResponseHeaderModifier
                    responseHeaderModifier:
                      set: [{name: X-Header-Set-1, value: header-set-1}, {name: X-Header-Set-2, value: header-set-2}]
                      add: [{name: X-Header-Add-1, value: header-add-1}, {name: X-Header-Add-2, value: header-add-2}]
                      remove: [X-Header-Remove-1, X-Header-Remove-2]
                  - %s
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                """.formatted(MODIFY_HEADERS.indent(4).strip())));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "response-header-modifier");
        cluster.resolvedRefsTrue(INFRA, "response-header-modifier", INFRA, "same-namespace");

        expectResponse(Call.get("/set"), ordered("Some-Other-Header", "val"),
                Map.of("Some-Other-Header", "val", "X-Header-Set", "set-overwrites-values"), List.of(), Map.of(), List.of());
        expectResponse(Call.get("/set"), ordered("Some-Other-Header", "val", "X-Header-Set", "some-other-value"),
                Map.of("Some-Other-Header", "val", "X-Header-Set", "set-overwrites-values"), List.of(), Map.of(), List.of());
        expectResponse(Call.get("/add"), ordered("Some-Other-Header", "val"),
                Map.of("Some-Other-Header", "val", "X-Header-Add", "add-appends-values"), List.of(), Map.of(), List.of());
        expectResponse(Call.get("/add"), ordered("Some-Other-Header", "val", "X-Header-Add", "some-other-value"),
                Map.of("Some-Other-Header", "val", "X-Header-Add", "some-other-value,add-appends-values"), List.of(), Map.of(), List.of());
        expectResponse(Call.get("/remove"), ordered("X-Header-Remove", "val"), Map.of(), List.of("X-Header-Remove"), Map.of(), List.of());
        expectResponse(Call.get("/multiple"), ordered("X-Header-Set-2", "set-val-2", "X-Header-Add-2", "add-val-2",
                        "X-Header-Remove-2", "remove-val-2", "Another-Header", "another-header-val", "X-Header-Remove-1", "val"),
                Map.of("X-Header-Set-1", "header-set-1", "X-Header-Set-2", "header-set-2", "X-Header-Add-1", "header-add-1",
                        "X-Header-Add-2", "add-val-2,header-add-2", "X-Header-Add-3", "header-add-3", "Another-Header", "another-header-val"),
                List.of("X-Header-Remove-1", "X-Header-Remove-2"), Map.of(), List.of());
        expectResponse(Call.get("/case-insensitivity"), ordered("x-header-set", "original-val-set", "x-header-add", "original-val-add",
                        "x-header-remove", "original-val-remove", "Another-Header", "another-header-val"),
                Map.of("X-Header-Set", "header-set", "X-Header-Add", "original-val-add,header-add", "X-Lowercase-Add", "lowercase-add",
                        "X-Mixedcase-Add-1", "mixedcase-add-1", "X-Mixedcase-Add-2", "mixedcase-add-2", "X-Uppercase-Add", "uppercase-add",
                        "Another-Header", "another-header-val"),
                List.of("x-header-remove", "X-Header-Remove"), Map.of(), List.of());
        expectResponse(Call.get("/response-and-request-header-modifiers").header("X-Header-Remove", "remove-val")
                        .header("X-Header-Add-Append", "append-val-1").header("X-Header-Echo", "echo"),
                ordered("X-Header-Set-2", "set-val-2", "X-Header-Add-2", "add-val-2", "X-Header-Remove-2", "remove-val-2",
                        "Another-Header", "another-header-val", "X-Header-Remove-1", "remove-val-1", "X-Header-Echo", "echo"),
                Map.of("X-Header-Set-1", "header-set-1", "X-Header-Set-2", "header-set-2", "X-Header-Add-1", "header-add-1",
                        "X-Header-Add-2", "add-val-2,header-add-2", "Another-Header", "another-header-val", "X-Header-Echo", "echo"),
                List.of("X-Header-Remove-1", "X-Header-Remove-2"),
                Map.of("X-Header-Add", "header-val-1", "X-Header-Set", "set-overwrites-values",
                        "X-Header-Add-Append", "append-val-1,header-val-2", "X-Header-Echo", "echo"),
                List.of("X-Header-Remove"));
    }

    // ---- matching ----

    private static Call call(String method, String path, String... headers) {
        Call call = new Call(method, null, path, Map.of());
        for (int i = 0; i < headers.length; i += 2) {
            call = call.header(headers[i], headers[i + 1]);
        }
        return call;
    }

    @Test
    void HTTPRouteMethodMatching() throws Exception {
        cluster.apply(route("method-matching", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - matches: [{method: POST}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{method: GET}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /path1}, method: GET}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{headers: [{name: version, value: one}], method: PUT}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /path2}, headers: [{name: version, value: two}], method: POST}]
                  backendRefs: [{name: infra-backend-v3, port: 8080}]
                - matches:
                  - {path: {type: PathPrefix, value: /path3}, method: PATCH}
                  - {path: {type: PathPrefix, value: /path4}, headers: [{name: version, value: three}], method: DELETE}
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /path5}}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{method: PATCH}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                - matches: [{headers: [{name: version, value: four}]}]
                  backendRefs: [{name: infra-backend-v3, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "method-matching");
        cluster.resolvedRefsTrue(INFRA, "method-matching", INFRA, "same-namespace");
        cluster.expectBackend(call("POST", "/"), "infra-backend-v1");
        cluster.expectBackend(call("GET", "/"), "infra-backend-v2");
        cluster.expectStatus(call("HEAD", "/"), 404);
        cluster.expectBackend(call("GET", "/path1"), "infra-backend-v1");
        cluster.expectBackend(call("PUT", "/", "version", "one"), "infra-backend-v2");
        cluster.expectBackend(call("POST", "/path2", "version", "two"), "infra-backend-v3");
        cluster.expectBackend(call("PATCH", "/path3"), "infra-backend-v1");
        cluster.expectBackend(call("DELETE", "/path4", "version", "three"), "infra-backend-v1");
        cluster.expectStatus(call("PUT", "/"), 404);
        cluster.expectStatus(call("DELETE", "/path4"), 404);
        cluster.expectBackend(call("PATCH", "/path5"), "infra-backend-v1");
        cluster.expectBackend(call("PATCH", "/", "version", "four"), "infra-backend-v2");
    }

    @Test
    void HTTPRouteQueryParamMatching() throws Exception {
        cluster.apply(route("query-param-matching", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - matches: [{queryParams: [{name: animal, value: whale}]}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{queryParams: [{name: animal, value: dolphin}]}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                - matches:
                  - queryParams: [{name: animal, value: dolphin}, {name: color, value: blue}]
                  - queryParams: [{name: ANIMAL, value: Whale}]
                  backendRefs: [{name: infra-backend-v3, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /path1}, queryParams: [{name: animal, value: whale}]}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{headers: [{name: version, value: one}], queryParams: [{name: animal, value: whale}]}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /path2}, headers: [{name: version, value: two}], queryParams: [{name: animal, value: whale}]}]
                  backendRefs: [{name: infra-backend-v3, port: 8080}]
                - matches:
                  - {path: {type: PathPrefix, value: /path3}, queryParams: [{name: animal, value: shark}]}
                  - {path: {type: PathPrefix, value: /path4}, headers: [{name: version, value: three}], queryParams: [{name: animal, value: kraken}]}
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /path5}}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{queryParams: [{name: animal, value: hydra}]}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                - matches: [{headers: [{name: version, value: four}]}]
                  backendRefs: [{name: infra-backend-v3, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "query-param-matching");
        cluster.resolvedRefsTrue(INFRA, "query-param-matching", INFRA, "same-namespace");
        cluster.expectBackend(Call.get("/?animal=whale"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/?animal=dolphin"), "infra-backend-v2");
        cluster.expectBackend(Call.get("/?animal=dolphin&color=blue"), "infra-backend-v3");
        cluster.expectBackend(Call.get("/?ANIMAL=Whale"), "infra-backend-v3");
        cluster.expectBackend(Call.get("/?animal=whale&otherparam=irrelevant"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/?animal=dolphin&color=yellow"), "infra-backend-v2");
        for (String path : List.of("/?color=blue", "/?animal=dog", "/?animal=whaledolphin", "/")) {
            cluster.expectStatus(Call.get(path), 404);
        }
        cluster.expectBackend(Call.get("/path1?animal=whale"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/?animal=whale").header("version", "one"), "infra-backend-v2");
        cluster.expectBackend(Call.get("/path2?animal=whale").header("version", "two"), "infra-backend-v3");
        cluster.expectBackend(Call.get("/path3?animal=shark"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/path4?animal=kraken").header("version", "three"), "infra-backend-v1");
        cluster.expectStatus(Call.get("/?animal=shark"), 404);
        cluster.expectStatus(Call.get("/path4?animal=kraken"), 404);
        cluster.expectBackend(Call.get("/path5?animal=hydra"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/?animal=hydra").header("version", "four"), "infra-backend-v3");
    }

    /** The suite asks only for a 200 from each rule; the backend tells that each rule routes to its own. */
    @Test
    void HTTPRouteNamedRule() throws Exception {
        cluster.apply(route("http-named-rules", INFRA, """
                parentRefs: [{name: same-namespace}]
                rules:
                - name: named-rule
                  matches: [{path: {type: PathPrefix, value: /named}}]
                  backendRefs: [{name: infra-backend-v1, port: 8080}]
                - matches: [{path: {type: PathPrefix, value: /unnamed}}]
                  backendRefs: [{name: infra-backend-v2, port: 8080}]
                """));
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, "same-namespace", INFRA, "http-named-rules");
        cluster.resolvedRefsTrue(INFRA, "http-named-rules", INFRA, "same-namespace");
        cluster.expectBackend(Call.get("/named"), "infra-backend-v1");
        cluster.expectBackend(Call.get("/unnamed"), "infra-backend-v2");
    }

    // ---- parentRef ports ----

    @Test
    void HTTPRouteListenerPortMatching() throws Exception {
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: httproute-listener-port-matching, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - {name: listener-1, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: foo.com}
                  - {name: listener-2, port: 8080, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: foo.com}
                  - {name: listener-3, port: 8080, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: bar.com}
                  - {name: listener-4, port: 8090, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: foo.com}
                  - {name: listener-5, port: 8090, protocol: HTTP, allowedRoutes: {namespaces: {from: Same}}, hostname: bar.com}
                ---
                """ + route("backend-v1", INFRA, """
                parentRefs: [{name: httproute-listener-port-matching, namespace: gateway-conformance-infra, port: {PORT_80}}]
                rules:
                - backendRefs: [{name: infra-backend-v1, port: 8080}]
                """) + "---\n" + route("backend-v2", INFRA, """
                parentRefs: [{name: httproute-listener-port-matching, namespace: gateway-conformance-infra, port: {PORT_8080}}]
                rules:
                - backendRefs: [{name: infra-backend-v2, port: 8080}]
                """) + "---\n" + route("backend-v3", INFRA, """
                parentRefs: [{name: httproute-listener-port-matching, namespace: gateway-conformance-infra, port: {PORT_8090}, sectionName: listener-4}]
                rules:
                - backendRefs: [{name: infra-backend-v3, port: 8080}]
                """));
        String gw = "httproute-listener-port-matching";
        cluster.gatewayAndRoutesAccepted("httproute", INFRA, gw, INFRA, "backend-v1", "backend-v2", "backend-v3");
        for (String r : List.of("backend-v1", "backend-v2", "backend-v3")) {
            cluster.resolvedRefsTrue(INFRA, r, INFRA, gw);
        }
        cluster.expect(80, Call.get("foo.com", "/"), ConformanceCluster.backend("infra-backend-v1"), "foo.com on 80 -> infra-backend-v1");
        cluster.expect(8080, Call.get("foo.com:8080", "/"), ConformanceCluster.backend("infra-backend-v2"),
                "foo.com:8080 -> infra-backend-v2");
        cluster.expect(8080, Call.get("bar.com:8080", "/"), ConformanceCluster.backend("infra-backend-v2"),
                "bar.com:8080 -> infra-backend-v2");
        cluster.expect(8090, Call.get("foo.com:8090", "/"), ConformanceCluster.backend("infra-backend-v3"),
                "foo.com:8090 -> infra-backend-v3");
        cluster.expect(8090, Call.get("bar.com:8090", "/"), ConformanceCluster.status(404), "bar.com:8090 -> 404");
    }

    @Test
    void HTTPRouteInvalidParentRefNotMatchingListenerPort() throws Exception {
        cluster.apply(route("httproute-listener-not-matching-route-port", INFRA, """
                parentRefs: [{name: same-namespace, namespace: gateway-conformance-infra, port: 81}]
                rules:
                - backendRefs: [{name: infra-backend-v1, kind: Service, port: 8080}]
                """));
        String route = "httproute-listener-not-matching-route-port";
        cluster.resolvedRefsTrue(INFRA, route, INFRA, "same-namespace");
        cluster.routeCondition("httproute", INFRA, route, INFRA, "same-namespace", "Accepted", "False", "NoMatchingParent");
        noAcceptedParents(route);
        zeroRoutes("same-namespace");
    }

    @Test
    void HTTPRouteInvalidParentRefSectionNameNotMatchingPort() throws Exception {
        String gw = "gateway-with-one-not-matching-port-and-section-name-route";
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: %s, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {kinds: [{kind: HTTPRoute}], namespaces: {from: All}}}
                ---
                """.formatted(gw) + route("httproute-listener-section-name-not-matching-port", INFRA, """
                parentRefs: [{name: %s, namespace: gateway-conformance-infra, sectionName: http, port: 81}]
                rules:
                - backendRefs: [{name: infra-backend-v1, kind: Service, port: 8080}]
                """.formatted(gw)));
        String route = "httproute-listener-section-name-not-matching-port";
        cluster.routeCondition("httproute", INFRA, route, INFRA, gw, "Accepted", "False", "NoMatchingParent");
        noAcceptedParents(route);
        zeroRoutes(gw);
    }

    /** The suite's HTTPRouteMustHaveNoAcceptedParents: no parent entry, or one that is not Accepted. */
    private void noAcceptedParents(String route) throws Exception {
        cluster.awaitJson("httproute", INFRA, route, r -> {
            var parents = r.path("status").path("parents");
            return parents.size() == 0 || parents.size() == 1 && ConformanceCluster.has(parents.get(0), "Accepted", "False", null);
        }, "no accepted parents");
    }

    /** The suite's GatewayMustHaveZeroRoutes: no listener status, or one listener with no attached route. */
    private void zeroRoutes(String gateway) throws Exception {
        cluster.awaitJson("gateway", INFRA, gateway, g -> {
            var listeners = g.path("status").path("listeners");
            return listeners.size() == 0 || listeners.size() == 1 && listeners.get(0).path("attachedRoutes").asInt(-1) == 0;
        }, "zero attached routes");
    }

    @Test
    void GatewayWithAttachedRoutesWithPort8080() throws Exception {
        String gw = "gateway-with-two-listeners-and-one-attached-route";
        cluster.apply("""
                apiVersion: gateway.networking.k8s.io/v1
                kind: Gateway
                metadata: {name: %1$s, namespace: gateway-conformance-infra}
                spec:
                  gatewayClassName: jetway
                  listeners:
                  - {name: http-unattached, port: 8080, protocol: HTTP, allowedRoutes: {kinds: [{kind: HTTPRoute}], namespaces: {from: All}}}
                  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {kinds: [{kind: HTTPRoute}], namespaces: {from: All}}}
                ---
                apiVersion: gateway.networking.k8s.io/v1
                kind: HTTPRoute
                metadata: {name: http-route-4-port-8080, namespace: gateway-conformance-infra}
                spec:
                  parentRefs: [{kind: Gateway, name: %1$s, namespace: gateway-conformance-infra, sectionName: http}]
                  rules: [{backendRefs: [{name: infra-backend-v1, port: 8080}]}]
                """.formatted(gw));
        for (String type : List.of("Accepted", "ResolvedRefs")) {
            cluster.awaitListener(INFRA, gw, "http-unattached", List.of("HTTPRoute"), type, "True", null, 0);
            cluster.awaitListener(INFRA, gw, "http", List.of("HTTPRoute"), type, "True", null, 1);
        }
    }
}
