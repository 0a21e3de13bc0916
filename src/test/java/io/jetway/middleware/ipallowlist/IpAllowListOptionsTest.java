package io.jetway.middleware.ipallowlist;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpAllowListOptionsTest {

    @Test
    void rejectsWith403AndReadsThePeerByDefault() {
        IpAllowListOptions options = IpAllowListOptions.from(Node.root(Map.of("sourceRange", List.of("10.0.0.0/8", "192.0.2.7"))));

        assertTrue(options.sourceRange().contains("10.1.2.3"));
        assertTrue(options.sourceRange().contains("192.0.2.7"));
        assertFalse(options.sourceRange().contains("192.0.2.8"));
        assertEquals(403, options.rejectStatusCode());
    }

    @Test
    void readsTheRejectStatusCode() {
        assertEquals(404, IpAllowListOptions.from(Node.root(Map.of("sourceRange", List.of("10.0.0.0/8"), "rejectStatusCode", 404)))
                .rejectStatusCode());
    }

    @Test
    void sourceRangeIsRequired() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> IpAllowListOptions.from(Node.root(Map.of("sourceRanges", List.of("10.0.0.0/8")))));
        assertEquals("sourceRange: is required (at least one IP or CIDR) (found unknown key sourceRanges)", e.getMessage());
    }

    @Test
    void aBadRangeNamesItsEntry() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> IpAllowListOptions.from(Node.root(Map.of("sourceRange", List.of("10.0.0.0/8", "not-an-ip")))));
        assertEquals("sourceRange[1]", e.field());
    }

    @Test
    void anUnknownStatusIsNamed() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> IpAllowListOptions.from(Node.root(Map.of("sourceRange", List.of("10.0.0.0/8"), "rejectStatusCode", 599))));
        assertEquals("rejectStatusCode: invalid HTTP status code 599", e.getMessage());
    }

    @Test
    void aNegativeDepthIsNamed() {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class,
                () -> IpAllowListOptions.from(Node.root(Map.of("sourceRange", List.of("10.0.0.0/8"),
                        "ipStrategy", Map.of("depth", -1)))));
        assertEquals("ipStrategy.depth: must not be negative, got -1", e.getMessage());
    }
}
