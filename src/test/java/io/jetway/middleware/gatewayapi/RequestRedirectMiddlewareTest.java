package io.jetway.middleware.gatewayapi;

import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareProbe;
import io.jetway.middleware.replacepath.ReplacePathMiddleware;
import io.jetway.middleware.replacepath.ReplacePathOptions;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class RequestRedirectMiddlewareTest {

    private static Filter redirect(Map<String, Object> options) {
        return RequestRedirectMiddleware.create(Node.root(options), MiddlewareProbe.context("r@kubernetesgateway"));
    }

    /** {@code scheme=https;port=8443;full=/x;prefix=/y;match=/old;host=h;status=301}: the options, written short. */
    private static Map<String, Object> options(String spec) {
        Map<String, Object> options = new HashMap<>();
        if (spec == null) {
            return options;
        }
        for (String pair : spec.split(";")) {
            String[] kv = pair.split("=", 2);
            switch (kv[0]) {
                case "scheme" -> options.put("scheme", kv[1]);
                case "host" -> options.put("hostname", kv[1]);
                case "port" -> options.put("port", Integer.parseInt(kv[1]));
                case "status" -> options.put("statusCode", Integer.parseInt(kv[1]));
                case "full" -> options.put("path", Map.of("type", "ReplaceFullPath", "replaceFullPath", kv[1]));
                case "prefix" -> options.put("path", Map.of("type", "ReplacePrefixMatch", "replacePrefixMatch", kv[1]));
                case "match" -> options.put("pathPrefix", kv[1]);
                default -> throw new IllegalArgumentException(pair);
            }
        }
        return options;
    }

    @ParameterizedTest(name = "{0} {1}{2} [{3}] -> {4}")
    @CsvSource(delimiter = '|', value = {
            // tls | Host             | path and query   | options                              | Location
            // scheme: the configured one, else the connection's
            "false | a.test           | /p?q=1           |                                      | http://a.test/p?q=1",
            "true  | a.test           | /p?q=1           |                                      | https://a.test/p?q=1",
            "true  | a.test           | /p               | scheme=http                          | http://a.test/p",
            "false | a.test           | /p               | scheme=HTTPS                         | https://a.test/p",
            // port: a configured http(s) scheme drops the request's port; otherwise it is kept
            "false | a.test:8080      | /p               | scheme=https                         | https://a.test/p",
            "false | a.test:8080      | /p               | host=b.test                          | http://b.test:8080/p",
            "false | a.test:8080      | /p               | full=/x                              | http://a.test:8080/x",
            "true  | a.test:8443      | /p               |                                      | https://a.test:8443/p",
            "false | a.test:8080      | /p               | scheme=https;port=8443               | https://a.test:8443/p",
            "false | a.test           | /p               | port=9000                            | http://a.test:9000/p",
            // the scheme's own port is left out, configured or not
            "false | a.test:80        | /p               |                                      | http://a.test/p",
            "false | a.test           | /p               | scheme=https;port=443                | https://a.test/p",
            "true  | a.test:443       | /p               | host=b.test                          | https://b.test/p",
            "false | a.test:443       | /p               |                                      | http://a.test:443/p",
            "false | a.test           | /p               | scheme=http;port=80                  | http://a.test/p",
            "false | a.test           | /p               | scheme=http;port=443                 | http://a.test:443/p",
            // hostname
            "false | a.test           | /p               | host=b.test;scheme=https             | https://b.test/p",
            "false | [::1]:8080       | /p               |                                      | http://[::1]:8080/p",
            "false | [::1]:8080       | /p               | scheme=http                          | http://[::1]/p",
            // path
            "false | a.test           | /foo/bar?x=y     | full=/baz                            | http://a.test/baz?x=y",
            "false | a.test           | /foo/bar/        | full=/baz                            | http://a.test/baz",
            "false | a.test           | /foo/bar         | full=/baz/                           | http://a.test/baz/",
            "false | a.test           | /foo/bar         | prefix=/baz;match=/foo               | http://a.test/baz/bar",
            "false | a.test           | /foo/bar/        | prefix=/baz;match=/foo               | http://a.test/baz/bar/",
            "false | a.test           | /foo/bar         | prefix=baz;match=/foo                | http://a.test/baz/bar",
            "false | a.test           | /foo/bar         | prefix=/baz;match=/foo/              | http://a.test/baz/bar",
            "false | a.test           | /foo             | prefix=/;match=/foo                  | http://a.test/",
    })
    void theLocationIsBuiltFromTheRequestAndTheFilter(boolean tls, String host, String pathAndQuery, String spec,
                                                      String location) throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get(pathAndQuery).header("Host", host);
        if (tls) {
            probe.secure();
        }
        probe.run(redirect(options(spec)));

        assertFalse(probe.passedOn());
        assertEquals(location, probe.responseHeader("Location"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "301 | Moved Permanently",
            "302 | Found",
            "303 | See Other",
            "307 | Temporary Redirect",
            "308 | Permanent Redirect",
    })
    void theStatusTextIsTheBody(int status, String text) throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.request("POST", "/").header("Host", "a.test")
                .run(redirect(Map.of("scheme", "https", "statusCode", status)));

        assertEquals(status, probe.status());
        assertEquals(text, probe.responseBody());
        assertEquals("text/plain; charset=utf-8", probe.responseHeader("Content-Type"));
    }

    @Test
    void theDefaultStatusIs302() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/").header("Host", "a.test").run(redirect(Map.of("scheme", "https")));

        assertEquals(302, probe.status());
        assertEquals("Found", probe.responseBody());
    }

    @Test
    void earlierEditsOfThePathAndHostAreWhatIsRedirected() throws Exception {
        Filter replace = new ReplacePathMiddleware(new ReplacePathOptions("/replaced"));
        Filter setHost = RequestHeaderModifierMiddleware.create(Node.root(Map.of("set",
                List.of(Map.of("name", "Host", "value", "edited.test")))), MiddlewareProbe.context());
        Filter redirect = redirect(Map.of());
        Filter chain = (rq, rs, next) -> replace.doFilter(rq, rs, (rq2, rs2) -> setHost.doFilter(rq2, rs2,
                (rq3, rs3) -> redirect.doFilter(rq3, rs3, next)));

        MiddlewareProbe probe = MiddlewareProbe.get("/original?k=v").header("Host", "a.test").run(chain);

        assertEquals("http://edited.test/replaced?k=v", probe.responseHeader("Location"));
    }
}
