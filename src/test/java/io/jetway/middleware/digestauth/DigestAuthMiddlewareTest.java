package io.jetway.middleware.digestauth;

import io.jetway.kube.Node;
import io.jetway.middleware.MiddlewareProbe;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.jetway.middleware.digestauth.DigestAuthMiddleware.md5;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** digestAuth on in-memory requests: a challenge, an answer computed as a client does, replays refused. */
class DigestAuthMiddlewareTest {

    private final DigestNonces nonces = new DigestNonces();
    private final DigestAuthMiddleware auth = new DigestAuthMiddleware(DigestAuthOptions.from(Node.at("spec.digestAuth",
            Map.of("users", List.of("ann:traefik:" + DigestAuthOptionsTest.ANN_HA1), "removeHeader", true,
                    "headerField", "X-Auth-User"))), nonces);

    /** The challenge's parameters, from a request without credentials. */
    private Map<String, String> challenge() throws Exception {
        MiddlewareProbe probe = MiddlewareProbe.get("/private").run(auth);
        assertFalse(probe.passedOn());
        assertEquals(401, probe.status());
        assertEquals("401 Unauthorized\n", probe.responseBody());
        return DigestAuthMiddleware.parse(probe.responseHeader("WWW-Authenticate"));
    }

    private static String authorization(Map<String, String> challenge, String user, String password, String uri, String nc) {
        String ha1 = md5(user + ":traefik:" + password);
        String response = md5(ha1 + ":" + challenge.get("nonce") + ":" + nc + ":c0ffee:auth:" + md5("GET:" + uri));
        return "Digest username=\"" + user + "\", realm=\"traefik\", nonce=\"" + challenge.get("nonce") + "\", uri=\"" + uri
                + "\", algorithm=MD5, qop=auth, nc=" + nc + ", cnonce=\"c0ffee\", response=\"" + response
                + "\", opaque=\"" + challenge.get("opaque") + "\"";
    }

    private MiddlewareProbe send(String pathAndQuery, String authorization) throws Exception {
        return MiddlewareProbe.get(pathAndQuery).header("Authorization", authorization).run(auth);
    }

    @Test
    void theChallengeOffersMd5WithQopAuth() throws Exception {
        Map<String, String> challenge = challenge();

        assertEquals("traefik", challenge.get("realm"));
        assertEquals("MD5", challenge.get("algorithm"));
        assertEquals("auth", challenge.get("qop"));
        assertEquals(nonces.opaque, challenge.get("opaque"));
        assertFalse(challenge.containsKey("stale"));
    }

    @Test
    void aGoodAnswerPassesOnWithTheUserNamed() throws Exception {
        MiddlewareProbe probe = send("/private?a=1", authorization(challenge(), "ann", "password", "/private?a=1", "00000001"));

        assertTrue(probe.passedOn());
        assertEquals("ann", probe.exchange().authenticatedUser());
        assertEquals(List.of("ann"), probe.exchange().requestHeader("X-Auth-User"));
        assertEquals(List.of(), probe.exchange().requestHeader("Authorization"));
    }

    @Test
    void aReplayedCountIsRefusedAndAHigherOneAccepted() throws Exception {
        Map<String, String> challenge = challenge();
        assertTrue(send("/private", authorization(challenge, "ann", "password", "/private", "00000001")).passedOn());

        MiddlewareProbe replay = send("/private", authorization(challenge, "ann", "password", "/private", "00000001"));
        assertFalse(replay.passedOn());
        assertFalse(replay.responseHeader("WWW-Authenticate").contains("stale=true"));

        assertTrue(send("/private", authorization(challenge, "ann", "password", "/private", "00000002")).passedOn());
    }

    @Test
    void anUnknownNonceIsStale() throws Exception {
        Map<String, String> forged = Map.of("nonce", "not-issued", "opaque", nonces.opaque);

        MiddlewareProbe probe = send("/private", authorization(forged, "ann", "password", "/private", "00000001"));

        assertEquals(401, probe.status());
        assertTrue(probe.responseHeader("WWW-Authenticate").endsWith(", stale=true"));
    }

    @Test
    void aWrongPasswordUserOrTargetIsRefused() throws Exception {
        Map<String, String> challenge = challenge();

        assertEquals(401, send("/private", authorization(challenge, "ann", "wrong", "/private", "00000001")).status());
        assertEquals(401, send("/private", authorization(challenge, "bob", "password", "/private", "00000001")).status());
        assertEquals(401, send("/other", authorization(challenge, "ann", "password", "/private", "00000001")).status());
        assertEquals(401, send("/private", "Basic YW5uOnBhc3N3b3Jk").status());
    }

    @Test
    void aUriWhosePathPrefixesTheRequestsIsAccepted() throws Exception {
        assertTrue(send("/private/page", authorization(challenge(), "ann", "password", "/private", "00000001")).passedOn());
    }

    @Test
    void nonceMemoryIsBounded() {
        for (int i = 0; i < DigestNonces.LIMIT + 200; i++) {
            nonces.issue();
        }
        assertTrue(nonces.size() <= DigestNonces.LIMIT + 101, "size " + nonces.size());
    }
}
