package io.jetway.middleware.redirectscheme;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RedirectSchemeOptionsTest {

    @Test
    void noPortAndTemporaryByDefault() {
        assertEquals(new RedirectSchemeOptions("https", "", false),
                RedirectSchemeOptions.from(Node.root(Map.of("scheme", "https"))));
    }

    @Test
    void readsEveryOption() {
        assertEquals(new RedirectSchemeOptions("https", "8443", true),
                RedirectSchemeOptions.from(Node.root(Map.of("scheme", "https", "port", "8443", "permanent", true))));
        assertEquals("8443", RedirectSchemeOptions.from(Node.root(Map.of("scheme", "https", "port", 8443))).port());
    }

    @Test
    void theSchemeIsRequired() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> RedirectSchemeOptions.from(Node.root(Map.of("port", "443"))));
        assertEquals("scheme: is required", e.getMessage());
    }

    @Test
    void aMalformedSchemeIsNamed() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> RedirectSchemeOptions.from(Node.root(Map.of("scheme", "ht tp"))));
        assertEquals("scheme: invalid scheme \"ht tp\"", e.getMessage());
    }

    @Test
    void aPortThatIsNotANumberIsNamed() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> RedirectSchemeOptions.from(Node.root(Map.of("scheme", "https", "port", "https"))));
        assertEquals("port: invalid port \"https\"", e.getMessage());
    }

    @Test
    void permanentIsABoolean() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> RedirectSchemeOptions.from(Node.root(Map.of("scheme", "https", "permanent", "yes"))));
        assertEquals("permanent", e.field());
    }
}
