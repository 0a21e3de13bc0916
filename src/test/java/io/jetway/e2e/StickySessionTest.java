package io.jetway.e2e;

import io.jetway.service.StickyCookie;
import io.jetway.whoami.WhoamiServer;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sticky cookies with real backends: one level and two levels, Traefik's values and flags. */
class StickySessionTest {

    static WhoamiServer a1;
    static WhoamiServer a2;
    static WhoamiServer b1;

    @BeforeAll
    static void backends() throws Exception {
        a1 = WhoamiServer.start("127.0.0.1", 0, "a1");
        a2 = WhoamiServer.start("127.0.0.1", 0, "a2");
        b1 = WhoamiServer.start("127.0.0.1", 0, "b1");
    }

    @AfterAll
    static void stop() {
        a1.close();
        a2.close();
        b1.close();
    }

    static String servedBy(ContentResponse r) {
        return r.getHeaders().get("X-Whoami-Name");
    }

    static ContentResponse get(JetwayHarness jw, String host, String cookie) throws Exception {
        return jw.request(host, "/").headers(h -> {
            if (cookie != null) {
                h.put("Cookie", cookie);
            }
        }).send();
    }

    @Test
    void oneLevelKeepsTheClientOnItsServer(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", a1.port(), a2.port())
                + Manifests.route("sticky", "Host(`s.localhost`)", "app", 0, """
                          sticky:
                            cookie:
                              name: lvl
                              secure: true
                              httpOnly: true
                              sameSite: strict
                              maxAge: 60
                """)
                + Manifests.route("plain", "Host(`d.localhost`)", "app", 0, """
                          sticky:
                            cookie: {}
                """));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            ContentResponse first = get(jw, "s.localhost", null);
            String setCookie = first.getHeaders().get("Set-Cookie");
            String server = servedBy(first);
            int port = server.equals("a1") ? a1.port() : a2.port();
            String value = StickyCookie.valueFor("http://127.0.0.1:" + port);
            assertEquals("lvl=" + value + "; Path=/; Max-Age=60; HttpOnly; Secure; SameSite=Strict", setCookie);
            for (int i = 0; i < 10; i++) {
                ContentResponse again = get(jw, "s.localhost", "lvl=" + value);
                assertEquals(server, servedBy(again));
                assertNull(again.getHeaders().get("Set-Cookie"), "a valid cookie is not set again");
            }
            String other = server.equals("a1") ? "a2" : "a1";
            int otherPort = other.equals("a1") ? a1.port() : a2.port();
            assertEquals(other, servedBy(get(jw, "s.localhost", "lvl=http://127.0.0.1:" + otherPort)),
                    "Traefik's older raw-URL value is accepted");

            ContentResponse gone = get(jw, "s.localhost", "lvl=0123456789abcdef");
            assertTrue(gone.getHeaders().get("Set-Cookie").startsWith("lvl="), "a cookie naming no server is replaced");

