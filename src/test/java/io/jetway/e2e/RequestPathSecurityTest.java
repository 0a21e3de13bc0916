package io.jetway.e2e;

import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.HttpClientTransportOverHTTP2;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16 item 1: request paths are cleaned at the entry point as Traefik v3.7 cleans them
 * (normalised, dot segments and duplicate slashes removed, denied escapes rejected), so that routers
 * match, middlewares see and backends receive one and the same path. Requests are written raw on a
 * socket (what {@code curl --path-as-is} sends); the backend records the request line it got.
 */
class RequestPathSecurityTest {

    /** Entry points that each deny one escape, by the escape. */
    private static final String[][] DENYING = {
            {"%2F", "noslash", "allowencodedslash"},
            {"%5C", "nobackslash", "allowencodedbackslash"},
            {"%00", "nonull", "allowencodednullcharacter"},
            {"%3B", "nosemicolon", "allowencodedsemicolon"},
            {"%25", "nopercent", "allowencodedpercent"},
            {"%3F", "noquestion", "allowencodedquestionmark"},
            {"%23", "nohash", "allowencodedhash"},
    };

    @TempDir
    static Path dir;
    private static Backend backend;
    private static JetwayHarness jetway;

    @BeforeAll
    static void start() throws Exception {
        backend = Backend.rawRequestLines();
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        List<String> entryPoints = new ArrayList<>(List.of("web", "raw"));
        List<String> flags = new ArrayList<>(List.of("--entrypoints.raw.address=127.0.0.1:0",
                "--entrypoints.raw.http.sanitizepath=false"));
        for (String[] denying : DENYING) {
            entryPoints.add(denying[1]);
            flags.add("--entrypoints." + denying[1] + ".address=127.0.0.1:0");
            flags.add("--entrypoints." + denying[1] + ".http.encodedcharacters." + denying[2] + "=false");
        }
        Files.writeString(manifests.resolve("cms.yaml"), Manifests.service("cms", backend.port())
                + BasicAuthTest.SEED_000 + "---\n" + Manifests.middleware("strip-api", "stripPrefix: {prefixes: [/api]}")
                + """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: cms}
                spec:
                  entryPoints: [%s]
                  routes:
                    - match: Host(`cms.test`) && PathPrefix(`/public`)
                      services: [{name: cms, port: 80}]
                    - match: Host(`cms.test`) && PathPrefix(`/admin`)
                      middlewares: [{name: auth-middleware}]
                      services: [{name: cms, port: 80}]
                    - match: Host(`api.test`) && PathPrefix(`/api`)
                      middlewares: [{name: strip-api}]
                      services: [{name: cms, port: 80}]
                    - match: Host(`files.test`)
                      services: [{name: cms, port: 80}]
                """.formatted(String.join(", ", entryPoints)));
        jetway = JetwayHarness.start(manifests, flags.toArray(String[]::new));
        jetway.awaitResponse("files.test", "/ready", r -> r.getStatus() == 200, Duration.ofSeconds(20));
    }

    @AfterAll
    static void stop() throws Exception {
        if (jetway != null) {
            jetway.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    @BeforeEach
    void forgetEarlierRequests() {
        backend.clear();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/public/../admin/users", "/public/%2e%2e/admin/users", "/public/%2E%2E/admin/users",
            "/public/.%2e/admin/users", "/public/%2e./admin/users", "/public//..//admin/users",
            "/public/x/../../admin/users", "/public/./../admin/users"})
    void dotSegmentsCannotReachAdminWithoutCredentials(String target) throws Exception {
        RawHttp.Reply reply = send("web", "cms.test", target);

        assertEquals(401, reply.status(), "routed as /admin/users, behind basicAuth");
        assertEquals(List.of(), backend.requestLines(), "nothing reached the backend");

        RawHttp.Reply authorized = send("web", "cms.test", target, "Authorization: " + BasicAuthTest.basic("admin", "test"));
        assertEquals(200, authorized.status());
        assertEquals(List.of("/admin/users"), backend.targets(), "the backend gets the cleaned path");
    }

    @Test
    void overHttp2TooDotSegmentsCannotReachAdmin() throws Exception {
        HttpClient h2c = new HttpClient(new HttpClientTransportOverHTTP2(new HTTP2Client())); // prior knowledge
        // The :authority is the Host over HTTP/2: every name resolves to Jetway.
        h2c.setSocketAddressResolver((host, port, promise) ->
                promise.succeeded(List.of(new java.net.InetSocketAddress("127.0.0.1", jetway.port()))));
        h2c.start();
        try {
            for (String target : new String[]{"/public/../admin/users", "/public/%2e%2e/admin/users"}) {
                ContentResponse response = h2c.newRequest("http://cms.test" + target)
                        .timeout(20, TimeUnit.SECONDS).send();
                assertEquals(HttpVersion.HTTP_2, response.getVersion());
                assertEquals(401, response.getStatus(), target);
            }
            assertEquals(List.of(), backend.requestLines());
        } finally {
            h2c.stop();
        }
    }

    @Test
    void publicPathsStillReachTheBackendCleaned() throws Exception {
        assertEquals(200, send("web", "cms.test", "/public/./docs/../index.html?q=../x").status());
        assertEquals(List.of("/public/index.html?q=../x"), backend.targets(), "the query is not the path: left as is");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/../etc/passwd", "/api/%2e%2e/etc/passwd", "/api/v1/../../etc/passwd",
            "/api/./../etc/passwd"})
    void stripPrefixNeverForwardsDotSegments(String target) throws Exception {
        RawHttp.Reply reply = send("web", "api.test", target);

        assertEquals(404, reply.status(), "/etc/passwd is not under /api");
        assertEquals(List.of(), backend.requestLines());
    }

