package io.jetway.middleware.chain;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChainOptionsTest {

    @Test
    void anEmptyChainByDefault() {
        assertEquals(List.of(), ChainOptions.from(Node.root(Map.of())).middlewares());
    }

    @Test
    void readsTheMembersInOrderWithTheirFields() {
        ChainOptions options = ChainOptions.from(Node.root(Map.of("middlewares", List.of("b@file", "a@file"))));

        assertEquals(List.of(new ChainOptions.Member("b@file", "middlewares[0]"), new ChainOptions.Member("a@file", "middlewares[1]")),
                options.middlewares());
    }

    @Test
    void anEmptyNameIsNamed() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> ChainOptions.from(Node.root(Map.of("middlewares", List.of("a@file", "")))));
        assertEquals("middlewares[1]: is required", e.getMessage());
    }

    @Test
    void middlewaresIsAList() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> ChainOptions.from(Node.root(Map.of("middlewares", "a@file"))));
        assertEquals("middlewares", e.field());
    }
}
