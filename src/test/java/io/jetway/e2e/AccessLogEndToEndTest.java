package io.jetway.e2e;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.StringRequestContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The access log through a real Jetway and a whoami backend: requests are sent, Jetway is stopped
 * (which writes every queued line), then the file is read back line by line.
 */
class AccessLogEndToEndTest {

    /** Traefik's common format; groups: host, user, time, method, path, protocol, status, size, referer, agent, count, router, url, ms. */
    private static final Pattern COMMON = Pattern.compile(
            "^(\\S+) - (\\S+) \\[([^]]+)] \"(\\S+) (\\S+) (\\S+)\" (\\S+) (\\S+) \"([^\"]*)\" \"([^\"]*)\" (\\S+) \"([^\"]*)\" \"([^\"]*)\" (\\d+)ms$");
    private static final DateTimeFormatter COMMON_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH);

    @FunctionalInterface
    interface Requests {
        void send(MiddlewareHarness h) throws Exception;
    }

    /** What a run left: the lines of the access log and the router's qualified name. */
    record Run(List<String> lines, String router, int backendPort) {
        List<JsonObject> json() {
            return lines.stream().map(l -> Json.createReader(new StringReader(l)).readObject()).toList();
        }
    }

    private static Run run(Path dir, String middlewares, String route, Requests requests, String... flags) throws Exception {
        Path log = dir.resolve("access.log");
        List<String> args = new ArrayList<>(List.of("--accesslog.filepath=" + log));
        args.addAll(List.of(flags));
        MiddlewareHarness h = MiddlewareHarness.start(dir, middlewares, route, args.toArray(String[]::new));
        String router;
        int backendPort = h.backend.port();
        try {
            requests.send(h);
            router = h.jetway.server.routerStatuses().stream().map(s -> s.name()).filter(n -> n.startsWith("default-app"))
                    .findFirst().orElse(null);
        } finally {
            h.close();
        }
        return new Run(Files.exists(log) ? Files.readAllLines(log) : List.of(), router, backendPort);
    }

    private static final String NO_MIDDLEWARE = "";

    private static String plainRoute() {
        return Manifests.appRoute("app.localhost");
    }

    @Test
    void commonFormatIsOneLinePerRequestWithTraefiksFields(@TempDir Path dir) throws Exception {
        ZonedDateTime before = ZonedDateTime.now().minusSeconds(1);
        List<ContentResponse> answers = new ArrayList<>();
        Run run = run(dir, NO_MIDDLEWARE, plainRoute(), h -> {
            answers.add(h.jetway.request("app.localhost", "/hello?x=1").headers(m -> m
                    .put("Referer", "http://ref.example/").put("User-Agent", "test-agent/1.0")).send());
            answers.add(h.get("nowhere.localhost", "/missing"));
        });
        assertEquals(2, run.lines().size(), run.lines().toString());

        Matcher first = COMMON.matcher(run.lines().get(0));
        assertTrue(first.matches(), run.lines().get(0));
        assertEquals("127.0.0.1", first.group(1));
        assertEquals("-", first.group(2), "no authenticated user");
        ZonedDateTime start = ZonedDateTime.parse(first.group(3), COMMON_TIME);
        assertFalse(start.isBefore(before), first.group(3));
        assertEquals("GET", first.group(4));
        assertEquals("/hello?x=1", first.group(5));
        assertEquals("HTTP/1.1", first.group(6));
        assertEquals("200", first.group(7));
        assertEquals(String.valueOf(answers.get(0).getContent().length), first.group(8));
        assertEquals("-", first.group(9), "headers are dropped by default, the referer too");
        assertEquals("-", first.group(10));
        assertEquals("1", first.group(11));
        assertEquals(run.router(), first.group(12));
        assertTrue(first.group(12).endsWith("@kubernetescrd"), first.group(12));
        assertEquals("http://127.0.0.1:" + run.backendPort(), first.group(13));

        Matcher second = COMMON.matcher(run.lines().get(1));
        assertTrue(second.matches(), run.lines().get(1));
        assertEquals("404", second.group(7));
        assertEquals(String.valueOf(answers.get(1).getContent().length), second.group(8));
        assertEquals("2", second.group(11));
        assertEquals("-", second.group(12), "no router");
        assertEquals("-", second.group(13), "no server");
    }

    @Test
    void jsonHasTraefiksFieldNamesAndValues(@TempDir Path dir) throws Exception {
        String body = "name=value";
        List<ContentResponse> answers = new ArrayList<>();
        Run run = run(dir, NO_MIDDLEWARE, plainRoute(), h -> answers.add(h.jetway.request("app.localhost:8443", "/form?q=1")
                .method("POST").body(new StringRequestContent("application/x-www-form-urlencoded", body)).send()),
                "--accesslog.format=json");
        assertEquals(1, run.lines().size(), run.lines().toString());
        JsonObject line = run.json().get(0);

        assertTrue(line.getString("StartUTC").endsWith("Z"), line.toString());
        OffsetDateTime utc = OffsetDateTime.parse(line.getString("StartUTC"));
        assertEquals(utc.toInstant(), OffsetDateTime.parse(line.getString("StartLocal")).toInstant());
        long duration = line.getJsonNumber("Duration").longValue();
        long origin = line.getJsonNumber("OriginDuration").longValue();
        assertTrue(duration > 0 && origin > 0 && origin <= duration, line.toString());
        assertEquals(duration - origin, line.getJsonNumber("Overhead").longValue());
        assertEquals(run.router(), line.getString("RouterName"));
        assertTrue(line.getString("ServiceName").endsWith("@kubernetescrd"), line.toString());
        assertEquals("http://127.0.0.1:" + run.backendPort(), line.getString("ServiceURL"));
        assertEquals("127.0.0.1:" + run.backendPort(), line.getString("ServiceAddr"));
        assertEquals("127.0.0.1", line.getString("ClientHost"));
        assertEquals("127.0.0.1:" + line.getString("ClientPort"), line.getString("ClientAddr"));
        assertTrue(Integer.parseInt(line.getString("ClientPort")) > 0);
        assertEquals("-", line.getString("ClientUsername"));
        assertEquals("app.localhost:8443", line.getString("RequestAddr"));
        assertEquals("app.localhost", line.getString("RequestHost"));
        assertEquals("8443", line.getString("RequestPort"));
        assertEquals("POST", line.getString("RequestMethod"));
        assertEquals("/form?q=1", line.getString("RequestPath"));
        assertEquals("HTTP/1.1", line.getString("RequestProtocol"));
        assertEquals("http", line.getString("RequestScheme"));
        assertEquals(body.length(), line.getInt("RequestContentSize"));
        assertEquals(1, line.getInt("RequestCount"));
        assertEquals(200, line.getInt("OriginStatus"));
        assertEquals(200, line.getInt("DownstreamStatus"));
        assertEquals(answers.get(0).getContent().length, line.getInt("DownstreamContentSize"));
        assertEquals(answers.get(0).getContent().length, line.getInt("OriginContentSize"));
        assertEquals(0, line.getInt("RetryAttempts"));
        assertEquals("web", line.getString("entryPointName"));
        assertEquals("info", line.getString("level"));
        assertEquals("", line.getString("msg"));
        assertNotNull(OffsetDateTime.parse(line.getString("time")));
        assertFalse(line.containsKey("TLSVersion"), "plain HTTP");
        assertTrue(line.keySet().stream().noneMatch(k -> k.startsWith("request_") || k.startsWith("origin_")
                || k.startsWith("downstream_")), "no header is kept by default: " + line.keySet());
    }

    @Test
    void statusCodeFilterKeepsOnlyListedStatuses(@TempDir Path dir) throws Exception {
        Run run = run(dir, NO_MIDDLEWARE, plainRoute(), h -> {
            assertEquals(200, h.get("app.localhost", "/ok").getStatus());
            assertEquals(404, h.get("nowhere.localhost", "/").getStatus());
            assertEquals(503, h.get("app.localhost", "/fail?status=503").getStatus());
            assertEquals(302, h.get("app.localhost", "/moved?status=302").getStatus());
        }, "--accesslog.format=json", "--accesslog.filters.statuscodes=404,500-599");
        List<Integer> statuses = run.json().stream().map(j -> j.getInt("DownstreamStatus")).toList();
        assertEquals(List.of(404, 503), statuses);
        assertEquals(List.of(2, 3), run.json().stream().map(j -> j.getInt("RequestCount")).toList(),
                "requests that were not logged still count");
    }

    @Test
    void minDurationFilterKeepsOnlySlowRequests(@TempDir Path dir) throws Exception {
        Run run = run(dir, NO_MIDDLEWARE, plainRoute(), h -> {
            assertEquals(200, h.get("app.localhost", "/warm-up").getStatus()); // the first exchange may be slow on a busy machine
            assertEquals(200, h.get("app.localhost", "/fast").getStatus());
            assertEquals(200, h.get("app.localhost", "/slow?wait=1200ms").getStatus());
            assertEquals(200, h.get("app.localhost", "/fast").getStatus());
        }, "--accesslog.format=json", "--accesslog.filters.minduration=1s");
        assertEquals(List.of("/slow?wait=1200ms"), run.json().stream().map(j -> j.getString("RequestPath"))
                .filter(p -> !p.equals("/warm-up")).toList());
        assertTrue(run.json().get(0).getJsonNumber("Duration").longValue() > Duration.ofSeconds(1).toNanos());
    }

    @Test
    void retryFilterKeepsOnlyRetriedRequests(@TempDir Path dir) throws Exception {
        int dead;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            dead = socket.getLocalPort();
        }
        try (Backend live = Backend.echoing()) {
            Path manifests = Files.createDirectories(dir.resolve("manifests"));
            Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", dead, live.port())
                    + Manifests.service("other", live.port()) + """
                    apiVersion: traefik.io/v1alpha1
                    kind: Middleware
                    metadata: {name: retry}
                    spec:
                      retry: {attempts: 3, initialInterval: 10ms}
                    ---
                    apiVersion: traefik.io/v1alpha1
                    kind: IngressRoute
                    metadata: {name: app}
                    spec:
                      routes:
                        - match: Host(`app.localhost`)
                          middlewares: [{name: retry}]
                          services: [{name: app, port: 80}]
                        - match: Host(`other.localhost`)
                          services: [{name: other, port: 80}]
                    """);
            Path log = dir.resolve("access.log");
            try (JetwayHarness jetway = JetwayHarness.start(manifests, "--accesslog.filepath=" + log, "--accesslog.format=json",
                    "--accesslog.filters.retryattempts")) {
                for (int i = 0; i < 4; i++) {
                    assertEquals(200, jetway.get("app.localhost", "/").getStatus());
                    assertEquals(200, jetway.get("other.localhost", "/").getStatus());
                }
            }
            List<JsonObject> lines = Files.readAllLines(log).stream()
                    .map(l -> Json.createReader(new StringReader(l)).readObject()).toList();
            assertFalse(lines.isEmpty(), "requests to the dead server were retried");
            for (JsonObject line : lines) {
                assertEquals("app.localhost", line.getString("RequestHost"), line.toString());
                assertTrue(line.getInt("RetryAttempts") >= 1, line.toString());
                assertEquals("http://127.0.0.1:" + live.port(), line.getString("ServiceURL"), "the server that answered");
            }
        }
    }

    @Test
    void fieldsDefaultModeDropKeepsOnlyNamedFields(@TempDir Path dir) throws Exception {
        String[] flags = {"--accesslog.fields.defaultmode=drop", "--accesslog.fields.names.RequestPath=keep",
                "--accesslog.fields.names.downstreamstatus=keep"};
        Run json = run(dir.resolve("json"), NO_MIDDLEWARE, plainRoute(), h -> h.get("app.localhost", "/kept"),
                concat(flags, "--accesslog.format=json"));
        assertEquals(Set.of("RequestPath", "DownstreamStatus", "level", "msg", "time"), new TreeSet<>(json.json().get(0).keySet()));
        assertEquals("/kept", json.json().get(0).getString("RequestPath"));

        Run common = run(dir.resolve("common"), NO_MIDDLEWARE, plainRoute(), h -> h.get("app.localhost", "/kept"), flags);
        assertEquals("- - - [-] \"- /kept -\" 200 - \"-\" \"-\" - \"-\" \"-\" 0ms", common.lines().get(0));
    }

    @Test
    void headerModesKeepDropAndRedact(@TempDir Path dir) throws Exception {
        Run run = run(dir, NO_MIDDLEWARE, plainRoute(), h -> h.jetway.request("app.localhost", "/h")
                        .headers(m -> m.put("User-Agent", "agent/2").put("X-Secret", "s3cret").put("X-Drop", "gone")
                                .put("Authorization", "Bearer token-value").put("Cookie", "session=abc"))
                        .send(),
                "--accesslog.format=json", "--accesslog.fields.headers.defaultmode=keep",
                "--accesslog.fields.headers.names.X-Secret=redact", "--accesslog.fields.headers.names.x-drop=drop");
        JsonObject line = run.json().get(0);
        assertEquals("agent/2", line.getString("request_User-Agent"));
        assertEquals("REDACTED", line.getString("request_X-Secret"));
        assertFalse(line.containsKey("request_X-Drop"), line.toString());
        assertEquals("REDACTED", line.getString("request_Authorization"), "credentials only when named");
        assertEquals("REDACTED", line.getString("request_Cookie"));
        assertFalse(line.toString().contains("token-value") || line.toString().contains("session=abc") || line.toString().contains("s3cret"));
        assertTrue(line.getString("origin_Content-Type").startsWith("text/plain"), line.toString());
        assertTrue(line.getString("downstream_Content-Type").startsWith("text/plain"), line.toString());

        Run named = run(dir.resolve("named"), NO_MIDDLEWARE, plainRoute(), h -> h.jetway.request("app.localhost", "/h")
                        .headers(m -> m.put("Authorization", "Bearer token-value").put("Referer", "http://r/").put("User-Agent", "ua"))
                        .send(),
                "--accesslog.fields.headers.names.Authorization=keep", "--accesslog.fields.headers.names.Referer=keep",
                "--accesslog.fields.headers.names.User-Agent=keep");
        Matcher common = COMMON.matcher(named.lines().get(0));
        assertTrue(common.matches(), named.lines().get(0));
        assertEquals("http://r/", common.group(9));
        assertEquals("ua", common.group(10));
    }

    @Test
    void explicitlyKeptAuthorizationIsLogged(@TempDir Path dir) throws Exception {
        Run run = run(dir, NO_MIDDLEWARE, plainRoute(), h -> h.jetway.request("app.localhost", "/h")
                        .headers(m -> m.put("Authorization", "Bearer token-value").put("X-Other", "o")).send(),
                "--accesslog.format=json", "--accesslog.fields.headers.names.Authorization=keep");
        JsonObject line = run.json().get(0);
        assertEquals("Bearer token-value", line.getString("request_Authorization"));
        assertFalse(line.containsKey("request_X-Other"), "the default mode is drop");
    }

    @Test
    void internalEndpointsAreLoggedOnlyWithAddInternals(@TempDir Path dir) throws Exception {
        Requests internalThenApp = h -> {
            int traefik = h.jetway.server.port("traefik");
            assertEquals(200, h.jetway.client.GET("http://127.0.0.1:" + traefik + "/ping").getStatus());
            assertEquals(200, h.jetway.client.GET("http://127.0.0.1:" + traefik + "/api/overview").getStatus());
            assertEquals(200, h.get("app.localhost", "/app").getStatus());
        };
        String[] flags = {"--accesslog.format=json", "--entrypoints.traefik.address=127.0.0.1:0", "--api.insecure", "--ping"};
        Run without = run(dir.resolve("without"), NO_MIDDLEWARE, plainRoute(), internalThenApp, flags);
        assertEquals(List.of("/app"), without.json().stream().map(j -> j.getString("RequestPath")).toList());

        String routesToInternals = """
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: internals}
                spec:
                  routes:
                    - match: Host(`ping.localhost`)
                      services: [{name: ping@internal, kind: TraefikService}]
                    - match: Host(`noop.localhost`)
                      services: [{name: noop@internal, kind: TraefikService}]
                """;
        Run routed = run(dir.resolve("routed"), routesToInternals, plainRoute(), h -> {
            assertEquals(200, h.get("ping.localhost", "/ping").getStatus());
            assertEquals(200, h.get("noop.localhost", "/noop").getStatus());
            assertEquals(200, h.get("app.localhost", "/app").getStatus());
        }, "--accesslog.format=json", "--ping", "--entrypoints.traefik.address=127.0.0.1:0");
        assertEquals(List.of("/noop", "/app"), routed.json().stream().map(j -> j.getString("RequestPath")).toList(),
                "a route to ping@internal is not logged; noop@internal serves the user's own router");

        Run with = run(dir.resolve("with"), NO_MIDDLEWARE, plainRoute(), internalThenApp, concat(flags, "--accesslog.addinternals"));
        assertEquals(List.of("/ping", "/api/overview", "/app"), with.json().stream().map(j -> j.getString("RequestPath")).toList());
        assertEquals(List.of(1, 2, 3), with.json().stream().map(j -> j.getInt("RequestCount")).toList());
        assertEquals("traefik", with.json().get(0).getString("entryPointName"));
    }

    @Test
    void basicAuthUserIsTheClientUsername(@TempDir Path dir) throws Exception {
        String auth = """
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: auth}
                spec:
                  basicAuth:
                    users: ["admin:$apr1$DmXR3Add$wfdbGw6RWIhFb0ffXMM4d0"]
                """;
        String credentials = "Basic " + Base64.getEncoder().encodeToString("admin:test".getBytes());
        Run run = run(dir, auth, Manifests.appRoute("app.localhost", "{name: auth}"), h -> {
            assertEquals(200, h.jetway.request("app.localhost", "/in").headers(m -> m.put("Authorization", credentials))
                    .send().getStatus());
            assertEquals(401, h.get("app.localhost", "/out").getStatus());
        });
        Matcher in = COMMON.matcher(run.lines().get(0));
        assertTrue(in.matches(), run.lines().get(0));
        assertEquals("admin", in.group(2));
        Matcher out = COMMON.matcher(run.lines().get(1));
        assertTrue(out.matches(), run.lines().get(1));
        assertEquals("-", out.group(2));
        assertEquals("401", out.group(7));
    }

    @Test
    void anUnwritableLogNeverFailsARequest(@TempDir Path dir) throws Exception {
        for (String target : new String[] {"/dev/full", dir.toString()}) {
            MiddlewareHarness h = MiddlewareHarness.start(dir.resolve("m" + target.length()), NO_MIDDLEWARE, plainRoute(),
                    "--accesslog.filepath=" + target, "--accesslog.bufferingsize=3");
            try {
                for (int i = 0; i < 30; i++) {
                    assertEquals(200, h.get("app.localhost", "/" + i).getStatus(), target);
                }
            } finally {
                h.close();
            }
        }
    }

    @Test
    void clientHostIsTheForwardedClientOnlyWhenThePeerIsTrusted(@TempDir Path dir) throws Exception {
        Requests forwarded = h -> h.jetway.request("app.localhost", "/").headers(m -> m.put("X-Forwarded-For", "203.0.113.9")).send();
        Run untrusted = run(dir.resolve("untrusted"), NO_MIDDLEWARE, plainRoute(), forwarded, "--accesslog.format=json");
        assertEquals("127.0.0.1", untrusted.json().get(0).getString("ClientHost"));
        Run trusted = run(dir.resolve("trusted"), NO_MIDDLEWARE, plainRoute(), forwarded, "--accesslog.format=json",
                "--entrypoints.web.forwardedheaders.trustedips=127.0.0.1");
        assertEquals("203.0.113.9", trusted.json().get(0).getString("ClientHost"));
        assertEquals("127.0.0.1", trusted.json().get(0).getString("ClientAddr").split(":")[0], "the peer itself");
    }

    @Test
    void aRequestTheClientAbandonedIsLoggedAs499(@TempDir Path dir) throws Exception {
        Run run = run(dir, NO_MIDDLEWARE, plainRoute(), h -> {
            try (java.net.Socket socket = new java.net.Socket(InetAddress.getLoopbackAddress(), h.jetway.port())) {
                socket.getOutputStream().write("GET /data?size=200000000 HTTP/1.1\r\nHost: app.localhost\r\n\r\n"
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                byte[] some = new byte[4096];
                assertTrue(socket.getInputStream().readNBytes(some, 0, some.length) > 0, "the response began");
                socket.setSoLinger(true, 0); // reset: the proxy's next writes fail
            }
            // The exchange ends when the proxy's writes fail; wait for its line before stopping Jetway.
            Path log = dir.resolve("access.log");
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && (!Files.exists(log) || Files.size(log) == 0)) {
                Thread.sleep(20);
            }
        }, "--accesslog.format=json");
        assertEquals(1, run.lines().size(), run.lines().toString());
        assertEquals(499, run.json().get(0).getInt("DownstreamStatus"), run.lines().get(0));
        assertEquals(200, run.json().get(0).getInt("OriginStatus"));
    }

    @Test
    void http2RequestsNameTheirProtocolAndAuthority(@TempDir Path dir) throws Exception {
        Run run = run(dir, NO_MIDDLEWARE, Manifests.appRoute("127.0.0.1"), h -> {
            java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_2).build();
            java.net.URI uri = java.net.URI.create(h.jetway.url("/h2"));
            for (int i = 0; i < 2; i++) { // the first goes out as HTTP/1.1 with an upgrade to h2c
                var answer = h2.send(java.net.http.HttpRequest.newBuilder(uri).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(200, answer.statusCode());
            }
        }, "--accesslog.format=json");
        JsonObject last = run.json().get(run.json().size() - 1);
        assertEquals("HTTP/2.0", last.getString("RequestProtocol"), last.toString());
        assertEquals("127.0.0.1", last.getString("RequestHost"));
        assertEquals(run.router(), last.getString("RouterName"));
    }

    private static String[] concat(String[] flags, String... more) {
        List<String> all = new ArrayList<>(List.of(flags));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
