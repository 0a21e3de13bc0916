package io.jetway.e2e;

import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ipAllowList (and ipWhiteList) through Jetway; the test client connects from 127.0.0.1. */
class IpAllowListTest {

    private static final String TRUST_ALL = "--entrypoints.web.forwardedheaders.insecure=true";

    @Test
    void seed000PairServesAllowedClients(@TempDir Path dir) throws Exception {
        // Seed 000's middlewares as written, on the guide's routes (plain entry point instead of websecure).
        String manifests = Manifests.SEED_000_MIDDLEWARES + """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata:
                  name: whoami
                  namespace: default
                spec:
                  routes:
                  - match: Host(`whoami.docker.localhost`) && Path(`/api`)
                    kind: Rule
                    middlewares: # Middleware Definition
                    - name: secure-headers
                    - name: ip-allowlist
                    services:
                    - name: app
                      port: 80
                  - match: Host(`whoami.docker.localhost`)
                    kind: Rule
                    middlewares: # Middleware Definition
                    - name: ip-allowlist
                    services:
                    - name: app
                      port: 80
                """;
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, "", manifests)) {
            ContentResponse api = h.get("whoami.docker.localhost", "/api");
            assertEquals(301, api.getStatus(), "secure-headers' sslRedirect sends plain HTTP to HTTPS first");
            assertEquals("https://whoami.docker.localhost/api", api.getHeaders().get("Location"));
            ContentResponse root = h.get("whoami.docker.localhost", "/");
            assertEquals(200, root.getStatus(), "127.0.0.1 is in the allow list");
            assertEquals("GET / HTTP/1.1", MiddlewareHarness.requestLine(root), "and reaches the backend");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // label                         | options                                                                        | X-Forwarded-For         | trusted | status
            "peer allowed                    | {sourceRange: [127.0.0.1/32]}                                                  |                         | false   | 200",
            "peer refused                    | {sourceRange: [10.0.0.0/8, '::1']}                                             |                         | false   | 403",
            "own status code                 | {sourceRange: [10.0.0.0/8], rejectStatusCode: 404}                             |                         | false   | 404",
            "depth 1 reads the last entry    | {sourceRange: [10.0.0.0/8], ipStrategy: {depth: 1}}                            | 1.2.3.4, 10.0.0.1       | true    | 200",
            "depth 2 reads the one before    | {sourceRange: [10.0.0.0/8], ipStrategy: {depth: 2}}                            | 1.2.3.4, 10.0.0.1       | true    | 403",
            "depth past the list: no IP      | {sourceRange: [10.0.0.0/8], ipStrategy: {depth: 3}}                            | 1.2.3.4, 10.0.0.1       | true    | 403",
            "untrusted X-Forwarded-For       | {sourceRange: [10.0.0.0/8], ipStrategy: {depth: 1}}                            | 10.0.0.1                | false   | 403",
            "excludedIPs skip proxies        | {sourceRange: [10.0.0.0/8], ipStrategy: {excludedIPs: [192.168.0.0/16]}}       | 10.1.1.1, 192.168.0.5   | true    | 200",
            "excludedIPs take the first kept | {sourceRange: [10.0.0.0/8], ipStrategy: {excludedIPs: [192.168.0.0/16]}}       | 10.1.1.1, 172.16.0.1    | true    | 403",
            "depth wins over excludedIPs     | {sourceRange: [10.0.0.0/8], ipStrategy: {depth: 1, excludedIPs: [10.0.0.0/8]}} | 10.1.1.1                | true    | 200",
            "IPv6 in the list, port dropped  | {sourceRange: ['2001:db8::/32'], ipStrategy: {depth: 1}}                        | '[2001:db8::7]:4711'    | true    | 200",
    })
    void decidesByTheAddressTheStrategyReads(String label, String options, String forwardedFor, boolean trusted, int status,
                                             @TempDir Path dir) throws Exception {
        String manifests = Manifests.middleware("allow", "ipAllowList: " + options) + Manifests.appRoute("app.localhost", "{name: allow}");
        String[] flags = trusted ? new String[] {TRUST_ALL} : new String[0];
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, "", manifests, flags)) {
            ContentResponse r = h.jetway.request("app.localhost", "/")
                    .headers(x -> {
                        if (forwardedFor != null) {
                            x.put("X-Forwarded-For", forwardedFor);
                        }
                    }).send();
            assertEquals(status, r.getStatus(), r.getContentAsString());
            if (status == 403) {
                assertEquals("Forbidden", r.getContentAsString());
                // Jetty writes the parameter as charset=UTF-8 (Go: "; charset=utf-8"); the same type.
                assertEquals("text/plain;charset=utf-8", r.getHeaders().get("Content-Type").replace(" ", "").toLowerCase());
            } else if (status == 404) {
                assertEquals("Not Found", r.getContentAsString());
            }
        }
    }

    @Test
    void ipWhiteListIsTheOldName(@TempDir Path dir) throws Exception {
        String manifests = Manifests.middleware("allow", "ipWhiteList: {sourceRange: [192.168.1.0/24]}")
                + Manifests.appRoute("app.localhost", "{name: allow}");
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, "", manifests)) {
            assertEquals(403, h.get("app.localhost", "/").getStatus());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "bad CIDR          | ipAllowList: {sourceRange: [127.0.0.1/32, 10.0.0.0/33]}     | spec.ipAllowList.sourceRange[1]: invalid CIDR \"10.0.0.0/33\"",
            "no sourceRange    | ipAllowList: {rejectStatusCode: 401}                        | spec.ipAllowList.sourceRange: is required",
            "bad excluded IP   | ipWhiteList: {sourceRange: [10.0.0.0/8], ipStrategy: {excludedIPs: [nope]}} | spec.ipWhiteList.ipStrategy.excludedIPs[0]: invalid CIDR \"nope\"",
            "unknown status    | ipAllowList: {sourceRange: [10.0.0.0/8], rejectStatusCode: 999} | spec.ipAllowList.rejectStatusCode: invalid HTTP status code 999",
            "negative depth    | ipAllowList: {sourceRange: [10.0.0.0/8], ipStrategy: {depth: -1}} | spec.ipAllowList.ipStrategy.depth: must not be negative",
    })
    void badOptionsDisableOnlyTheRoutersUsingIt(String label, String spec, String message, @TempDir Path dir) throws Exception {
        String manifests = Manifests.middleware("bad", spec) + """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: good}
                spec:
                  routes:
                    - match: Host(`good.localhost`)
                      services: [{name: app, port: 80}]
                ---
                """ + Manifests.appRoute("bad.localhost", "{name: bad}");
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, "", manifests)) {
            assertEquals(404, h.get("bad.localhost", "/").getStatus());
            assertEquals(200, h.get("good.localhost", "/").getStatus());
            String errors = h.jetway.server.routerStatuses().toString();
            assertTrue(errors.contains("middleware \"default-bad@kubernetescrd\"") && errors.contains(message), errors);
        }
    }
}
