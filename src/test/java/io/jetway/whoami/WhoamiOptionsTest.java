package io.jetway.whoami;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WhoamiOptionsTest {

    @Test
    void defaults() {
        assertEquals(new WhoamiOptions("127.0.0.1", 8080, ""), WhoamiOptions.parse(new String[0]));
    }

    @Test
    void separateAndJoinedValues() {
        assertEquals(new WhoamiOptions("0.0.0.0", 9000, "blue"),
                WhoamiOptions.parse(new String[] {"--port", "9000", "--name=blue", "--host", "0.0.0.0"}));
    }

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(new String[] {"--port", "abc"}, "--port: invalid port \"abc\""),
                Arguments.of(new String[] {"--port=70000"}, "--port: invalid port \"70000\""),
                Arguments.of(new String[] {"--name"}, "--name: missing value"),
                Arguments.of(new String[] {"--verbose"}, "--verbose: unknown argument; " + WhoamiOptions.USAGE));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void badArgumentsGiveOneLine(String[] args, String message) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> WhoamiOptions.parse(args));

        assertEquals(message, error.getMessage());
    }
}
