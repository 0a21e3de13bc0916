package io.jetway.e2e;

import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** redirectScheme and redirectRegex through Jetway. */
class RedirectMiddlewaresTest {

    private static final String TRUST_ALL = "--entrypoints.web.forwardedheaders.insecure=true";

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource(delimiter = '|', value = {
            // method | options                                               | host               | X-Forwarded-Proto | status | Location
            "GET      | {scheme: https}                                       | app.localhost:8000 |                   | 302    | https://app.localhost/p?q=1",
            "HEAD     | {scheme: https}                                       | app.localhost      |                   | 307    | https://app.localhost/p?q=1",
            "POST     | {scheme: https}                                       | app.localhost      |                   | 307    | https://app.localhost/p?q=1",
            "GET      | {scheme: https, permanent: true}                      | app.localhost      |                   | 301    | https://app.localhost/p?q=1",
            "PUT      | {scheme: https, permanent: true}                      | app.localhost      |                   | 308    | https://app.localhost/p?q=1",
            "GET      | {scheme: https, port: '8443'}                         | app.localhost      |                   | 302    | https://app.localhost:8443/p?q=1",
            "GET      | {scheme: https, port: '443'}                          | app.localhost      |                   | 302    | https://app.localhost/p?q=1",
            "GET      | {scheme: https}                                       | app.localhost      | https             | 200    |",
            "GET      | {scheme: https, port: '8443'}                         | app.localhost:8443 | https             | 200    |",
            "GET      | {scheme: https, port: '8443'}                         | app.localhost:9443 | https             | 302    | https://app.localhost:8443/p?q=1",
            "GET      | {scheme: http}                                        | app.localhost      | https             | 302    | http://app.localhost/p?q=1",
            "GET      | {scheme: http, port: '80'}                            | app.localhost:80   |                   | 200    |",
    })
    void redirectSchemeSendsClientsToTheScheme(String method, String options, String host, String proto, int status,
                                               String location, @TempDir Path dir) throws Exception {
        String manifests = Manifests.middleware("to-https", "redirectScheme: " + options)
                + Manifests.appRoute("app.localhost", "{name: to-https}");
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, "", manifests, TRUST_ALL)) {
            ContentResponse r = h.jetway.request(host, "/p?q=1").method(method)
                    .headers(x -> {
                        if (proto != null) {
                            x.put("X-Forwarded-Proto", proto);
                        }
                    }).send();
            assertEquals(status, r.getStatus());
            assertEquals(location, r.getHeaders().get("Location"));
            if (status == 302 && method.equals("GET")) {
                assertEquals("Found", r.getContentAsString());
            }
        }
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
            "'^http://([^/:]+)(:\\d+)?/old/(.*)'  | 'https://${1}/new/$3'            | /old/a/b?x=y | 302 | https://app.localhost/new/a/b?x=y",
            "'^http://app\\.localhost/(.*)'       | 'http://mydomain/${1}'           | /page        | 302 | http://mydomain/page",
            "'^http://[^/]+/old/(?<rest>.*)'      | 'http://example.com/${rest}$$'   | /old/x       | 302 | http://example.com/x$",
            "'/nomatch'                           | 'http://elsewhere/'              | /page        | 200 |",
    })
    void redirectRegexRewritesTheFullUrl(String regex, String replacement, String path, int status, String location,
                                         @TempDir Path dir) throws Exception {
        String manifests = Manifests.middleware("rx", "redirectRegex: {regex: %s, replacement: %s}".formatted(
                Manifests.yamlQuote(regex), Manifests.yamlQuote(replacement)))
                + Manifests.appRoute("app.localhost", "{name: rx}");
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, "", manifests)) {
            ContentResponse r = h.get("app.localhost", path);
            assertEquals(status, r.getStatus(), r.getContentAsString());
            assertEquals(location, r.getHeaders().get("Location"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "redirectRegex: {regex: '^http://(.*', replacement: 'https://$1'} | spec.redirectRegex.regex: invalid regular expression",
            "redirectRegex: {regex: '^http://(.*)'}                           | spec.redirectRegex.replacement: is required",
            "redirectScheme: {permanent: true}                                | spec.redirectScheme.scheme: is required",
            "redirectScheme: {scheme: 'ht tp'}                                | spec.redirectScheme.scheme: invalid scheme",
            "redirectScheme: {scheme: https, port: 'abc'}                     | spec.redirectScheme.port: invalid port",
    })
    void badOptionsDisableOnlyTheRoutersUsingIt(String spec, String message, @TempDir Path dir) throws Exception {
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
            ContentResponse good = h.get("good.localhost", "/");
            assertEquals(200, good.getStatus());
            assertNull(good.getHeaders().get("Location"));
            String errors = h.jetway.server.routerStatuses().toString();
            assertTrue(errors.contains(message), errors);
        }
    }
}
