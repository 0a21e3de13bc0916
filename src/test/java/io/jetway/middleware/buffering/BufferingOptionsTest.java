package io.jetway.middleware.buffering;

import io.jetway.kube.Node;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BufferingOptionsTest {

    private static BufferingOptions parse(Map<String, Object> spec) {
        return BufferingOptions.from(Node.at("spec.buffering", spec));
    }

    private static void rejects(Map<String, Object> spec, String message) {
        Node.InvalidFieldException e = assertThrows(Node.InvalidFieldException.class, () -> parse(spec));
        assertEquals(message, e.getMessage());
    }

    @Test
    void traefiksDefaultsNoLimitsAndOneMebibyteInMemory() {
        assertEquals(new BufferingOptions(0, 1024 * 1024, 0, 1024 * 1024, ""), parse(Map.of()));
    }

    @Test
    void readsEveryOption() {
        assertEquals(new BufferingOptions(5_000_000_000L, 2048, 10, 4096, "IsNetworkError() && Attempts() < 2"),
                parse(Map.of("maxRequestBodyBytes", 5_000_000_000L, "memRequestBodyBytes", "2048",
                        "maxResponseBodyBytes", 10, "memResponseBodyBytes", 4096,
                        "retryExpression", "IsNetworkError() && Attempts() < 2")));
    }

    @Test
    void aRequestMemoryLimitBeyondWhatAnArrayHoldsIsCapped() {
        assertEquals(Integer.MAX_VALUE - 8, parse(Map.of("memRequestBodyBytes", 1L << 40)).memRequestBodyBytes());
    }

    @Test
    void eachBadValueNamesItsField() {
        rejects(Map.of("maxRequestBodyBytes", -1), "spec.buffering.maxRequestBodyBytes: must not be negative, got -1");
        rejects(Map.of("memRequestBodyBytes", "lots"), "spec.buffering.memRequestBodyBytes: expected an integer, got \"lots\"");
        rejects(Map.of("maxResponseBodyBytes", 1.5), "spec.buffering.maxResponseBodyBytes: expected an integer");
        rejects(Map.of("memResponseBodyBytes", 1L << 31), "spec.buffering.memResponseBodyBytes: is too large for memory");
    }
}