            ContentResponse defaults = get(jw, "d.localhost", null);
            String router = "default-plain-" + io.jetway.translate.crd.CrdNames.routeKey("default", "plain", "Host(`d.localhost`)")
                    .substring("default-plain-".length()) + "@kubernetescrd";
            String expectedName = ("_" + sha1("_TRAEFIK_BACKEND_" + router)).substring(0, 6);
            assertTrue(defaults.getHeaders().get("Set-Cookie").startsWith(expectedName + "="),
                    "default name derived from the service name: " + defaults.getHeaders().get("Set-Cookie"));
        }
    }

    @Test
    void twoLevelsKeepTheClientOnOnePod(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("svc-a", a1.port(), a2.port())
                + Manifests.service("svc-b", b1.port()) + """
                apiVersion: traefik.io/v1alpha1
                kind: TraefikService
                metadata: {name: wrr}
                spec:
                  weighted:
                    services:
                      - name: svc-a
                        port: 80
                        weight: 1
                        sticky: {cookie: {name: lvl2}}
                      - name: svc-b
                        port: 80
                        weight: 1
                        sticky: {cookie: {name: lvl2}}
                    sticky:
                      cookie: {name: lvl1}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: two}
                spec:
                  routes:
                    - match: Host(`two.localhost`)
                      services: [{name: wrr, kind: TraefikService}]
                """);
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            Set<String> firstPicks = new HashSet<>();
            for (int client = 0; client < 6; client++) {
                ContentResponse first = get(jw, "two.localhost", null);
                List<String> cookies = first.getHeaders().getValuesList("Set-Cookie");
                assertEquals(2, cookies.size(), "one cookie per level: " + cookies);
                String cookieHeader = cookies.stream().map(c -> c.substring(0, c.indexOf(';'))).reduce((x, y) -> x + "; " + y).orElseThrow();
                String pod = servedBy(first);
                firstPicks.add(pod);
                for (int i = 0; i < 5; i++) {
                    assertEquals(pod, servedBy(get(jw, "two.localhost", cookieHeader)), "client " + client + " stays on " + pod);
                }
            }
            assertTrue(firstPicks.contains("b1") && firstPicks.size() >= 2, "new clients are still spread: " + firstPicks);
        }
    }

    /** The seed's two-level example as the documentation writes it (Traefik's CRD docs, "Stickiness and load-balancing"). */
    static String docTwoLevelExample() {
        return docService("whoami1", a1.port(), a2.port()) + docService("whoami2", b1.port())
                + Manifests.seedExample("001_0714", 0) + "---\n" + Manifests.seedExample("001_0950", 0);
    }

    /** The documentation's Service (port named web), with the Endpoints its Deployment's pods would give it. */
    static String docService(String name, int... podPorts) {
        StringBuilder addresses = new StringBuilder();
        for (int port : podPorts) {
            addresses.append("""
                      - addresses:
                          - ip: 127.0.0.1
                        ports:
                          - name: web
                            port: %d
                    """.formatted(port));
        }
        return """
                apiVersion: v1
                kind: Service
                metadata:
                  name: %s
                  namespace: default

                spec:
                  ports:
                    - protocol: TCP
                      name: web
                      port: 80
                  selector:
                    app: %s
                ---
                apiVersion: v1
                kind: Endpoints
                metadata:
                  name: %s
                  namespace: default
                subsets:
                %s---
                """.formatted(name, name, name, addresses);
    }

    /** Jetway serving the documentation's two-level example. */
    static JetwayHarness docExample(Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("doc.yaml"), docTwoLevelExample());
        return JetwayHarness.start(manifests);
    }

    /** The example's child service (Traefik's name for it) that a pod belongs to: whoami2 has b1 alone. */
    static String childService(String pod) {
        return pod.equals("b1") ? "default-whoami2-80" : "default-whoami1-80";
    }

    static ContentResponse foo(JetwayHarness jw, String cookie) throws Exception {
        return jw.request("example.com", "/foo").headers(h -> h.put("Cookie", cookie)).send();
    }

    static String pod(WhoamiServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void theDocsRawCookiesPinBothLevelsAndAreSetAgainHashed(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = docExample(dir)) {
            for (WhoamiServer server : List.of(a1, a2, b1)) {
                String service = childService(server.name());
                // The documentation's curl -b "lvl1=default-whoami1-80; lvl2=http://10.42.0.6:80"
                String raw = "lvl1=" + service + "; lvl2=" + pod(server);
                for (int i = 0; i < 6; i++) {
                    ContentResponse r = foo(jw, raw);
                    assertEquals(200, r.getStatus());
                    assertEquals(server.name(), servedBy(r), raw + " pins " + server.name());
                    assertEquals(Set.of("lvl1=" + StickyCookie.valueFor(service) + "; Path=/",
                                    "lvl2=" + StickyCookie.valueFor(pod(server)) + "; Path=/"),
                            Set.copyOf(r.getHeaders().getValuesList("Set-Cookie")),
                            "each raw value is set again in Traefik's current (hashed) form");
                }
            }
        }
    }

    @Test
    void traefiksHashedCookiesPinBothLevels(@TempDir Path dir) throws Exception {
        try (JetwayHarness jw = docExample(dir)) {
            for (WhoamiServer server : List.of(a1, a2, b1)) {
                String service = childService(server.name());
                // Traefik v3's values: sha256 of the child service's name and of the server URL, 16 hex digits.
                String hashed = "lvl1=" + StickyCookie.valueFor(service) + "; lvl2=" + StickyCookie.valueFor(pod(server));
                for (int i = 0; i < 6; i++) {
                    ContentResponse r = foo(jw, hashed);
                    assertEquals(server.name(), servedBy(r), hashed + " pins " + server.name());
                    assertEquals(List.of(), r.getHeaders().getValuesList("Set-Cookie"), "current values are not set again");
                }
            }
            ContentResponse fresh = jw.request("example.com", "/foo").send();
            String service = childService(servedBy(fresh));
            assertTrue(fresh.getHeaders().getValuesList("Set-Cookie").contains("lvl1=" + StickyCookie.valueFor(service) + "; Path=/"),
                    "a new client gets the weighted level's cookie naming the child as Traefik does: " + fresh.getHeaders());
        }
    }

    @Test
    void p2cKeepsTheClientOnItsServerToo(@TempDir Path dir) throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("m"));
        Files.writeString(manifests.resolve("app.yaml"), Manifests.service("app", a1.port(), a2.port())
                + Manifests.route("p2c", "Host(`p2c.localhost`)", "app", 0, """
                          strategy: p2c
                          sticky:
                            cookie:
                              name: p2c
                """));
        try (JetwayHarness jw = JetwayHarness.start(manifests)) {
            ContentResponse first = get(jw, "p2c.localhost", null);
            WhoamiServer server = servedBy(first).equals("a1") ? a1 : a2;
            String value = StickyCookie.valueFor(pod(server));
            assertEquals("p2c=" + value + "; Path=/", first.getHeaders().get("Set-Cookie"));
            WhoamiServer other = server == a1 ? a2 : a1;
            for (int i = 0; i < 10; i++) {
                assertEquals(server.name(), servedBy(get(jw, "p2c.localhost", "p2c=" + value)));
                ContentResponse raw = get(jw, "p2c.localhost", "p2c=" + pod(other));
                assertEquals(other.name(), servedBy(raw), "Traefik's older raw-URL value is accepted");
                assertEquals("p2c=" + StickyCookie.valueFor(pod(other)) + "; Path=/", raw.getHeaders().get("Set-Cookie"),
                        "and set again in the current form");
            }
        }
    }

    static String sha1(String s) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
