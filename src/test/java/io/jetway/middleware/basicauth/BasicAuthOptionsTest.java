package io.jetway.middleware.basicauth;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** basicAuth's options: users are required, realm "traefik", header kept and no user header by default. */
class BasicAuthOptionsTest {

    /** "{SHA}" of "password". */
    static final String ANN = "ann:{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=";

    private static BasicAuthOptions parse(Map<String, Object> options) {
        return BasicAuthOptions.from(Node.at("spec.basicAuth", options));
    }

    private static String error(Map<String, Object> options) {
        return assertThrows(Node.InvalidFieldException.class, () -> parse(options)).getMessage();
    }

    @Test
    void defaults() {
        BasicAuthOptions options = parse(Map.of("users", List.of(ANN)));

        assertTrue(options.users().check("ann", "password".getBytes(StandardCharsets.UTF_8)));
        assertFalse(options.users().check("ann", "wrong".getBytes(StandardCharsets.UTF_8)));
        assertEquals("traefik", options.realm());
        assertFalse(options.removeHeader());
        assertEquals("", options.headerField());
    }

    @Test
    void everyOptionIsRead() {
        BasicAuthOptions options = parse(Map.of("users", List.of(ANN, "ann:{SHA}AAAAAAAAAAAAAAAAAAAAAAAAAAA="),
                "realm", "Staff only", "removeHeader", true, "headerField", "X-Auth-User"));

        assertTrue(options.users().check("ann", "password".getBytes(StandardCharsets.UTF_8)), "the first line of a name wins");
        assertEquals("Staff only", options.realm());
        assertTrue(options.removeHeader());
        assertEquals("X-Auth-User", options.headerField());
    }

    @Test
    void anEmptyRealmIsTraefiks() {
        assertEquals("traefik", parse(Map.of("users", List.of(ANN), "realm", "")).realm());
    }

    @Test
    void eachBadValueNamesItsField() {
        assertEquals("spec.basicAuth.secret: is required: no users are configured", error(Map.of()));
        assertEquals("spec.basicAuth.secret: is required: no users are configured (found unknown key secrets)",
                error(Map.of("secrets", "auth")));
        assertTrue(error(Map.of("users", List.of(ANN, "bob:plaintext"))).startsWith("spec.basicAuth.users[1]: "));
        assertEquals("spec.basicAuth.users[0]: is required", error(Map.of("users", List.of(""))));
        assertEquals("spec.basicAuth.removeHeader: expected true or false",
                error(Map.of("users", List.of(ANN), "removeHeader", "sometimes")));
    }
}
