package io.jetway.middleware.replacepath;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReplacePathOptionsTest {

    @Test
    void readsThePath() {
        assertEquals(new ReplacePathOptions("/foo"), ReplacePathOptions.from(Node.root(Map.of("path", "/foo"))));
    }

    @Test
    void thePathIsRequired() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> ReplacePathOptions.from(Node.root(Map.of("path", ""))));
        assertEquals("path: is required", e.getMessage());
    }

    @Test
    void aMisspelledPathIsNamed() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> ReplacePathOptions.from(Node.root(Map.of("paht", "/foo"))));
        assertEquals("path: is required (found unknown key paht)", e.getMessage());
    }
}
