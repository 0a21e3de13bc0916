package io.jetway.middleware.basicauth;

import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareProbe;
import jakarta.servlet.Filter;
import org.apache.commons.codec.digest.Md5Crypt;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** basicAuth on in-memory requests: good credentials pass on with the user noted, others get a Basic challenge. */
class BasicAuthMiddlewareTest {

    private static final List<String> USERS = List.of(
            BasicAuthOptionsTest.ANN,
            "bob:" + Md5Crypt.apr1Crypt("builder".getBytes(StandardCharsets.UTF_8), "$apr1$salt1234"),
            "cy:" + OpenBSDBCrypt.generate("2y", "cipher".toCharArray(), new byte[16], 4));

    private static Filter basicAuth(Map<String, Object> options) {
        return BasicAuthMiddleware.create(Node.at("spec.basicAuth", options), MiddlewareProbe.context());
    }

    private static MiddlewareProbe as(String user, String password) {
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return MiddlewareProbe.get("/private").header("Authorization", "Basic " + credentials);
    }

    @Test
    void eachHashFormatAuthenticatesItsUser() throws Exception {
        Filter auth = basicAuth(Map.of("users", USERS));

        for (String[] user : new String[][] {{"ann", "password"}, {"bob", "builder"}, {"cy", "cipher"}}) {
            MiddlewareProbe probe = as(user[0], user[1]).run(auth);
            assertTrue(probe.passedOn(), user[0]);
            assertEquals(user[0], probe.exchange().authenticatedUser());
        }
    }

    @Test
    void missingOrWrongCredentialsGetAChallenge() throws Exception {
        Filter auth = basicAuth(Map.of("users", USERS, "realm", "Staff \"only\""));

        for (MiddlewareProbe probe : List.of(MiddlewareProbe.get("/private"), as("ann", "wrong"), as("nobody", "password"),
                MiddlewareProbe.get("/private").header("Authorization", "Basic not-base64!"),
                MiddlewareProbe.get("/private").header("Authorization", "Bearer token"))) {
            probe.run(auth);
            assertFalse(probe.passedOn());
            assertEquals(401, probe.status());
            assertEquals("Basic realm=\"Staff \\\"only\\\"\"", probe.responseHeader("WWW-Authenticate"));
            assertEquals("text/plain", probe.responseHeader("Content-Type"));
            assertEquals("401 Unauthorized\n", probe.responseBody());
            assertNull(probe.exchange().authenticatedUser());
        }
    }

    @Test
    void theUserMayBeNamedInAHeaderAndTheAuthorizationDropped() throws Exception {
        Filter auth = basicAuth(Map.of("users", USERS, "removeHeader", true, "headerField", "X-Auth-User"));

        MiddlewareProbe probe = as("ann", "password").header("X-Auth-User", "forged").run(auth);

        assertTrue(probe.passedOn());
        assertEquals(List.of("ann"), probe.exchange().requestHeader("X-Auth-User"));
        assertEquals(List.of(), probe.exchange().requestHeader("Authorization"));
    }

    @Test
    void withoutRemoveHeaderTheAuthorizationIsForwarded() throws Exception {
        MiddlewareProbe probe = as("ann", "password").run(basicAuth(Map.of("users", USERS)));

        assertTrue(probe.passedOn());
        assertEquals(1, probe.exchange().requestHeader("Authorization").size());
        assertFalse(probe.exchange().requestHeaderEdited("X-Auth-User"));
    }
}
