package io.jetway.e2e;

import org.eclipse.jetty.client.Authentication;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.DigestAuthentication;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.jetway.e2e.MiddlewareHarness.receivedHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** digestAuth through Jetway, with Jetty's own digest client and with hand-made answers (replays, stale nonces). */
class DigestAuthTest {

    /** HA1 = md5("name:realm:password") as htdigest writes it (computed with md5sum). */
    static final String MIDDLEWARES = """
            apiVersion: v1
            kind: Secret
            metadata: {name: digest-users}
            stringData:
              users: |
                alice:traefik:cc6292a804b584bcbd1657ddd96d47dc
                bob:other:b0a17ddf37861cbcda313c54616a2dd1
            ---
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: digest}
            spec:
              digestAuth:
                secret: digest-users
                users: ['carol:traefik:987f1a78bc7c2f1c1be713d64a934e9c']
                headerField: X-WebAuth-User
                removeHeader: true
            """;

    @Test
    void jettysDigestClientGetsThroughWithTheRightPassword(@TempDir Path dir) throws Exception {
        // Jetty's client drops a Host header of its own when it retries with credentials: route by IP.
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, MIDDLEWARES, Manifests.appRoute("127.0.0.1", "{name: digest}"))) {
            assertEquals(200, digestClientGet(h, "alice", "wonderland").getStatus());
            ContentResponse carol = digestClientGet(h, "carol", "s3cret");
            assertEquals(200, carol.getStatus(), "inline users and the Secret's are both read");
            assertEquals("carol", receivedHeader(carol, "X-WebAuth-User"));
            assertNull(receivedHeader(carol, "Authorization"), "removeHeader");
            assertEquals(401, digestClientGet(h, "alice", "wrong").getStatus());
            assertEquals(401, digestClientGet(h, "bob", "builder").getStatus(), "bob is a user of another realm");
        }
    }

    private static ContentResponse digestClientGet(MiddlewareHarness h, String user, String password) throws Exception {
        HttpClient client = new HttpClient();
        client.start();
        try {
            URI uri = URI.create(h.jetway.url("/"));
            client.getAuthenticationStore().addAuthentication(new DigestAuthentication(uri, Authentication.ANY_REALM, user, password));
            return client.newRequest(h.jetway.url("/private?x=1")).timeout(20, TimeUnit.SECONDS).send();
        } finally {
            client.stop();
        }
    }

    @Test
    void challengesThenRefusesReplaysAndCallsUnknownNoncesStale(@TempDir Path dir) throws Exception {
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, MIDDLEWARES, Manifests.appRoute("app.localhost", "{name: digest}"))) {
            ContentResponse challenge = h.get("app.localhost", "/doc");
            assertEquals(401, challenge.getStatus());
            assertEquals("401 Unauthorized\n", challenge.getContentAsString());
            String header = challenge.getHeaders().get("WWW-Authenticate");
            assertTrue(header.matches("Digest realm=\"traefik\", nonce=\"[^\"]+\", opaque=\"[^\"]+\", algorithm=MD5, qop=\"auth\""), header);
            Map<String, String> c = params(header);

            String first = answer("alice", "wonderland", "GET", "/doc", c.get("nonce"), c.get("opaque"), "00000001");
            ContentResponse ok = send(h, "/doc", first);
            assertEquals(200, ok.getStatus());
            assertEquals("alice", receivedHeader(ok, "X-WebAuth-User"));

            assertEquals(401, send(h, "/doc", first).getStatus(), "the same nonce count again is a replay");
            String second = answer("alice", "wonderland", "GET", "/doc", c.get("nonce"), c.get("opaque"), "00000002");
            assertEquals(200, send(h, "/doc", second).getStatus(), "a higher count on the same nonce is fine");

            String otherUri = answer("alice", "wonderland", "GET", "/other", c.get("nonce"), c.get("opaque"), "00000003");
            assertEquals(401, send(h, "/doc", otherUri).getStatus(), "the digest covers another request target");

            String unknownNonce = answer("alice", "wonderland", "GET", "/doc", "made-up-nonce", c.get("opaque"), "00000001");
            ContentResponse stale = send(h, "/doc", unknownNonce);
            assertEquals(401, stale.getStatus());
            assertTrue(stale.getHeaders().get("WWW-Authenticate").endsWith(", stale=true"), stale.getHeaders().get("WWW-Authenticate"));

            String badPassword = answer("alice", "nope", "GET", "/doc", c.get("nonce"), c.get("opaque"), "00000009");
            ContentResponse refused = send(h, "/doc", badPassword);
            assertEquals(401, refused.getStatus());
            assertFalse(refused.getHeaders().get("WWW-Authenticate").contains("stale"));
        }
    }

    @Test
    void aMalformedUsersLineDisablesTheRouter(@TempDir Path dir) throws Exception {
        String middlewares = """
                apiVersion: v1
                kind: Secret
                metadata: {name: digest-users}
                stringData:
                  users: "alice:cc6292a804b584bcbd1657ddd96d47dc"
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: digest}
                spec:
                  digestAuth: {secret: digest-users}
                """;
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, middlewares, Manifests.appRoute("app.localhost", "{name: digest}"))) {
            assertEquals(404, h.get("app.localhost", "/").getStatus());
            String errors = h.jetway.server.routerStatuses().toString();
            assertTrue(errors.contains("spec.digestAuth.secret: Secret default/digest-users key users line 1: expected name:realm:hash"), errors);
        }
    }

    private static ContentResponse send(MiddlewareHarness h, String path, String authorization) throws Exception {
        return h.jetway.request("app.localhost", path).headers(m -> m.put("Authorization", authorization)).send();
    }

    /** An RFC 7616 answer with qop=auth, computed here as a client would. */
    private static String answer(String user, String password, String method, String uri, String nonce, String opaque, String nc)
            throws Exception {
        String cnonce = "0a4f113b";
        String ha1 = md5(user + ":traefik:" + password);
        String response = md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + md5(method + ":" + uri));
        return "Digest username=\"%s\", realm=\"traefik\", nonce=\"%s\", uri=\"%s\", qop=auth, nc=%s, cnonce=\"%s\", response=\"%s\", opaque=\"%s\", algorithm=MD5"
                .formatted(user, nonce, uri, nc, cnonce, response, opaque);
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static Map<String, String> params(String header) {
        Map<String, String> params = new HashMap<>();
        Matcher m = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]+))").matcher(header);
        while (m.find()) {
            params.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return params;
    }
}
