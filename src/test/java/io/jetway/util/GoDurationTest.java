package io.jetway.util;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "500ms, 500", "1s, 1000", "1.5s, 1500", "1m30s, 90000", "250us, 0", "2h, 7200000", "-1s, -1000", "1ms, 1"})
    void goSyntax(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), GoDuration.parse(text).truncatedTo(ChronoUnit.MILLIS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "ms", "1x", "1.2.3s", "-", "1s2"})
    void invalidGoSyntax(String text) {
        assertThrows(IllegalArgumentException.class, () -> GoDuration.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"30, 30000", "100ms, 100", " 5 , 5000", "-1, -1000"})
    void configTakesBareSecondsToo(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), GoDuration.parseConfig(text));
    }
}
