package io.jetway.e2e;

import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import static io.jetway.e2e.MiddlewareHarness.receivedHeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** basicAuth through Jetway: Secrets as the seeds write them, every hash kind, and bad input. */
class BasicAuthTest {

    /** Seed 000 (multi-layer routing guide): the Secret and Middleware as written. Passwords are "test". */
    static final String SEED_000 = Manifests.seedExample("000_0650", 0, 1);

    /**
     * Hashes written by other tools: htpasswd -B / -m / -s, openssl passwd -1, and the crypt_blowfish
     * test vector for $2a$ ("U*U"); the $2b$ line is htpasswd's $2y$ hash with the other prefix,
     * which bcrypt computes identically for ASCII passwords.
     */
    static final String HASHES = """
            apiVersion: traefik.io/v1alpha1
            kind: Middleware
            metadata: {name: hashes}
            spec:
              basicAuth:
                realm: Staff only
                removeHeader: true
                users:
                  - alice:$2y$05$dZLkkvqTsfe2oekHxxQ9se.QZNbg5.f7jVDSPT2/bzsEgtAhA2w2O
                  - bob:$apr1$iii6DTTe$gEOzUFd4Ek7UgmnQkFCM/1
                  - carol:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
                  - dave:$1$saltsalt$/nQAsMihcmalGRlLCbvOX0
                  - erin:$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW
                  - frank:$2b$05$dZLkkvqTsfe2oekHxxQ9se.QZNbg5.f7jVDSPT2/bzsEgtAhA2w2O
            """;

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static ContentResponse get(MiddlewareHarness h, String host, String authorization, String... headers) throws Exception {
        var request = h.jetway.request(host, "/api/users");
        request.headers(m -> {
            if (authorization != null) {
                m.put("Authorization", authorization);
            }
            for (int i = 0; i < headers.length; i += 2) {
                m.put(headers[i], headers[i + 1]);
            }
        });
        return request.send();
    }

    @Test
    void seed000SecretAuthenticatesAndNamesTheUserForTheBackend(@TempDir Path dir) throws Exception {
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, SEED_000, Manifests.appRoute("api.docker.localhost", "{name: auth-middleware}"))) {
            ContentResponse none = get(h, "api.docker.localhost", null);
            assertEquals(401, none.getStatus());
            assertEquals("Basic realm=\"traefik\"", none.getHeaders().get("WWW-Authenticate"));
            assertEquals("401 Unauthorized\n", none.getContentAsString());

            ContentResponse admin = get(h, "api.docker.localhost", basic("admin", "test"));
            assertEquals(200, admin.getStatus(), admin.getContentAsString());
            assertEquals("admin", receivedHeader(admin, "X-Auth-User"));
            assertEquals(basic("admin", "test"), receivedHeader(admin, "Authorization"), "kept without removeHeader");

            // A client cannot pass itself off as another user through the header field.
            ContentResponse user = get(h, "api.docker.localhost", basic("user", "test"), "X-Auth-User", "admin");
            assertEquals(200, user.getStatus());
            assertEquals("user", receivedHeader(user, "X-Auth-User"));

            assertEquals(401, get(h, "api.docker.localhost", basic("admin", "wrong")).getStatus());
            assertEquals(401, get(h, "api.docker.localhost", basic("nobody", "test")).getStatus());
            assertEquals(401, get(h, "api.docker.localhost", "Basic !!notbase64").getStatus());
            assertEquals(401, get(h, "api.docker.localhost", "Bearer " + basic("admin", "test").substring(6)).getStatus());
        }
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource({
            "alice, wonder land, 200",
            "alice, wonder, 401",
            "bob,   builder, 200",
            "bob,   Builder, 401",
            "carol, secret, 200",
            "carol, secret2, 401",
            "dave,  dave pass, 200",
            "dave,  dave, 401",
            "erin,  U*U, 200",
            "erin,  U*U*, 401",
            "frank, wonder land, 200",
            "frank, wonderland, 401",
            "zed,   wonder land, 401",
    })
    void checksEveryHashKind(String user, String password, int status, @TempDir Path dir) throws Exception {
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, HASHES, Manifests.appRoute("app.localhost", "{name: hashes}"))) {
            ContentResponse r = get(h, "app.localhost", basic(user, password));
            assertEquals(status, r.getStatus(), r.getContentAsString());
            if (status == 200) {
                assertNull(receivedHeader(r, "Authorization"), "removeHeader drops the credentials");
            } else {
                assertEquals("Basic realm=\"Staff only\"", r.getHeaders().get("WWW-Authenticate"));
            }
        }
    }

    @Test
    void basicAuthTypedSecretHoldsOneUser(@TempDir Path dir) throws Exception {
        String manifests = """
                apiVersion: v1
                kind: Secret
                metadata: {name: one-user}
                type: kubernetes.io/basic-auth
                data:
                  username: %s
                  password: %s
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: typed}
                spec:
                  basicAuth: {secret: one-user, headerField: X-User}
                """.formatted(b64("ops"), b64("s3cret:with colon"));
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, manifests, Manifests.appRoute("app.localhost", "{name: typed}"))) {
            ContentResponse ok = get(h, "app.localhost", basic("ops", "s3cret:with colon"));
            assertEquals(200, ok.getStatus());
            assertEquals("ops", receivedHeader(ok, "X-User"));
            assertEquals(401, get(h, "app.localhost", basic("ops", "s3cret")).getStatus());
        }
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing Secret        | {secret: nope}                 | spec.basicAuth.secret: Secret default/nope not found",
            "Secret without users  | {secret: two-keys}             | spec.basicAuth.secret: Secret default/two-keys has no key users",
            "malformed line        | {secret: bad-line}             | spec.basicAuth.secret: Secret default/bad-line key users line 2: expected name:hash",
            "plain-text password   | {users: ['ann:hunter2']}       | spec.basicAuth.users[0]: unsupported password hash",
            "basic-auth type       | {secret: typed-no-password}    | must have keys username and password",
            "no users at all       | {realm: x}                     | spec.basicAuth.secret: is required",
    })
    void badInputDisablesTheRoutersUsingIt(String label, String options, String message, @TempDir Path dir) throws Exception {
        String manifests = """
                apiVersion: v1
                kind: Secret
                metadata: {name: two-keys}
                stringData: {a: 'x:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=', b: ''}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: bad-line}
                stringData:
                  users: |
                    good:{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=
                    no-colon-here
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: typed-no-password}
                type: kubernetes.io/basic-auth
                stringData: {username: ops}
                ---
                apiVersion: traefik.io/v1alpha1
                kind: Middleware
                metadata: {name: broken}
                spec:
                  basicAuth: %s
                ---
                apiVersion: traefik.io/v1alpha1
                kind: IngressRoute
                metadata: {name: open}
                spec:
                  routes:
                    - match: Host(`open.localhost`)
                      services: [{name: app, port: 80}]
                """.formatted(options);
        try (MiddlewareHarness h = MiddlewareHarness.start(dir, manifests, Manifests.appRoute("bad.localhost", "{name: broken}"))) {
            assertEquals(404, h.get("bad.localhost", "/").getStatus(), "the router using it is disabled");
            assertEquals(200, h.get("open.localhost", "/").getStatus(), "everything else serves");
            String errors = h.jetway.server.routerStatuses().toString();
            assertTrue(errors.contains("middleware \"default-broken@kubernetescrd\""), errors);
            assertTrue(errors.contains(message), errors);
        }
    }
}
