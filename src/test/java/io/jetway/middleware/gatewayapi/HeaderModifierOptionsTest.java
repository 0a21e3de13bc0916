package io.jetway.middleware.gatewayapi;

import io.jetway.kube.Node;
import io.jetway.middleware.gatewayapi.HeaderModifierOptions.Header;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HeaderModifierOptionsTest {

    private static HeaderModifierOptions parse(Map<String, Object> options) {
        return HeaderModifierOptions.from(Node.at("spec.gatewayRequestHeaderModifier", options));
    }

    private static String error(Map<String, Object> options) {
        return assertThrows(Node.InvalidFieldException.class, () -> parse(options)).getMessage();
    }

    @Test
    void readsTheThreeListsInTheOrderWritten() {
        HeaderModifierOptions options = parse(Map.of(
                "set", List.of(Map.of("name", "X-One", "value", "1"), Map.of("name", "Host", "value", "a.test")),
                "add", List.of(Map.of("name", "X-Two", "value", "2")),
                "remove", List.of("X-Three", "x-four")));

        assertEquals(List.of(new Header("X-One", "1"), new Header("Host", "a.test")), options.set());
        assertEquals(List.of(new Header("X-Two", "2")), options.add());
        assertEquals(List.of("X-Three", "x-four"), options.remove());
    }

    @Test
    void anEmptyFilterChangesNothing() {
        assertEquals(new HeaderModifierOptions(List.of(), List.of(), List.of()), parse(Map.of()));
    }

    @Test
    void anEmptyValueIsAValue() {
        assertEquals(List.of(new Header("X-Empty", "")),
                parse(Map.of("set", List.of(Map.of("name", "X-Empty", "value", "")))).set());
    }

    @Test
    void badEntriesAreNamedByTheirField() {
        assertEquals("spec.gatewayRequestHeaderModifier.set[0].name: is required",
                error(Map.of("set", List.of(Map.of("value", "v")))));
        assertEquals("spec.gatewayRequestHeaderModifier.add[1].value: is required",
                error(Map.of("add", List.of(Map.of("name", "A", "value", "a"), Map.of("name", "B")))));
        assertEquals("spec.gatewayRequestHeaderModifier.remove[0]: invalid header name \"X Bad\"",
                error(Map.of("remove", List.of("X Bad"))));
        assertEquals("spec.gatewayRequestHeaderModifier.set: expected a list",
                error(Map.of("set", Map.of("name", "A", "value", "a"))));
    }

    @Test
    void aValueCannotSmuggleAnotherHeader() {
        assertEquals("spec.gatewayRequestHeaderModifier.set[0].value: control characters are not allowed in a header value",
                error(Map.of("set", List.of(Map.of("name", "X-A", "value", "a\r\nX-Injected: 1")))));
    }
}