    @Test
    void stripPrefixSeesTheCleanedPath() throws Exception {
        assertEquals(200, send("web", "api.test", "/api/v1/../users/%2e/me").status());
        assertEquals(List.of("/users/me"), backend.targets());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "//a//b,                /a/b",
            "/a///b//,              /a/b/",
            "/a/./b/.,              /a/b",
            "/%41%62c/%7euser/x%2dy, /Abc/~user/x-y",
            "/a%2fb%3bc,            /a%2Fb%3Bc",
            "/%e2%82%ac,            /%E2%82%AC",
    })
    void backendsReceiveTheNormalisedSanitisedPath(String target, String received) throws Exception {
        assertEquals(200, send("web", "files.test", target).status());
        assertEquals(List.of(received), backend.targets());
    }

    /**
     * What Jetty's own URI parser refuses before any of Jetway's code runs, whatever the options:
     * dot segments above the root (Traefik would route {@code /../x} as {@code /x}), an encoded NUL
     * (so allowEncodedNullCharacter cannot allow it), and {@code ..;} segments (Tomcat reads them as
     * {@code ..}; Traefik would forward them).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/../etc/passwd", "/public/../../admin/users", "/public/%2e%2e/%2e%2e/admin/users",
            "/public/..;/admin/users", "/public/%2e%2e;x/admin/users", "/public/a%00b"})
    void jettyRefusesPathsThatCannotBeCleanedSafely(String target) throws Exception {
        assertEquals(400, send("web", "cms.test", target).status());
        assertEquals(400, send("raw", "cms.test", target).status(), "also without sanitizePath");
        assertEquals(List.of(), backend.requestLines());
    }

    @Test
    void aFragmentEndsThePathAndIsNeverForwarded() throws Exception {
        // Traefik answers 400 to a raw '#'; Jetty parses it as the start of a fragment, which is dropped.
        assertEquals(200, send("web", "cms.test", "/public#/../admin/users").status());
        assertEquals(List.of("/public"), backend.targets());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/public/../admin/users,     /public/../admin/users",
            "/public/%2e%2e/admin/users, /public/../admin/users",
            "/public//a/./b,             /public//a/./b",
    })
    void sanitizePathFalseOnlyNormalises(String target, String received) throws Exception {
        // The operator's choice, as in Traefik: the router sees /public..., the backend resolves the dots.
        assertEquals(200, send("raw", "cms.test", target).status());
        assertEquals(List.of(received), backend.targets());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"%2F", "%5C", "%3B", "%25", "%3F", "%23"})
    void everyEscapeIsAllowedByDefaultAsInTraefik37(String escape) throws Exception {
        assertEquals(200, send("web", "files.test", "/a" + escape.toLowerCase(Locale.ROOT) + "b").status());
        assertEquals(List.of("/a" + escape + "b"), backend.targets(), "forwarded, hex upper-cased");
    }

    @Test
    void eachAllowOptionSetToFalseGives400ForItsEscapeOnly() throws Exception {
        for (String[] denying : DENYING) {
            String escape = denying[0];
            String entryPoint = denying[1];
            for (String spelling : new String[]{escape, escape.toLowerCase(Locale.ROOT)}) {
                RawHttp.Reply reply = send(entryPoint, "files.test", "/a" + spelling + "b");
                assertEquals(400, reply.status(), entryPoint + " " + spelling);
                if (!escape.equals("%00")) { // Jetty's parser refuses %00 first, with its own page
                    assertEquals("", reply.body(), "an empty 400, as Traefik's");
                }
            }
            assertEquals(List.of(), backend.requestLines(), entryPoint + ": nothing forwarded");

            for (String[] other : DENYING) {
                if (other != denying && !other[0].equals("%00")) { // %00: always 400 (Jetty)
                    assertEquals(200, send(entryPoint, "files.test", "/a" + other[0] + "b").status(),
                            entryPoint + " allows " + other[0]);
                }
            }
            assertEquals(200, send(entryPoint, "files.test", "/a?x=" + escape).status(), "the query is not checked");
            if (!escape.equals("%00")) {
                assertEquals(404, send(entryPoint, "nothing.test", "/a" + escape).status(),
                        "checked for a matched router only, as in Traefik");
            }
            backend.clear();
        }
    }

    @Test
    void aDeniedEscapeCannotBeSmuggledThroughNormalisation() throws Exception {
        // %2e%2e decodes to dots, never to a slash; %252F is %25 then text.
        assertEquals(400, send("noslash", "files.test", "/a/%2e%2e%2Fb").status());
        assertEquals(400, send("nopercent", "files.test", "/a%252Fb").status());
        assertEquals(List.of(), backend.requestLines());
    }

    @Test
    void malformedEscapesGet400() throws Exception {
        for (String target : new String[]{"/public/%zz", "/public/%2", "/public/%"}) {
            assertEquals(400, send("web", "cms.test", target).status(), target);
        }
        assertEquals(List.of(), backend.requestLines());
    }

    @Test
    void noCleanedAwayDotSegmentEverReachedTheBackend() throws Exception {
        for (String target : new String[]{"/public/../admin", "/public/%2e%2e/admin", "/api/../x", "/a/./b/../c"}) {
            send("web", "files.test", target);
            send("web", "cms.test", target);
            send("web", "api.test", target);
        }
        assertFalse(backend.targets().isEmpty());
        for (String received : backend.targets()) {
            assertFalse(received.matches(".*/\\.\\.?(/.*)?"), received);
            assertFalse(received.contains("//"), received);
        }
    }

    private static RawHttp.Reply send(String entryPoint, String host, String target, String... headers)
            throws IOException {
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: ").append(host)
                .append("\r\nConnection: close\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        request.append("\r\n");
        return RawHttp.exchange(jetway.server.port(entryPoint), request.toString());
    }
}
