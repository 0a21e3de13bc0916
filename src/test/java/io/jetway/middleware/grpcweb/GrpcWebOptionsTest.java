package io.jetway.middleware.grpcweb;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GrpcWebOptionsTest {

    private static GrpcWebOptions parse(Map<String, Object> spec) {
        return GrpcWebOptions.from(Node.at("spec.grpcWeb", spec));
    }

    @Test
    void noOriginIsAllowedByDefault() {
        assertEquals(new GrpcWebOptions(List.of()), parse(Map.of()));
    }

    @Test
    void readsTheAllowedOrigins() {
        assertEquals(new GrpcWebOptions(List.of("https://app.test", "*")),
                parse(Map.of("allowOrigins", List.of("https://app.test", "*"))));
    }

    @Test
    void anEmptyOriginNamesItsField() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> parse(Map.of("allowOrigins", List.of("https://app.test", ""))));
        assertEquals("spec.grpcWeb.allowOrigins[1]: is required", e.getMessage());
    }

    @Test
    void allowOriginsIsAList() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> parse(Map.of("allowOrigins", "https://app.test")));
        assertEquals("spec.grpcWeb.allowOrigins", e.field());
    }
}
