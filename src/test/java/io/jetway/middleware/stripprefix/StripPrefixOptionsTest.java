package io.jetway.middleware.stripprefix;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StripPrefixOptionsTest {

    @Test
    void noPrefixesByDefault() {
        assertEquals(List.of(), StripPrefixOptions.from(Node.root(Map.of())).prefixes());
    }

    @Test
    void readsThePrefixesInOrder() {
        assertEquals(List.of("/api", "/v1"),
                StripPrefixOptions.from(Node.root(Map.of("prefixes", List.of("/api", "/v1")))).prefixes());
    }

    @Test
    void prefixesMustBeAList() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> StripPrefixOptions.from(Node.root(Map.of("prefixes", "/api"))));
        assertEquals("prefixes", e.field());
    }
}
