package io.jetway.kube;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kubernetes label selector syntax against the labels {@code app=web, tier=front}. */
class LabelSelectorTest {

    static final Map<String, String> LABELS = Map.of("app", "web", "tier", "front");

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''                          | true",
        "app=web                     | true",
        "app==web                    | true",
        "app=db                      | false",
        "app!=db                     | true",
        "app!=web                    | false",
        "missing!=x                  | true",
        "app                         | true",
        "!app                        | false",
        "!legacy                     | true",
        "tier in (front, edge)       | true",
        "tier in (edge)              | false",
        "tier notin (edge,back)      | true",
        "missing notin (x)           | true",
        "missing in (x)              | false",
        "app=web,tier in (front,x)   | true",
        "app=web, tier=back          | false",
    })
    void matches(String selector, boolean expected) {
        assertEquals(expected, LabelSelector.parse(selector).matches(LABELS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"app in (a", "=web", "app = = web", "a b"})
    void badSyntaxIsRefusedWithTheRequirement(String selector) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LabelSelector.parse(selector));
        assertTrue(e.getMessage().startsWith("invalid label selector requirement"), e.getMessage());
    }
}
