package io.jetway.middleware.digestauth;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** digestAuth's options: users are required, realm "traefik", header kept and no user header by default. */
class DigestAuthOptionsTest {

    static final String ANN_HA1 = DigestAuthMiddleware.md5("ann:traefik:password");

    private static DigestAuthOptions parse(Map<String, Object> options) {
        return DigestAuthOptions.from(Node.at("spec.digestAuth", options));
    }

    private static String error(Map<String, Object> options) {
        return assertThrows(Node.InvalidFieldException.class, () -> parse(options)).getMessage();
    }

    @Test
    void defaults() {
        DigestAuthOptions options = parse(Map.of("users", List.of("ann:traefik:" + ANN_HA1)));

        assertEquals(ANN_HA1, options.users().ha1("ann", "traefik"));
        assertEquals("traefik", options.realm());
        assertFalse(options.removeHeader());
        assertEquals("", options.headerField());
    }

    @Test
    void everyOptionIsRead() {
        DigestAuthOptions options = parse(Map.of("users", List.of("ann:staff:" + ANN_HA1.toUpperCase()),
                "realm", "staff", "removeHeader", "true", "headerField", "X-Auth-User"));

        assertEquals(ANN_HA1, options.users().ha1("ann", "staff"), "HA1 kept in lower case");
        assertNull(options.users().ha1("ann", "traefik"), "a user is known only in its line's realm");
        assertEquals("staff", options.realm());
        assertTrue(options.removeHeader());
        assertEquals("X-Auth-User", options.headerField());
    }

    @Test
    void eachBadValueNamesItsField() {
        assertEquals("spec.digestAuth.secret: is required: no users are configured", error(Map.of("realm", "staff")));
        assertTrue(error(Map.of("users", List.of("ann:traefik:password"))).startsWith("spec.digestAuth.users[0]: "));
        assertEquals("spec.digestAuth.users: expected a list", error(Map.of("users", "ann")));
        assertEquals("spec.digestAuth.headerField: expected a string",
                error(Map.of("users", List.of("ann:traefik:" + ANN_HA1), "headerField", List.of())));
    }
}
