package io.jetway.middleware.contenttype;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ContentTypeOptionsTest {

    @Test
    void detectsByDefault() {
        assertEquals(new ContentTypeOptions(true, false), ContentTypeOptions.from(Node.root(Map.of())));
    }

    @Test
    void remembersThatTheDeprecatedAutoDetectWasWritten() {
        assertEquals(new ContentTypeOptions(false, true), ContentTypeOptions.from(Node.root(Map.of("autoDetect", false))));
        assertEquals(new ContentTypeOptions(true, true), ContentTypeOptions.from(Node.root(Map.of("autoDetect", "true"))));
    }

    @Test
    void autoDetectIsABoolean() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> ContentTypeOptions.from(Node.root(Map.of("autoDetect", "sometimes"))));
        assertEquals("autoDetect: expected true or false", e.getMessage());
    }
}
