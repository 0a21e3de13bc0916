package io.jetway.middleware.addprefix;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AddPrefixOptionsTest {

    @Test
    void readsThePrefix() {
        assertEquals(new AddPrefixOptions("/api"), AddPrefixOptions.from(Node.root(Map.of("prefix", "/api"))));
    }

    @Test
    void thePrefixIsRequired() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> AddPrefixOptions.from(Node.root(Map.of())));
        assertEquals("prefix", e.field());
        assertEquals("prefix: is required", e.getMessage());
    }

    @Test
    void thePrefixStartsWithASlash() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> AddPrefixOptions.from(Node.root(Map.of("prefix", "api"))));
        assertEquals("prefix: must start with /, got \"api\"", e.getMessage());
    }
}
